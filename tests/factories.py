from datetime import date, time

import factory

from demo.reference_data import ensure_reference_data
from intan_wpl.models import Role, User
from learning_needs.models import (
    Cause,
    CauseCategory,
    CauseNature,
    Competency,
    CompetencyGroup,
    FieldSession,
    FollowUp,
    LearningNeed,
    Problem,
    Recommendation,
    SessionKind,
    SessionParticipant,
    SessionSeries,
)
from learning_plans.models import DevelopmentForm, LearningPlan, PlanActivity, PlanStatus
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


# --- Problem map, causes, recommendations, learning needs (issue 4) ---------------------------


def standard_competency(code):
    """A Permen PANRB 38/2017 competency (seeded by migration; restored after a flush)."""
    ensure_reference_data()
    return Competency.objects.get(opd=None, code=code)


def make_field_session(programme_opd, created_by, **fields):
    """A minimal Sesi Pendampingan at `programme_opd` (for citing it from problems and causes)."""
    values = {
        "date": date(2025, 7, 15),
        "start_time": time(9, 0),
        "end_time": time(11, 0),
        "kind": SessionKind.WAWANCARA,
        "topic": "Wawancara layanan",
        **fields,
    }
    return FieldSession.objects.create(programme_opd=programme_opd, created_by=created_by, **values)


class ProblemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Problem

    programme_opd = factory.SubFactory(ProgrammeOpdFactory)
    title = factory.Sequence(lambda n: f"Masalah kinerja uji {n}")
    duty_or_indicator = "Persentase layanan selesai tepat waktu"
    urgency = 3
    seriousness = 3
    growth = 3
    created_by = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause

    problem = factory.SubFactory(ProblemFactory)
    text = factory.Sequence(lambda n: f"Penyebab uji {n}")
    category = CauseCategory.MANUSIA
    nature = CauseNature.KOMPETENSI


class TechnicalCompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    opd = factory.SubFactory(OpdFactory)
    group = CompetencyGroup.TEKNIS
    code = factory.Sequence(lambda n: f"T.UJI.{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi teknis uji {n}")


class LearningNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningNeed

    cause = factory.SubFactory(CauseFactory)
    programme_opd = factory.SelfAttribute("cause.problem.programme_opd")
    competency = factory.LazyFunction(lambda: standard_competency("M.03"))
    required_level = 3
    current_level = 1
    created_by = factory.SelfAttribute("cause.problem.created_by")


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    cause = factory.SubFactory(CauseFactory, nature=CauseNature.NON_KOMPETENSI, category=CauseCategory.METODE)
    action = factory.Sequence(lambda n: f"Susun SOP uji {n}")
    person_in_charge = "Sekretaris Dinas"


# --- Field sessions (Sesi Pendampingan, issue 4) ---------------------------------------------


class FieldSessionFactory(factory.django.DjangoModelFactory):
    """A session at `programme_opd`; pass widyaiswara=[users] to record who was present."""

    class Meta:
        model = FieldSession
        skip_postgeneration_save = True

    programme_opd = factory.SubFactory(ProgrammeOpdFactory)
    date = date(2025, 7, 15)
    start_time = time(9, 0)
    end_time = time(11, 0)
    kind = SessionKind.OBSERVASI
    topic = factory.Sequence(lambda n: f"Sesi uji {n}")
    place = "Ruang rapat"
    created_by = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)

    @factory.post_generation
    def widyaiswara(self, create, extracted, **kwargs):
        if create:
            self.widyaiswara.set(extracted if extracted is not None else [self.created_by])


class SessionParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionParticipant

    session = factory.SubFactory(FieldSessionFactory)
    pegawai = factory.SubFactory(PegawaiFactory, opd=factory.SelfAttribute("..session.programme_opd.opd"))
    attended = True


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    session = factory.SubFactory(FieldSessionFactory)
    action = factory.Sequence(lambda n: f"Tindak lanjut uji {n}")
    person_in_charge = "Kepala Bidang"


class SessionSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSeries

    programme_opd = factory.SubFactory(ProgrammeOpdFactory)
    topic = factory.Sequence(lambda n: f"Rangkaian uji {n}")
    created_by = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)


# --- Learning plans (issue 5) -----------------------------------------------------------------


def development_form(lan_code):
    """A seeded development form (KL01-KL12, NKL01-NKL13; restored after a flush)."""
    ensure_reference_data()
    return DevelopmentForm.objects.get(lan_code=lan_code)


class LearningPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningPlan

    programme_opd = factory.SubFactory(ProgrammeOpdFactory)
    version = 1
    title = factory.Sequence(lambda n: f"Rencana Pembelajaran uji {n}")
    status = PlanStatus.DRAF
    created_by = factory.SubFactory(UserFactory, role=Role.WIDYAISWARA)


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    plan = factory.SubFactory(LearningPlanFactory)
    form = factory.LazyFunction(lambda: development_form("NKL11"))
    title = factory.Sequence(lambda n: f"Kegiatan uji {n}")
    jp = 4
    estimated_cost = 0


# --- Realisation, JP and evaluation (issue 5) -------------------------------------------------


def approved_activity(programme_opd, *, form_code="KL03", jp=4, participants=(), plan=None, **fields):
    """An activity of an approved plan of `programme_opd` (the plan is made when not given)."""
    if plan is None:
        plan = LearningPlan.objects.in_force().filter(programme_opd=programme_opd).first() or LearningPlanFactory(
            programme_opd=programme_opd,
            status=PlanStatus.DISETUJUI,
            version=LearningPlan.objects.filter(programme_opd=programme_opd).count() + 1,
        )
    activity = PlanActivityFactory(plan=plan, form=development_form(form_code), jp=jp, **fields)
    if participants:
        activity.participants.set(participants)
    return activity


def realise(activity, attendees, *, recorded_by=None, start_date=date(2025, 8, 4), end_date=None, **fields):
    """Record a realisation through the service (so JP is credited as the pages credit it)."""
    from learning_records.services.realisation import realisation_record

    return realisation_record(
        activity=activity,
        recorded_by=recorded_by or activity.plan.created_by,
        start_date=start_date,
        end_date=end_date or start_date,
        attendees=list(attendees),
        **fields,
    )
