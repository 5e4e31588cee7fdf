"""Writes of the reaction evaluation (Kirkpatrick level 1): an attendee of a realised activity
rates it once, anonymously (the answers and the "has answered" record are not linked)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intan_wpl.likert import check_likert_answers, record_answered_once
from learning_records.models import (
    JpCredit,
    ReactionAnswer,
    ReactionParticipation,
    ReactionQuestion,
    ReactionResponse,
)


@transaction.atomic
def reaction_submit(*, realisation, pegawai, values, comment=""):
    """Store one anonymous reaction of `pegawai` to `realisation` (`values`: {question id: 1-5}
    for every active item, `comment` optional) and record that they answered."""
    if not JpCredit.objects.filter(realisation=realisation, pegawai=pegawai).exists():
        raise PermissionDenied
    questions = list(ReactionQuestion.objects.filter(active=True))
    check_likert_answers(questions, values)
    record_answered_once(
        ReactionParticipation(realisation=realisation, pegawai=pegawai, answered_on=timezone.localdate()),
        _("Anda sudah mengisi evaluasi kegiatan ini."),
    )
    response = ReactionResponse(realisation=realisation, comment=(comment or "").strip())
    response.full_clean()
    response.save()
    answers = [ReactionAnswer(response=response, question=q, value=int(values[q.pk])) for q in questions]
    for answer in answers:
        answer.full_clean(exclude=["response"], validate_constraints=False)
    ReactionAnswer.objects.bulk_create(answers)
    return response
