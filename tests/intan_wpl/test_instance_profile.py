"""The instance profile: another province runs the portal by configuration. Names, letterhead,
time zone and regencies come from the profile; nothing province-specific is left in code or
templates; a WIB province's profile changes dates, letterheads and lists."""

import re
from datetime import UTC, date, datetime, time
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from intan_wpl.models import InstanceProfile
from intan_wpl.profile_defaults import DEFAULT_PROFILE
from intan_wpl.selectors.profile import instance_profile
from intan_wpl.services.profile import instance_profile_update
from tests.factories import (
    FieldSessionFactory,
    LearningPlanFactory,
    PlanActivityFactory,
    WidyaiswaraProfileFactory,
    development_form,
)

ROOT = Path(__file__).resolve().parents[2]

# A WIB province, different from the installed one in every name.
WIB_PROFILE = {
    "province_name": "Jawa Barat",
    "government_name": "Pemerintah Provinsi Jawa Barat",
    "agency_name": "Badan Pengembangan Sumber Daya Manusia",
    "agency_short_name": "BPSDM Jabar",
    "address": "Jl. Contoh No. 1, Bandung\nTelepon (022) 000000",
    "city": "Bandung",
    "time_zone": "Asia/Jakarta",
    "regencies": "Kota Bandung\nKabupaten Bogor\nKabupaten Garut",
    "decree_issuer_title": "Gubernur Jawa Barat",
    "head_title": "Kepala Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat",
    "head_name": "Dr. Penandatangan Uji, M.Si.",
    "head_nip": "197001012000031001",
}


def pdf_text(content):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def wib_province(db, admin_user):
    instance_profile_update(user=admin_user, **WIB_PROFILE)
    return instance_profile()


# --- Nothing province-specific in code or templates ----------------------------------------------

PROVINCE_WORDS = re.compile(r"Sulawesi|Sulsel|Makassar|WITA|Labuang|Maros|Gowa", re.IGNORECASE)
SCANNED = [
    "intan_wpl",
    "pilots",
    "learning_needs",
    "learning_plans",
    "learning_records",
    "insights",
    "templates",
    "static",
]
SUFFIXES = {".py", ".html", ".js", ".css", ".txt", ".json", ".webmanifest"}
# The profile's default data is where the installed province lives; the zone table names the
# country's three zones (WITA among them), not a province.
ALLOWED_FILES = {"intan_wpl/profile_defaults.py"}
ALLOWED_LINES = {
    ("intan_wpl/models.py", 'WITA = "Asia/Makassar", _("WITA (UTC+8)")'),
}


def test_no_province_specific_words_in_code_or_templates():
    found = []
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if (
                not path.is_file()
                or path.suffix not in SUFFIXES
                or "/migrations/" in relative
                or relative.startswith("static/vendor/")
                or relative in ALLOWED_FILES
            ):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PROVINCE_WORDS.search(line) and not any(
                    relative == name and fragment in line for name, fragment in ALLOWED_LINES
                ):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert found == []


def test_the_grep_would_catch_a_province_word(tmp_path):
    # The scan above must not pass because its pattern misses: it finds the words it looks for.
    sample = "Makassar, 21 Agustus 2025 · 09.00 WITA · BPSDM Sulsel"
    assert len(PROVINCE_WORDS.findall(sample)) == 3


def test_installed_profile_is_the_default_data(db):
    profile = InstanceProfile.objects.get(pk=1)
    assert profile.province_name == DEFAULT_PROFILE["province_name"]
    assert profile.time_zone == DEFAULT_PROFILE["time_zone"]
    assert len(profile.regency_list) == len(DEFAULT_PROFILE["regencies"].splitlines())


# --- A WIB province ---------------------------------------------------------------------------------


def test_wib_session_at_nine_reads_nine_wib(client_for, wib_province, widyaiswara_a, programme_opd_a):
    session = FieldSessionFactory(
        programme_opd=programme_opd_a, created_by=widyaiswara_a, start_time=time(9, 0), end_time=time(11, 0)
    )
    # Recorded at 02.00 UTC: 09.00 in WIB (it would read 10.00 in WITA).
    type(session).objects.filter(pk=session.pk).update(created_at=datetime(2025, 8, 21, 2, 0, tzinfo=UTC))
    content = client_for(widyaiswara_a).get(reverse("learning_needs:session_detail", args=[session.pk])).content
    text = content.decode()
    assert "09.00–11.00 WIB" in text
    assert "09.00 WIB" in text.split("Widyaiswara A ·")[1][:60]
    assert "WITA" not in text
    assert "BPSDM Jabar" in text  # the page title
    assert "Provinsi Jawa Barat" in text  # the footer


def test_wib_session_form_labels_and_place_list_follow_the_profile(client_for, wib_province, widyaiswara_a):
    programme_opd = widyaiswara_a.assignments.get().programme_opd
    response = client_for(widyaiswara_a).get(reverse("learning_needs:session_create", args=[programme_opd.pk]))
    text = response.content.decode()
    assert "Mulai (WIB)" in text and "Selesai (WIB)" in text
    datalist = text.split('<datalist id="daftar-kabupaten-kota">')[1].split("</datalist>")[0]
    assert re.findall(r'value="([^"]+)"', datalist) == ["Kota Bandung", "Kabupaten Bogor", "Kabupaten Garut"]


def test_wib_printed_plan_carries_the_provinces_letterhead(client_for, wib_province, kepala_a, widyaiswara_a, plan):
    response = client_for(kepala_a).get(reverse("learning_plans:plan_pdf", args=[plan.pk]))
    text = pdf_text(response.content)
    assert "PEMERINTAH PROVINSI JAWA BARAT" in text
    assert "BADAN PENGEMBANGAN SUMBER DAYA MANUSIA" in text
    assert "Jl. Contoh No. 1, Bandung" in text
    assert "Bandung, " in text
    assert "Keputusan Gubernur Jawa Barat Nomor" in text
    # Signature blocks: name, jabatan and NIP of both signatories.
    assert "Drs. Kepala Uji" in text and "Kepala Dinas Perpustakaan Uji" in text and "19750101 200003 1 002" in text
    assert "Widyaiswara A" in text and "Widyaiswara Ahli Madya" in text and "19790922 200501 2 007" in text
    assert "Sulawesi" not in text and "Makassar" not in text


def test_wib_surat_tugas_pdf_carries_the_provinces_names(client_for, wib_province, admin_user, widyaiswara_a, plan):
    assignment = widyaiswara_a.assignments.get()
    assignment.letter_number = "800.1.11.1/0042/BPSDM"
    assignment.letter_date = date(2025, 8, 1)
    assignment.save()
    client = client_for(admin_user)
    response = client.post(reverse("pilots:assignment_letter_generate", args=[assignment.pk]), follow=True)
    assert "Surat tugas Widyaiswara A dibuat dan disimpan." in response.content.decode()
    download = client.get(reverse("pilots:assignment_letter_pdf", args=[assignment.pk]))
    text = pdf_text(b"".join(download.streaming_content))
    assert "PEMERINTAH PROVINSI JAWA BARAT" in text
    assert "SURAT TUGAS" in text and "800.1.11.1/0042/BPSDM" in text
    assert "Keputusan Gubernur Jawa Barat Nomor 188/123/2025" in text
    assert "Widyaiswara A" in text and "19790922 200501 2 007" in text and "Widyaiswara Ahli Madya" in text
    assert "Ketua tim" in text and "Dinas Perpustakaan Uji" in text
    assert "1 Juli 2025 sampai dengan 30 September 2025" in text
    assert "Bandung, 1 Agustus 2025" in text
    assert "Dr. Penandatangan Uji, M.Si." in text and "19700101 200003 1 001" in text
    assert "Kepala Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat" in text


@pytest.fixture
def plan(programme_opd_a, widyaiswara_a, kepala_a):
    programme = programme_opd_a.programme
    programme.decree_number = "188/123/2025"
    programme.start_date, programme.end_date = date(2025, 7, 1), date(2025, 9, 30)
    programme.save()
    assignment = widyaiswara_a.assignments.get()
    assignment.start_date, assignment.end_date = programme.start_date, programme.end_date
    assignment.save()
    WidyaiswaraProfileFactory(user=widyaiswara_a, nip="197909222005012007")
    kepala_a.full_name = "Drs. Kepala Uji"
    kepala_a.nip = "197501012000031002"
    kepala_a.save()
    plan = LearningPlanFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a)
    PlanActivityFactory(plan=plan, title="Magang katalogisasi", form=development_form("NKL12"), jp=20)
    return plan


# --- The admin's profile page -----------------------------------------------------------------------

URL = reverse("intan_wpl:instance_profile")


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_profile_page_is_the_admins_only(client_for, everyone, who):
    assert client_for(everyone[who]).get(URL).status_code == 403
    assert client_for(everyone[who]).post(URL, WIB_PROFILE).status_code == 403
    assert InstanceProfile.objects.get().province_name == DEFAULT_PROFILE["province_name"]


def test_admin_changes_the_profile_and_the_next_page_follows(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(URL, WIB_PROFILE, follow=True)
    text = response.content.decode()
    assert "Profil instansi disimpan." in text
    assert "BPSDM Jabar" in text
    # The change is on record: who, and from which value to which.
    history = text.split("Riwayat perubahan")[1]
    assert "Admin BPSDM" in history and "Jawa Barat" in history and "WIB (UTC+7)" in history
    assert InstanceProfile.history.filter(history_user=admin_user).exists()
    session_page = client.get(reverse("insights:home")).content.decode()
    assert "Provinsi Jawa Barat" in session_page


def test_bad_profile_input_is_refused_at_the_field_keeping_what_was_typed(client_for, admin_user):
    data = {**WIB_PROFILE, "head_nip": "12345", "city": "Kota Antah"}
    response = client_for(admin_user).post(URL, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "NIP terdiri atas 18 angka." in text
    assert 'value="Dr. Penandatangan Uji, M.Si."' in text
    assert InstanceProfile.objects.get().province_name == DEFAULT_PROFILE["province_name"]
    # The page's own names stay the installed profile's: nothing unsaved leaks into them.
    assert "BPSDM Jabar" not in text.split("<main")[0]


def test_city_outside_the_regencies_is_refused(client_for, admin_user):
    response = client_for(admin_user).post(URL, {**WIB_PROFILE, "city": "Kota Antah"})
    assert response.status_code == 400
    assert "tidak ada dalam daftar kabupaten dan kota" in response.content.decode()


def test_logo_must_be_an_image_by_content(client_for, admin_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", content_type="image/png")
    response = client_for(admin_user).post(URL, {**WIB_PROFILE, "logo": fake})
    assert response.status_code == 400
    assert "Isi berkas bukan PNG/JPEG" in response.content.decode()


def test_logo_appears_in_the_printed_letterhead(client_for, admin_user, kepala_a, plan):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.learning_needs.test_sessions_form import tiny_png

    logo = SimpleUploadedFile("logo.png", tiny_png(), content_type="image/png")
    assert client_for(admin_user).post(URL, {**WIB_PROFILE, "logo": logo}).status_code == 302
    page = client_for(kepala_a).get(reverse("learning_plans:plan_print", args=[plan.pk])).content.decode()
    assert 'src="data:image/png;base64,' in page
    assert client_for(kepala_a).get(reverse("learning_plans:plan_pdf", args=[plan.pk])).status_code == 200


def test_pages_cost_no_query_for_the_profile_once_cached(client_for, admin_user):
    client = client_for(admin_user)
    client.get(reverse("intan_wpl:notification_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("intan_wpl:notification_list"))
    assert not [q for q in queries.captured_queries if "instanceprofile" in q["sql"].lower()]


def test_kepala_nip_is_kept_with_the_account(client_for, admin_user, kepala_a):
    data = {"full_name": "Kepala A", "nip": "19750101 200003 1 002", "email": "", "role": "kepala_opd"}
    data["is_active"] = "on"
    response = client_for(admin_user).post(reverse("pilots:user_edit", args=[kepala_a.pk]), data)
    assert response.status_code == 302
    kepala_a.refresh_from_db()
    assert kepala_a.nip == "197501012000031002"
    bad = client_for(admin_user).post(reverse("pilots:user_edit", args=[kepala_a.pk]), {**data, "nip": "123"})
    assert "NIP terdiri atas 18 angka." in bad.content.decode()


def test_wib_data_pack_names_the_province_and_its_zone(client_for, wib_province, admin_user, widyaiswara_a, plan):
    from tests.insights.test_data_pack import download

    FieldSessionFactory(programme_opd=plan.programme_opd, created_by=widyaiswara_a)
    workbook = download(client_for(admin_user))
    header = next(workbook["Sesi"].iter_rows(values_only=True))
    assert "Mulai (WIB)" in header and "Selesai (WIB)" in header
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Provinsi"] == "Jawa Barat"
    assert summary["Instansi"] == "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat"
    assert summary["Zona waktu"] == "WIB (Asia/Jakarta)"


def test_wib_emails_are_signed_by_the_provinces_agency(
    wib_province, kepala_a, mailoutbox, django_capture_on_commit_callbacks
):
    from intan_wpl.services.notifications import notify

    kepala_a.email = "kepala.a@example.go.id"
    kepala_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[kepala_a], message="Rencana menunggu review", url="/rencana/")
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Badan Pengembangan Sumber Daya Manusia Provinsi Jawa Barat" in body
    assert "Sulawesi" not in body


def test_wib_authenticator_app_names_the_provinces_agency(wib_province, admin_user, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_TOTP_ISSUER_NAME = ""
    device = TOTPDevice.objects.create(user=admin_user, name="default", confirmed=False)
    assert "issuer=INTAN-WPL%20BPSDM%20Jabar" in device.config_url
    settings.OTP_TOTP_ISSUER_NAME = "Portal Uji"
    assert "issuer=Portal%20Uji" in device.config_url


def test_the_profiles_history_page_opens_for_the_admin_only(client_for, admin_user, everyone):
    client_for(admin_user).post(URL, WIB_PROFILE)
    url = reverse("pilots:history", args=["intan_wpl.instanceprofile", 1])
    response = client_for(admin_user).get(url)
    assert response.status_code == 200 and "Jawa Barat" in response.content.decode()
    for who in ("widyaiswara_a", "kepala_a"):
        assert client_for(everyone[who]).get(url).status_code == 404
