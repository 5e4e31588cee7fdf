"""Writes of the learning-culture questionnaire the Pegawai answer themselves: the admin or the
assigned Widyaiswara opens and closes a round per programme OPD and phase; a Pegawai of that OPD
answers it once, anonymously (the answers and the "has answered" record are not linked)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insights.models import (
    CultureAnswer,
    CultureParticipation,
    CultureQuestion,
    CultureResponse,
    CultureRound,
    SurveyPhase,
)
from insights.selectors.culture_questionnaire import can_manage_rounds
from intan_wpl.likert import check_likert_answers, record_answered_once


@transaction.atomic
def culture_round_open(*, programme_opd, phase, opened_by):
    """Open (or reopen) the questionnaire of `programme_opd` for `phase`."""
    if not can_manage_rounds(opened_by, programme_opd):
        raise PermissionDenied
    phase = SurveyPhase(phase)
    round_ = CultureRound.objects.select_for_update().filter(programme_opd=programme_opd, phase=phase).first()
    if round_ is None:
        round_ = CultureRound(programme_opd=programme_opd, phase=phase, opened_by=opened_by)
    if phase == SurveyPhase.SESUDAH:
        before = CultureRound.objects.filter(programme_opd=programme_opd, phase=SurveyPhase.SEBELUM).first()
        if before is not None and before.is_open:
            raise ValidationError(_("Tutup dulu kuesioner sebelum pendampingan."))
    round_.is_open = True
    round_.opened_on = timezone.localdate()
    round_.closed_on = None
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def culture_round_close(*, round, closed_by):
    if not can_manage_rounds(closed_by, round.programme_opd):
        raise PermissionDenied
    round_ = CultureRound.objects.select_for_update().get(pk=round.pk)
    if not round_.is_open:
        raise ValidationError(_("Kuesioner ini sudah ditutup."))
    round_.is_open = False
    round_.closed_on = timezone.localdate()
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def culture_response_submit(*, round, pegawai, values):
    """Store one anonymous response of `pegawai` to `round` (`values`: {question id: 1-5} for
    every active item) and record that they answered, so a second answer is refused."""
    round_ = CultureRound.objects.select_for_update().get(pk=round.pk)
    if not round_.is_open:
        raise ValidationError(_("Kuesioner ini sudah ditutup."))
    if pegawai.opd_id != round_.programme_opd.opd_id or not pegawai.is_active:
        raise PermissionDenied
    questions = list(CultureQuestion.objects.filter(active=True))
    check_likert_answers(questions, values)
    record_answered_once(
        CultureParticipation(round=round_, pegawai=pegawai, answered_on=timezone.localdate()),
        _("Anda sudah mengisi kuesioner ini."),
    )
    response = CultureResponse.objects.create(round=round_)
    answers = [CultureAnswer(response=response, question=q, value=int(values[q.pk])) for q in questions]
    for answer in answers:
        answer.full_clean(exclude=["response"], validate_constraints=False)
    CultureAnswer.objects.bulk_create(answers)
    return response
