"""Demo data for realisation, JP, evaluation and the learning-culture survey (seed_demo).

`seed(programme_opds)` runs after the plan seed: at every programme OPD with an approved plan,
about half of the plan's activities (those whose planned dates are past) are realised with
their planned participants as attendees, so JP is credited through the real service; the
first realised activities get Kirkpatrick evaluations; the OPD gets a before and an after
learning-culture survey. Safe to run again: nothing is recorded twice. Without an approved
plan nothing happens.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from insights.models import CultureSurvey, SurveyDimension, SurveyPhase
from insights.services.surveys import culture_survey_save
from learning_plans.models import JpRule, LearningFamily, LearningSettings
from learning_plans.selectors.plans import plan_in_force
from learning_records.models import Evaluation, EvaluationLevel, Realisation
from learning_records.selectors.evaluation import problems_of_activity
from learning_records.services.evaluation import evaluation_create
from learning_records.services.realisation import earlier_realisation, realisation_record
from pilots.models import Assignment, AssignmentRole, Pegawai

FALLBACK_ATTENDEES = 8
EVALUATED_ACTIVITIES = 2
SURVEY_BEFORE = {
    SurveyDimension.DUKUNGAN_PIMPINAN: Decimal("2.80"),
    SurveyDimension.BERBAGI_PENGETAHUAN: Decimal("2.60"),
    SurveyDimension.WAKTU_BELAJAR: Decimal("2.10"),
    SurveyDimension.PENERAPAN: Decimal("2.90"),
    SurveyDimension.INISIATIF: Decimal("2.40"),
}
SURVEY_GAIN = {
    SurveyDimension.DUKUNGAN_PIMPINAN: Decimal("0.90"),
    SurveyDimension.BERBAGI_PENGETAHUAN: Decimal("1.10"),
    SurveyDimension.WAKTU_BELAJAR: Decimal("0.60"),
    SurveyDimension.PENERAPAN: Decimal("0.80"),
    SurveyDimension.INISIATIF: Decimal("0.70"),
}


def _programme_opds(programme_opds):
    return list(programme_opds.values()) if isinstance(programme_opds, dict) else list(programme_opds)


def _recorder(programme_opd):
    """The ketua Widyaiswara records (any assigned Widyaiswara when there is no ketua)."""
    assignments = Assignment.objects.filter(programme_opd=programme_opd).select_related("widyaiswara")
    assignment = (
        assignments.filter(role=AssignmentRole.KETUA).first() or assignments.order_by("widyaiswara__full_name").first()
    )
    return assignment.widyaiswara if assignment else None


def _realise(programme_opd, plan, recorder, settings, today):
    realised = []
    activities = list(plan.activities.select_related("form", "plan__programme_opd").order_by("start_date", "pk"))
    for activity in activities[: (len(activities) + 1) // 2]:
        existing = Realisation.objects.filter(activity=activity).first()
        if existing is not None:
            realised.append((activity, existing))
            continue
        if earlier_realisation(activity) is not None:
            continue
        start = activity.start_date or programme_opd.programme.start_date
        end = activity.end_date or start
        if end > today or start > end:
            continue
        attendees = list(activity.participants.all()) or list(
            Pegawai.objects.filter(opd=programme_opd.opd_id, is_active=True).order_by("name", "nip")[
                :FALLBACK_ATTENDEES
            ]
        )
        if not attendees:
            continue
        duration = None
        if activity.form.jp_rule == JpRule.BY_DURATION:
            duration = max(int(Decimal(activity.jp or 2) * settings.minutes_per_jp), 90)
        certificate = ""
        if activity.form.family == LearningFamily.FORMAL:
            certificate = f"{programme_opd.opd.short_name}/WPL/{end.year}/{activity.pk:04d}"
        realisation = realisation_record(
            activity=activity,
            recorded_by=recorder,
            start_date=start,
            end_date=end,
            attendees=attendees,
            duration_minutes=duration,
            certificate_number=certificate,
            notes="Dilaksanakan sesuai rencana; daftar hadir ditandatangani peserta.",
        )
        realised.append((activity, realisation))
    return realised


def _evaluate(realised, recorder, today):
    for index, (activity, realisation) in enumerate(realised[:EVALUATED_ACTIVITIES]):
        if Evaluation.objects.filter(activity=activity).exists():
            continue
        attendees = realisation.credits.count()
        evaluation_create(
            activity=activity,
            level=EvaluationLevel.REACTION,
            recorded_by=recorder,
            respondents=attendees,
            score=Decimal("4.30") - Decimal(index) / 5,
            notes="Peserta menilai materi langsung dapat dipakai dalam pekerjaan.",
        )
        evaluation_create(
            activity=activity,
            level=EvaluationLevel.LEARNING,
            recorded_by=recorder,
            respondents=attendees,
            pre_score=Decimal("58.50") + index * 4,
            score=Decimal("78.00") + index * 3,
        )
        problems = problems_of_activity(activity)
        indicator = problems[0].duty_or_indicator if problems else activity.rhk_indicator
        if not indicator:
            continue
        due = realisation.end_date + timedelta(days=60)
        measured = index == 0 and due <= today
        evaluation_create(
            activity=activity,
            level=EvaluationLevel.BEHAVIOUR,
            recorded_by=recorder,
            indicator=indicator,
            baseline=problems[0].indicator_baseline if problems else "",
            target=activity.success_measure or "Naik 15 poin persen dari kondisi awal",
            due_date=due,
            result="Naik 12 poin persen dari kondisi awal" if measured else "",
            measured_at=due if measured else None,
        )


def _varied(score, programme_opd, dimension, salt=1):
    """The demo's scores differ a little per OPD and dimension (deterministic, within ±0.3)."""
    key = sum(ord(ch) for ch in f"{programme_opd.opd.name}{dimension.value}{salt}")
    return max(Decimal("1.00"), score + Decimal((key % 7) - 3) / 10)


def _survey(programme_opd, recorder, today):
    programme = programme_opd.programme
    before_date = programme.start_date + timedelta(days=7)
    after_date = min(programme.end_date, today)
    staff = Pegawai.objects.filter(opd=programme_opd.opd_id, is_active=True).count()
    respondents = max(min(staff, 40), 1)
    existing = set(CultureSurvey.objects.filter(programme_opd=programme_opd).values_list("phase", flat=True))
    if SurveyPhase.SEBELUM not in existing and before_date <= today:
        culture_survey_save(
            programme_opd=programme_opd,
            phase=SurveyPhase.SEBELUM,
            held_on=before_date,
            respondents=respondents,
            scores={d.value: _varied(score, programme_opd, d) for d, score in SURVEY_BEFORE.items()},
            recorded_by=recorder,
        )
    if SurveyPhase.SESUDAH not in existing and programme.end_date <= today and after_date > before_date:
        culture_survey_save(
            programme_opd=programme_opd,
            phase=SurveyPhase.SESUDAH,
            held_on=after_date,
            respondents=respondents,
            scores={
                d.value: min(
                    _varied(SURVEY_BEFORE[d], programme_opd, d) + _varied(SURVEY_GAIN[d], programme_opd, d, 2),
                    Decimal(5),
                )
                for d in SurveyDimension
            },
            recorded_by=recorder,
        )


def seed(programme_opds):
    """Realise part of each approved plan, evaluate it and survey the OPD (idempotent)."""
    settings = LearningSettings.load()
    today = timezone.localdate()
    for programme_opd in _programme_opds(programme_opds):
        recorder = _recorder(programme_opd)
        if recorder is None:
            continue
        # The culture survey is about the OPD, whatever stage its plan has reached.
        _survey(programme_opd, recorder, today)
        plan = plan_in_force(programme_opd)
        if plan is None:
            continue
        realised = _realise(plan.programme_opd, plan, recorder, settings, today)
        _evaluate(realised, recorder, today)
