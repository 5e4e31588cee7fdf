from datetime import date

import factory

from intan_wpl.models import Role, User
from pilots.domain import JabatanKind
from pilots.models import (
    Assignment,
    AssignmentRole,
    Opd,
    OpdKind,
    Pegawai,
    Programme,
    ProgrammeOpd,
    UnitKerja,
    WidyaiswaraJenjang,
    WidyaiswaraProfile,
)


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


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    opd = factory.SubFactory(OpdFactory)
    name = factory.Sequence(lambda n: f"Bidang Uji {n}")


def valid_nip(n, *, gender="1", employment_type="pns"):
    """A NIP that passes parse_nip: born 1985-01-01 plus n days' worth of variety, TMT 2010."""
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    serial = n % 1000
    middle = "201003" if employment_type == "pns" else "202199"
    return f"1985{month:02d}{day:02d}{middle}{gender}{serial:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    opd = factory.SubFactory(OpdFactory)
    nip = factory.Sequence(lambda n: valid_nip(n))
    name = factory.Faker("name", locale="id_ID")
    jabatan = "Analis Kebijakan Ahli Pertama"
    jabatan_kind = JabatanKind.AHLI_PERTAMA
    golongan = "III/a"
    gender = "L"


class WidyaiswaraProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WidyaiswaraProfile

    user = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)
    jenjang = WidyaiswaraJenjang.AHLI_MADYA
    expertise = "Manajemen kinerja, coaching"
