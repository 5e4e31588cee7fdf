"""A crafted dataset for the dashboard, duplicate finder and data pack tests (issue 6).

Programme "Pilot INTAN-WPL Uji" (the conftest `programme`) with OPD A (evaluation recorded),
OPD B (plan approved, nothing realised) and OPD C (one session); another, finished programme
with OPD D.
Every number the tests expect is counted again in the tests themselves, independently.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from insights.models import CultureSurvey, CultureSurveyScore, SurveyDimension, SurveyPhase
from learning_needs.models import (
    Cause,
    Competency,
    CompetencyGroup,
    FieldSession,
    FollowUp,
    LearningNeed,
    Problem,
    Recommendation,
    SessionKind,
    SessionParticipant,
)
from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from learning_records.models import Evaluation, JpCredit, Realisation
from pilots.models import AssignmentRole, ProgrammeStatus
from tests.factories import (
    AssignmentFactory,
    OpdFactory,
    PegawaiFactory,
    ProgrammeFactory,
    ProgrammeOpdFactory,
    development_form,
    standard_competency,
)

YEAR = 2025


@dataclass
class Dataset:
    programme: object
    other_programme: object
    po_a: object
    po_b: object
    po_c: object
    po_d: object
    staff: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)
    activities: dict = field(default_factory=dict)
    plans: dict = field(default_factory=dict)


def session(po, recorder, day, *, topic="Observasi layanan", follow_ups=()):
    record = FieldSession.objects.create(
        programme_opd=po,
        date=day,
        start_time=time(9, 0),
        end_time=time(11, 0),
        kind=SessionKind.OBSERVASI,
        topic=topic,
        findings="Temuan uji",
        created_by=recorder,
    )
    for action, done in follow_ups:
        FollowUp.objects.create(session=record, action=action, done=done)
    return record


def problem(po, recorder, title, causes):
    record = Problem.objects.create(
        programme_opd=po,
        title=title,
        duty_or_indicator="IKI ketepatan waktu layanan",
        urgency=4,
        seriousness=4,
        growth=3,
        created_by=recorder,
    )
    made = [
        Cause.objects.create(problem=record, text=text, category="manusia", nature=nature) for text, nature in causes
    ]
    return record, made


def need(po, cause, competency, recorder, *, targets=()):
    record = LearningNeed.objects.create(
        programme_opd=po,
        cause=cause,
        competency=competency,
        required_level=3,
        current_level=1,
        target_positions="Pelaksana",
        created_by=recorder,
    )
    record.target_staff.set(targets)
    return record


def activity(plan, code, title, jp, *, participants=(), cost=0, needs=()):
    record = PlanActivity.objects.create(
        plan=plan,
        form=development_form(code),
        title=title,
        jp=Decimal(jp),
        estimated_cost=Decimal(cost),
    )
    record.participants.set(participants)
    record.needs.set(needs)
    return record


def realise(activity_record, recorder, end, credits):
    realisation = Realisation.objects.create(
        activity=activity_record, start_date=end, end_date=end, recorded_by=recorder
    )
    for pegawai, jp in credits:
        JpCredit.objects.create(
            realisation=realisation, pegawai=pegawai, year=end.year, jp=Decimal(jp), jp_before_cap=Decimal(jp)
        )
    return realisation


def technical(opd, code, name):
    return Competency.objects.create(group=CompetencyGroup.TEKNIS, code=code, name=name, opd=opd)


def build(*, programme, po_a, po_b, recorder, recorder_b):
    """The dashboard dataset. `recorder` is Widyaiswara A (ketua at A), `recorder_b` at B."""
    po_c = ProgrammeOpdFactory(programme=programme, opd=OpdFactory(name="Dinas Ketiga Uji", abbreviation="DTU"))
    AssignmentFactory(programme_opd=po_c, widyaiswara=recorder, role=AssignmentRole.ANGGOTA)
    other = ProgrammeFactory(name="Pilot Lama Uji", status=ProgrammeStatus.SELESAI)
    po_d = ProgrammeOpdFactory(programme=other, opd=OpdFactory(name="Dinas Lama Uji", abbreviation="DLU"))
    data = Dataset(programme, other, po_a, po_b, po_c, po_d)
    komunikasi = standard_competency("M.03")

    # OPD A: four active staff and one who left.
    for n in range(1, 5):
        data.staff[f"a{n}"] = PegawaiFactory(opd=po_a.opd, name=f"Pegawai A{n}", nip=f"19850{n}012010031{n:03d}")
    data.staff["a5"] = PegawaiFactory(opd=po_a.opd, name="Pegawai A5", nip="198506012010031005", is_active=False)
    for n in range(1, 4):
        data.staff[f"b{n}"] = PegawaiFactory(opd=po_b.opd, name=f"Pegawai B{n}", nip=f"19860{n}012010032{n:03d}")
    a1, a2, a3, a4 = (data.staff[f"a{n}"] for n in range(1, 5))
    b1, b2, b3 = (data.staff[f"b{n}"] for n in range(1, 4))

    first = session(po_a, recorder, date(2025, 7, 10), follow_ups=[("Kirim SOP", False)])
    SessionParticipant.objects.create(session=first, pegawai=a1)
    session(po_a, recorder, date(2025, 8, 5), follow_ups=[("Jadwalkan FGD", False), ("Kumpulkan data", True)])
    session(po_a, recorder, date(2025, 9, 20), follow_ups=[("Evaluasi awal", False)])
    _p1, (c1, c2) = problem(
        po_a,
        recorder,
        "Layanan arsip lambat",
        [("Pegawai belum menguasai arsip digital", "kompetensi"), ("SOP belum ada", "non_kompetensi")],
    )
    Recommendation.objects.create(cause=c2, action="Susun SOP layanan arsip")
    _p2, (c3,) = problem(po_a, recorder, "Keluhan layanan informasi", [("Komunikasi kurang jelas", "kompetensi")])
    data.needs["n1"] = need(
        po_a, c1, technical(po_a.opd, "T.01", "Pengelolaan arsip digital"), recorder, targets=[a1, a2]
    )
    data.needs["n2"] = need(po_a, c3, komunikasi, recorder, targets=[a3])
    plan_a = LearningPlan.objects.create(
        programme_opd=po_a,
        title="Rencana A",
        status=PlanStatus.DISETUJUI,
        approved_at=datetime(2025, 8, 1, 2, 0, tzinfo=UTC),
        created_by=recorder,
    )
    data.plans["a"] = plan_a
    data.activities["x1"] = activity(
        plan_a, "NKL01", "Coaching penyusunan laporan kinerja", 4, participants=[a1, a2, a3], needs=[data.needs["n1"]]
    )
    data.activities["x2"] = activity(
        plan_a,
        "KL02",
        "Pelatihan komunikasi publik untuk pelayanan",
        8,
        participants=[a1, a2],
        cost=5_000_000,
        needs=[data.needs["n2"]],
    )
    data.activities["x3"] = activity(
        plan_a, "NKL13", "Penugasan proyek digitalisasi arsip", 16, participants=[a1, a2, a4], cost=1_500_000
    )
    data.activities["x4"] = activity(plan_a, "NKL02", "Mentoring analisis kebijakan", 2)
    realise(data.activities["x1"], recorder, date(2025, 8, 20), [(a1, 4), (a2, 4), (a3, 4)])
    realise(data.activities["x3"], recorder, date(2025, 9, 25), [(a1, 16), (a2, 16)])
    Evaluation.objects.create(activity=data.activities["x1"], level=1, respondents=3, score=4, recorded_by=recorder)
    survey = CultureSurvey.objects.create(
        programme_opd=po_a, phase=SurveyPhase.SEBELUM, held_on=date(2025, 7, 11), respondents=4, recorded_by=recorder
    )
    CultureSurveyScore.objects.create(survey=survey, dimension=SurveyDimension.DUKUNGAN_PIMPINAN, score=Decimal("3.5"))

    # OPD B: plan approved (in force), a similar communication training not held yet.
    session(po_b, recorder_b, date(2025, 8, 12))
    _p3, (c4,) = problem(po_b, recorder_b, "Pengaduan tidak terjawab", [("Petugas kurang komunikatif", "kompetensi")])
    data.needs["n3"] = need(po_b, c4, komunikasi, recorder_b, targets=[b1, b2, b3])
    plan_b = LearningPlan.objects.create(
        programme_opd=po_b,
        title="Rencana B",
        status=PlanStatus.DISETUJUI,
        approved_at=datetime(2025, 8, 20, 2, 0, tzinfo=UTC),
        created_by=recorder_b,
    )
    data.plans["b"] = plan_b
    data.activities["y1"] = activity(
        plan_b,
        "KL02",
        "Pelatihan komunikasi publik dalam pelayanan",
        8,
        participants=[b1, b2, b3],
        cost=6_000_000,
        needs=[data.needs["n3"]],
    )

    # OPD C: one session only. OPD D (finished programme): one session.
    session(po_c, recorder, date(2025, 7, 30))
    session(po_d, recorder, date(2024, 9, 1))
    return data


def build_with_duplicates(*, programme, po_a, po_b, recorder, recorder_b):
    """The dashboard dataset plus a plan and needs at OPD C and a second technical need at B, so
    that the duplicate finder has three groups to find and three near misses to leave alone."""
    data = build(programme=programme, po_a=po_a, po_b=po_b, recorder=recorder, recorder_b=recorder_b)
    c1, c2 = (PegawaiFactory(opd=data.po_c.opd, nip=f"19870{n}012010033{n:03d}") for n in (1, 2))
    plan_c = LearningPlan.objects.create(
        programme_opd=data.po_c,
        title="Rencana C",
        status=PlanStatus.DISETUJUI,
        approved_at=datetime(2025, 9, 1, 2, 0, tzinfo=UTC),
        created_by=recorder,
    )
    data.plans["c"] = plan_c
    # A's mentoring in other words (not realised): a group.
    data.activities["z_mentoring"] = activity(
        plan_c, "NKL02", "Mentoring penyusunan analisis kebijakan", 2, participants=[c1, c2], cost=750_000
    )
    # Similar to A's project, but that one is realised already: no group.
    data.activities["z_project"] = activity(plan_c, "NKL13", "Proyek digitalisasi arsip dinas", 10, participants=[c1])
    # Below the threshold against A's coaching (0.28).
    data.activities["z_coaching"] = activity(plan_c, "NKL01", "Coaching pelayanan pasien", 4, participants=[c2])
    # Technical needs with similar names in two dictionaries: a needs-only group.
    _problem_b, (cause_b,) = problem(po_b, recorder_b, "Arsip tercecer", [("Arsip belum digital", "kompetensi")])
    data.needs["nb_arsip"] = need(po_b, cause_b, technical(po_b.opd, "T.B1", "Pengelolaan arsip digital"), recorder_b)
    _problem_c, (cause_c,) = problem(data.po_c, recorder, "Arsip lambat dicari", [("Arsip manual", "kompetensi")])
    data.needs["nc_arsip"] = need(
        data.po_c, cause_c, technical(data.po_c.opd, "T.C1", "Pengelolaan arsip elektronik"), recorder
    )
    return data
