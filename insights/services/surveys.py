"""Writes of the learning-culture survey: the before and after survey of a programme OPD with
an average score 1-5 for each dimension."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.models import CultureSurvey, CultureSurveyScore, SurveyDimension, SurveyPhase

# --- Learning-culture survey ---------------------------------------------------------------


@transaction.atomic
def culture_survey_save(*, programme_opd, phase, held_on, respondents, scores, recorded_by):
    """Record (or correct) the before or after survey of a programme OPD: respondents and an
    average score 1-5 for every SurveyDimension (`scores`: {dimension: Decimal})."""
    phase = SurveyPhase(phase)
    errors = {}
    missing = [d for d in SurveyDimension.values if scores.get(d) is None]
    for dimension in missing:
        errors[f"score_{dimension}"] = [_("Isi skor dimensi ini (1–5).")]
    for dimension, score in scores.items():
        if dimension not in SurveyDimension.values:
            raise ValidationError(_("Dimensi survei tidak dikenal."))
        if score is not None and not Decimal(1) <= Decimal(score) <= Decimal(5):
            errors[f"score_{dimension}"] = [_("Skor rata-rata antara 1 dan 5.")]
    if respondents is None or respondents < 1:
        errors["respondents"] = [_("Minimal satu responden.")]
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = [_("Tanggal survei belum lewat.")]
    other_phase = SurveyPhase.SESUDAH if phase == SurveyPhase.SEBELUM else SurveyPhase.SEBELUM
    other = CultureSurvey.objects.filter(programme_opd=programme_opd, phase=other_phase).first()
    if other and held_on and "held_on" not in errors:
        if phase == SurveyPhase.SESUDAH and held_on < other.held_on:
            errors["held_on"] = [
                _("Survei sesudah tidak boleh sebelum survei sebelum pendampingan (%(date)s).")
                % {"date": other.held_on.strftime("%d-%m-%Y")}
            ]
        if phase == SurveyPhase.SEBELUM and held_on > other.held_on:
            errors["held_on"] = [
                _("Survei sebelum tidak boleh sesudah survei sesudah pendampingan (%(date)s).")
                % {"date": other.held_on.strftime("%d-%m-%Y")}
            ]

    survey = CultureSurvey.objects.select_for_update().filter(programme_opd=programme_opd, phase=phase).first()
    if survey is None:
        survey = CultureSurvey(programme_opd=programme_opd, phase=phase, recorded_by=recorded_by)
    survey.held_on = held_on
    survey.respondents = respondents
    try:
        survey.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            survey.save()
    except IntegrityError:
        raise ValidationError(_("Survei tahap ini baru saja dicatat orang lain: muat ulang halaman.")) from None
    existing = {score.dimension: score for score in survey.scores.all()}
    for dimension, value in scores.items():
        row = existing.get(dimension) or CultureSurveyScore(survey=survey, dimension=dimension)
        row.score = Decimal(value)
        row.full_clean()
        row.save()
    return survey
