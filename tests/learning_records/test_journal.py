"""The learning journal: a Pegawai records on-the-job learning with evidence, their atasan langsung
validates (JP by the form's rule, into the ledger, the SIASN export and the dashboard's realised
70:20:10) or returns it with a comment; nobody validates their own entry or opens another's."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intan_wpl.models import Role
from learning_records.models import JournalEntry, JournalStatus, JpCredit
from learning_records.services.exports import jp_export
from learning_records.services.journal import journal_entry_create, journal_entry_decide
from tests.factories import PegawaiFactory, UserFactory, development_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% catatan coaching\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_account(pegawai):
    pegawai.account = UserFactory(username=pegawai.nip, role=Role.PEGAWAI, full_name=pegawai.name)
    pegawai.save(update_fields=["account"])
    return pegawai


@pytest.fixture
def boss(opd_a):
    return with_account(PegawaiFactory(opd=opd_a, name="Kepala Bidang Andi"))


@pytest.fixture
def author(opd_a, boss, programme_opd_a):
    pegawai = with_account(PegawaiFactory(opd=opd_a, name="Siti Aminah"))
    pegawai.supervisor = boss
    pegawai.save(update_fields=["supervisor"])
    return pegawai


def entry_data(**overrides):
    return {
        "form": development_form("NKL01").pk,
        "title": "Coaching menyusun telaahan staf",
        "date": "2025-08-04",
        "hours": "2",
        "learned": "Struktur telaahan staf dan cara menulis saran tindak.",
        "evidence": SimpleUploadedFile("catatan.pdf", PDF),
        **overrides,
    }


def record(author, **fields):
    defaults = {
        "form": development_form("NKL01"),
        "title": "Coaching",
        "date": date(2025, 8, 4),
        "hours": Decimal(2),
        "learned": "Belajar",
    }
    return journal_entry_create(pegawai=author, **{**defaults, **fields})


def test_the_author_records_an_entry_with_evidence_for_their_supervisor(client_for, author, boss):
    response = client_for(author.account).post(reverse("learning_records:journal_create"), entry_data())
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert (entry.status, entry.supervisor, entry.evidence_name) == (JournalStatus.SUBMITTED, boss, "catatan.pdf")
    assert not entry.evidence.name.endswith("catatan.pdf")  # stored under a random name
    queue = client_for(boss.account).get(reverse("learning_records:journal_queue"))
    assert "Coaching menyusun telaahan staf" in queue.content.decode()


def test_evidence_that_is_not_a_pdf_or_photo_is_refused_at_its_field(client_for, author):
    data = entry_data(evidence=SimpleUploadedFile("bukti.pdf", b"bukan pdf sama sekali"))
    response = client_for(author.account).post(reverse("learning_records:journal_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert response.context["form"]["title"].value() == "Coaching menyusun telaahan staf"
    assert not JournalEntry.objects.exists()


def test_without_a_supervisor_nothing_is_sent(client_for, author):
    author.supervisor = None
    author.save(update_fields=["supervisor"])
    response = client_for(author.account).post(reverse("learning_records:journal_create"), entry_data())
    assert response.status_code == 200
    assert "Atasan langsung Anda belum tercatat" in response.content.decode()


def test_the_supervisor_validates_and_jp_flows_into_ledger_export_and_dashboard(
    client_for, author, boss, admin_user, programme_opd_a
):
    entry = record(author, hours=Decimal(2))
    response = client_for(boss.account).post(
        reverse("learning_records:journal_decide", args=[entry.pk]), {"decision": "validasi"}
    )
    assert response.status_code == 302
    credit = JpCredit.objects.get(journal=entry)
    # Coaching (NKL01) counts by duration: 120 minutes / 45 per JP = 2.67, down to the half JP.
    assert (credit.jp, credit.year) == (Decimal("2.5"), 2025)
    mine = client_for(author.account).get(reverse("learning_records:my_learning")).content.decode()
    assert "Coaching" in mine and "Jurnal" in mine
    rows = json.loads(jp_export(user=admin_user, year=2025, fmt="json", opd=author.opd).content)
    assert [(row["nip"], row["jumlah_jam"], row["sumber"]) for row in rows] == [(author.nip, 2.5, "jurnal")]
    cache.clear()
    dashboard = client_for(admin_user).get(reverse("insights:dashboard"), {"year": 2025})
    row = next(r for r in dashboard.context["figures"]["rows"] if r["pk"] == programme_opd_a.pk)
    # Coaching is social learning (the 20).
    assert [part["value"] for part in row["realised_mix"]["parts"]] == [0, Decimal("2.5"), 0]
    # The OPD's realisation page reads the same realised mix (one definition).
    page = client_for(admin_user).get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    realised = {row["family"]: row["realised_weight"] for row in page.context["mix"]["rows"]}
    assert realised == {"pengalaman": 0, "sosial": Decimal("2.5"), "formal": 0}


def test_an_entry_validated_by_its_author_is_refused(client_for, author):
    entry = record(author)
    with pytest.raises(ValidationError, match="sendiri"):
        journal_entry_decide(entry=entry, actor=author.account, validate=True)
    # Even if the roster named the author as their own supervisor.
    JournalEntry.objects.filter(pk=entry.pk).update(supervisor=author)
    entry.refresh_from_db()
    with pytest.raises(ValidationError, match="sendiri"):
        journal_entry_decide(entry=entry, actor=author.account, validate=True)
    response = client_for(author.account).post(
        reverse("learning_records:journal_decide", args=[entry.pk]), {"decision": "validasi"}
    )
    assert response.status_code in (400, 404)
    assert not JpCredit.objects.filter(journal=entry).exists()


def test_a_return_needs_a_comment_and_the_author_corrects_and_resends(client_for, author, boss):
    entry = record(author)
    boss_client = client_for(boss.account)
    url = reverse("learning_records:journal_decide", args=[entry.pk])
    refused = boss_client.post(url, {"decision": "kembalikan", "comment": ""})
    assert refused.status_code == 400 and refused.context["decision_form"].errors["comment"]
    assert boss_client.post(url, {"decision": "kembalikan", "comment": "Tambahkan bukti"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == JournalStatus.RETURNED
    author_client = client_for(author.account)
    edit = reverse("learning_records:journal_edit", args=[entry.pk])
    assert "Tambahkan bukti" in author_client.get(edit).content.decode()
    assert author_client.post(edit, entry_data(title="Coaching, dengan bukti")).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.title) == (JournalStatus.SUBMITTED, "Coaching, dengan bukti")


def test_nobody_else_opens_an_entry_or_its_evidence(client_for, author, everyone, opd_a):
    entry = record(author, evidence=SimpleUploadedFile("c.pdf", PDF))
    colleague = with_account(PegawaiFactory(opd=opd_a))
    for name in ("journal_detail", "journal_evidence", "journal_edit"):
        url = reverse(f"learning_records:{name}", args=[entry.pk])
        assert client_for(colleague.account).get(url).status_code == 404
        for role in ("admin", "widyaiswara_a", "kepala_a"):
            assert client_for(everyone[role]).get(url).status_code == 403
    decide = reverse("learning_records:journal_decide", args=[entry.pk])
    assert client_for(colleague.account).post(decide, {"decision": "validasi"}).status_code == 404
    assert not JpCredit.objects.exists()


@pytest.mark.parametrize("size", [2, 25])
def test_the_queue_and_the_list_read_in_bounded_queries(client_for, author, boss, django_assert_max_num_queries, size):
    for _ in range(size):
        record(author)
    boss_client = client_for(boss.account)
    with django_assert_max_num_queries(12):
        assert boss_client.get(reverse("learning_records:journal_queue")).status_code == 200
    author_client = client_for(author.account)
    with django_assert_max_num_queries(12):
        assert author_client.get(reverse("learning_records:journal_list")).status_code == 200
