"""Demo data of the civil servants' own side (issue 14): Pegawai accounts on the DPK roster
(the NIP as username, the demo password), a learning journal with one entry validated by the
atasan langsung and one waiting, and the culture questionnaire of DPK answered by more people
than the minimum n, so its index shows; the first account has not answered it yet.

Runs after the realisation seed; safe to run again (nothing is recorded twice)."""

import random
from datetime import date
from decimal import Decimal

from demo.builders.registry import DEMO_PASSWORD
from insights.models import CultureParticipation, CultureQuestion, CultureRound, SurveyDimension, SurveyPhase
from insights.services.culture_questionnaire import culture_response_submit, culture_round_open
from intan_wpl.models import Role, User
from learning_plans.models import DevelopmentForm, LearningSettings
from learning_records.models import JournalEntry
from learning_records.services.journal import journal_entry_create, journal_entry_decide
from pilots.models import Assignment, AssignmentRole, Pegawai

OPD = "DPK"
ACCOUNTS = 8  # the atasan, the demo Pegawai and six colleagues
# (title, date, hours, what was learned, validated by the atasan)
JOURNAL = [
    ("Coaching menyusun telaahan staf", date(2025, 9, 2), Decimal(2), "Struktur telaahan staf dan saran tindak.", True),
    ("Berbagi pengetahuan: katalogisasi RDA", date(2025, 9, 16), Decimal("1.5"), "Aturan RDA untuk buku lokal.", False),
]
# A gentle lean per dimension, so the demo index is not flat.
LEAN = {
    SurveyDimension.DUKUNGAN_PIMPINAN: 0,
    SurveyDimension.BERBAGI_PENGETAHUAN: 1,
    SurveyDimension.WAKTU_BELAJAR: -1,
    SurveyDimension.PENERAPAN: 0,
    SurveyDimension.INISIATIF: 1,
}


def demo_pegawai(programme_opds):
    """The DPK staff who get an account, the atasan first (a stable order: by NIP)."""
    opd = programme_opds[OPD].opd
    return list(Pegawai.objects.filter(opd=opd, is_active=True).order_by("unit__name", "nip")[:ACCOUNTS])


def _account(pegawai):
    user, _ = User.objects.update_or_create(
        username=pegawai.nip,
        defaults={"full_name": pegawai.name, "role": Role.PEGAWAI, "is_active": True, "nip": pegawai.nip},
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    if pegawai.account_id != user.pk:
        pegawai.account = user
        pegawai.save(update_fields=["account"])
    return user


def _journal(author, atasan):
    form = DevelopmentForm.objects.get(lan_code="NKL01")
    for title, day, hours, learned, validated in JOURNAL:
        if JournalEntry.objects.filter(pegawai=author, title=title).exists():
            continue
        entry = journal_entry_create(pegawai=author, form=form, title=title, date=day, hours=hours, learned=learned)
        if validated:
            journal_entry_decide(entry=entry, actor=atasan.account, validate=True)


def _questionnaire(programme_opd, respondents):
    ketua = Assignment.objects.filter(programme_opd=programme_opd, role=AssignmentRole.KETUA).first()
    round_ = CultureRound.objects.filter(programme_opd=programme_opd, phase=SurveyPhase.SEBELUM).first()
    if round_ is None:
        round_ = culture_round_open(programme_opd=programme_opd, phase=SurveyPhase.SEBELUM, opened_by=ketua.widyaiswara)
    rng = random.Random("kuesioner-budaya-DPK")  # noqa: S311 - demo data, not security
    questions = list(CultureQuestion.objects.filter(active=True))
    for pegawai in respondents:
        values = {q.pk: min(5, max(1, rng.choice([2, 3, 3, 4, 4]) + LEAN[q.dimension])) for q in questions}
        if CultureParticipation.objects.filter(round=round_, pegawai=pegawai).exists():
            continue
        culture_response_submit(round=round_, pegawai=pegawai, values=values)


def seed(programme_opds):
    people = demo_pegawai(programme_opds)
    atasan, demo_person, *colleagues = people
    for pegawai in people:
        _account(pegawai)
    for pegawai in (demo_person, *colleagues):
        if pegawai.supervisor_id != atasan.pk:
            pegawai.supervisor = atasan
            pegawai.save(update_fields=["supervisor"])
    _journal(demo_person, atasan)
    # More answers than the minimum n, without the demo Pegawai (who finds it open on their page).
    respondents = [atasan, *colleagues][: max(LearningSettings.load().culture_min_respondents + 1, 6)]
    _questionnaire(programme_opds[OPD], respondents)
    return people
