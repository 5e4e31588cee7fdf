"""Kirkpatrick evaluation of realised activities (PRODUCT.md step 9).

Level 1 (reaction): respondents and an average score 1-5. Level 2 (learning): pre- and
post-test scores 0-100. Levels 3 (behaviour) and 4 (results): a follow-up of the problem's own
indicator from its baseline to a target by a due date, then the measured result."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from learning_records.models import Evaluation, EvaluationLevel, Realisation

LEVEL_FIELDS = {
    EvaluationLevel.REACTION: ("respondents", "score", "notes"),
    EvaluationLevel.LEARNING: ("respondents", "pre_score", "score", "notes"),
    EvaluationLevel.BEHAVIOUR: ("indicator", "baseline", "target", "due_date", "result", "measured_at", "notes"),
    EvaluationLevel.RESULTS: ("indicator", "baseline", "target", "due_date", "result", "measured_at", "notes"),
}
ALL_FIELDS = sorted({name for names in LEVEL_FIELDS.values() for name in names})
TEXT_FIELDS = ("indicator", "baseline", "target", "result", "notes")


def _required(errors, evaluation, names):
    for name in names:
        value = getattr(evaluation, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.setdefault(name, []).append(_("Wajib diisi untuk level ini."))


def _validate(evaluation, realisation):
    errors = {}
    level = evaluation.level
    if level == EvaluationLevel.REACTION:
        _required(errors, evaluation, ("respondents", "score"))
        if evaluation.score is not None and not Decimal(1) <= evaluation.score <= Decimal(5):
            errors.setdefault("score", []).append(_("Skor reaksi rata-rata antara 1 dan 5."))
    elif level == EvaluationLevel.LEARNING:
        _required(errors, evaluation, ("respondents", "pre_score", "score"))
        for name in ("pre_score", "score"):
            value = getattr(evaluation, name)
            if value is not None and not Decimal(0) <= value <= Decimal(100):
                errors.setdefault(name, []).append(_("Nilai tes antara 0 dan 100."))
    else:
        _required(errors, evaluation, ("indicator", "target", "due_date"))
        if evaluation.result.strip() and not evaluation.measured_at:
            errors.setdefault("measured_at", []).append(_("Isi tanggal pengukuran hasil."))
        if evaluation.measured_at and not evaluation.result.strip():
            errors.setdefault("result", []).append(_("Isi hasil yang terukur pada tanggal itu."))
        today = timezone.localdate()
        if evaluation.measured_at and evaluation.measured_at > today:
            errors.setdefault("measured_at", []).append(_("Tanggal pengukuran belum lewat."))
        if evaluation.measured_at and evaluation.measured_at < realisation.start_date:
            errors.setdefault("measured_at", []).append(_("Pengukuran tidak mungkin sebelum kegiatan dimulai."))
        if evaluation.due_date and evaluation.due_date < realisation.end_date:
            errors.setdefault("due_date", []).append(
                _("Tenggat pengukuran paling cepat pada hari kegiatan selesai (%(date)s).")
                % {"date": realisation.end_date.strftime("%d-%m-%Y")}
            )
    if evaluation.respondents is not None and evaluation.respondents < 1 and level in (1, 2):
        errors.setdefault("respondents", []).append(_("Minimal satu responden."))
    if evaluation.respondents and level in (1, 2) and "respondents" not in errors:
        # Every attendee is credited (learning_records.services.realisation): more respondents
        # than credits means a typing error, not a survey.
        attendees = realisation.credits.count()
        if evaluation.respondents > attendees:
            errors.setdefault("respondents", []).append(
                _("Responden (%(respondents)s) tidak mungkin lebih banyak dari peserta yang hadir (%(attendees)s).")
                % {"respondents": evaluation.respondents, "attendees": attendees}
            )
    try:
        evaluation.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _apply(evaluation, fields):
    for name in LEVEL_FIELDS[evaluation.level]:
        if name in fields:
            value = fields[name]
            if name in TEXT_FIELDS:
                value = (value or "").strip()
            setattr(evaluation, name, value)


@transaction.atomic
def evaluation_create(*, activity, level, recorded_by, **fields):
    """Add an evaluation of `level` to a realised activity."""
    level = EvaluationLevel(int(level))
    realisation = Realisation.objects.filter(activity=activity).first()
    if realisation is None:
        raise ValidationError(_("Kegiatan ini belum direalisasikan: catat realisasinya dulu sebelum evaluasi."))
    evaluation = Evaluation(activity=activity, level=level, recorded_by=recorded_by)
    _apply(evaluation, fields)
    _validate(evaluation, realisation)
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_update(*, evaluation, **fields):
    realisation = Realisation.objects.get(activity_id=evaluation.activity_id)
    _apply(evaluation, fields)
    _validate(evaluation, realisation)
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_delete(*, evaluation):
    evaluation.delete()
