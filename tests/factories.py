from datetime import date

import factory

from intan_wpl.models import Role, User
from pilots.models import Assignment, AssignmentRole, Opd, OpdKind, Programme, ProgrammeOpd


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.WIDYAISWARA
    password = factory.django.Password("Rahasia-123")


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    abbreviation = factory.Sequence(lambda n: f"DU{n}")
    kind = OpdKind.DINAS


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Pilot Uji {n}")
    start_date = date(2025, 7, 1)
    end_date = date(2025, 9, 30)


class ProgrammeOpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeOpd

    programme = factory.SubFactory(ProgrammeFactory)
    opd = factory.SubFactory(OpdFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    programme_opd = factory.SubFactory(ProgrammeOpdFactory)
    widyaiswara = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)
    role = AssignmentRole.ANGGOTA
