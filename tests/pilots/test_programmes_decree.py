"""The decree PDF: stored under a random name, downloaded only through the scoped view, never
through a public media URL."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from intan_wpl.models import Role
from pilots.models import Programme
from pilots.services.programmes import programme_create, programme_update
from tests.factories import ProgrammeFactory, ProgrammeOpdFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(content=PDF_BYTES, name="sk.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def with_decree(programme):
    return programme_update(
        programme=programme,
        name=programme.name,
        start_date=programme.start_date,
        end_date=programme.end_date,
        status=programme.status,
        decree_number="1245/VI/Tahun 2025",
        decree_file=pdf(),
    )


# --- Service --------------------------------------------------------------------------------


def test_service_accepts_a_pdf_by_content_whatever_its_name():
    programme = programme_create(
        name="Pilot A",
        start_date="2025-07-01",
        end_date="2025-09-30",
        decree_file=pdf(name="scan-tanpa-ekstensi"),
    )
    assert programme.decree_file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04" + b"0" * 200, "Isi berkas bukan PDF"),  # a .docx/.zip renamed .pdf
        (b"Hanya teks biasa", "Isi berkas bukan PDF"),
        (b"", "Berkas kosong"),
        (PDF_BYTES + b"0" * (10 * 1024 * 1024), "terlalu besar"),
    ],
)
def test_service_refuses_a_decree_that_is_not_a_pdf_or_too_big(content, message):
    with pytest.raises(ValidationError) as caught:
        programme_create(name="Pilot B", start_date="2025-07-01", end_date="2025-09-30", decree_file=pdf(content))
    assert message in str(caught.value.message_dict["decree_file"])
    assert not Programme.objects.exists()


# --- Download -------------------------------------------------------------------------------


def test_admin_downloads_the_decree_as_an_attachment(client_for, admin_user, with_decree):
    response = client_for(admin_user).get(reverse("pilots:programme_decree", args=[with_decree.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "SK-1245-vi-tahun-2025.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a", "widyaiswara_b", "kepala_b"])
def test_everyone_who_may_see_the_programme_downloads_it(client_for, everyone, with_decree, who):
    response = client_for(everyone[who]).get(reverse("pilots:programme_decree", args=[with_decree.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_the_decree_of_a_programme_out_of_scope_is_404(client_for, everyone, who):
    other = ProgrammeOpdFactory(programme=ProgrammeFactory(name="Program Lain")).programme
    programme_update(
        programme=other,
        name=other.name,
        start_date=other.start_date,
        end_date=other.end_date,
        status=other.status,
        decree_file=pdf(),
    )
    response = client_for(everyone[who]).get(reverse("pilots:programme_decree", args=[other.pk]))
    assert response.status_code == 404
    assert PDF_BYTES not in response.content


def test_a_kepala_without_an_opd_in_the_programme_gets_404(client_for, with_decree):
    kepala = UserFactory(username="kepala.lain", role=Role.KEPALA_OPD)
    assert client_for(kepala).get(reverse("pilots:programme_decree", args=[with_decree.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, with_decree):
    response = client.get(reverse("pilots:programme_decree", args=[with_decree.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_programme_without_a_decree_file_gives_404(client_for, admin_user, programme):
    assert client_for(admin_user).get(reverse("pilots:programme_decree", args=[programme.pk])).status_code == 404


def test_a_decree_missing_from_storage_gives_404_not_500(client_for, admin_user, with_decree):
    with_decree.decree_file.storage.delete(with_decree.decree_file.name)
    response = client_for(admin_user).get(reverse("pilots:programme_decree", args=[with_decree.pk]))
    assert response.status_code == 404


def test_the_decree_is_not_reachable_through_a_media_url(with_decree, admin_user, settings):
    settings.DEBUG = True
    client = Client()
    client.force_login(admin_user)
    for url in [
        f"{settings.MEDIA_URL}{with_decree.decree_file.name}",
        f"/media/{with_decree.decree_file.name}",
    ]:
        assert client.get(url).status_code == 404


def test_the_detail_page_links_to_the_scoped_download_only(client_for, admin_user, with_decree):
    body = client_for(admin_user).get(reverse("pilots:programme_detail", args=[with_decree.pk])).content.decode()
    assert reverse("pilots:programme_decree", args=[with_decree.pk]) in body
    assert "/media/" not in body
    assert with_decree.decree_file.name not in body
