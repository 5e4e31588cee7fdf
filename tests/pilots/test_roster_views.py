"""Roster pages: who reaches them (403 for read-only roles on writes, 404 for other OPDs),
what they show, the Pegawai form's messages, upload/preview/commit, the export."""

import io
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from intan_wpl.models import ExportLog, Job, JobState, Role
from pilots.jobs import ROSTER_CHECK, ROSTER_COMMIT
from pilots.models import Pegawai, RosterImport, RosterImportStatus
from pilots.services import roster_import as import_service
from tests.factories import PegawaiFactory, SessionParticipantFactory, UnitKerjaFactory, UserFactory, valid_nip
from tests.pilots.roster_files import staff_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff_a(opd_a):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")
    return PegawaiFactory(opd=opd_a, unit=unit, nip=NIP, name="Andi Baso")


@pytest.fixture
def preview_a(opd_a, admin_user):
    return import_service.roster_import_upload(
        opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(staff_rows(3, start=100)))
    )


def url_for(name, *, opd=None, pegawai=None, roster_import=None):
    if opd is not None:
        return reverse(f"pilots:{name}", args=[opd.pk])
    if pegawai is not None:
        return reverse(f"pilots:{name}", args=[pegawai.pk])
    return reverse(f"pilots:{name}", args=[roster_import.pk])


def all_views(opd, pegawai, roster_import):
    """(method, url, writes) for every roster view."""
    return [
        ("get", url_for("roster_list", opd=opd), False),
        ("get", url_for("roster_export", opd=opd), False),
        ("get", url_for("pegawai_create", opd=opd), True),
        ("post", url_for("pegawai_create", opd=opd), True),
        ("get", url_for("pegawai_edit", pegawai=pegawai), True),
        ("post", url_for("pegawai_edit", pegawai=pegawai), True),
        ("get", url_for("pegawai_delete", pegawai=pegawai), True),
        ("post", url_for("pegawai_delete", pegawai=pegawai), True),
        ("get", url_for("roster_import", opd=opd), True),
        ("post", url_for("roster_import", opd=opd), True),
        ("get", url_for("roster_import_preview", roster_import=roster_import), True),
        ("post", url_for("roster_import_commit", roster_import=roster_import), True),
        ("post", url_for("roster_import_cancel", roster_import=roster_import), True),
    ]


# --- scope: every view, every role ---------------------------------------------------------


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_every_roster_view_of_another_opd_gives_404(client_for, everyone, opd_a, staff_a, preview_a, who):
    client = client_for(everyone[who])
    for method, url, _writes in all_views(opd_a, staff_a, preview_a):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert "Andi Baso" not in response.content.decode()
    assert Pegawai.objects.count() == 1
    assert RosterImport.objects.get().status == RosterImportStatus.PREVIEW


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_read_only_roles_see_the_roster_but_every_write_gives_403(client_for, everyone, opd_a, staff_a, preview_a, who):
    client = client_for(everyone[who])
    for method, url, writes in all_views(opd_a, staff_a, preview_a):
        response = getattr(client, method)(url)
        assert response.status_code == (403 if writes else 200), (method, url)
    assert Pegawai.objects.filter(pk=staff_a.pk).exists()
    assert RosterImport.objects.get().status == RosterImportStatus.PREVIEW


def test_a_user_without_a_portal_role_gets_403_everywhere(client_for, opd_a, staff_a, preview_a):
    client = client_for(UserFactory(username="tanpa.peran", role=""))
    for method, url, _writes in all_views(opd_a, staff_a, preview_a):
        assert getattr(client, method)(url).status_code == 403, (method, url)


def test_a_visitor_is_sent_to_the_login_page(client, opd_a):
    response = client.get(url_for("roster_list", opd=opd_a))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- the list --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_read_only_roles_see_names_and_grouped_nips_without_edit_buttons(client_for, everyone, staff_a, who):
    body = client_for(everyone[who]).get(url_for("roster_list", opd=staff_a.opd)).content.decode()
    assert "Andi Baso" in body
    assert "19860926 201505 1 001" in body
    assert url_for("pegawai_edit", pegawai=staff_a) not in body
    assert url_for("roster_import", opd=staff_a.opd) not in body
    assert url_for("roster_export", opd=staff_a.opd) in body


def test_admin_sees_edit_import_and_export_links(client_for, admin_user, staff_a):
    body = client_for(admin_user).get(url_for("roster_list", opd=staff_a.opd)).content.decode()
    for link in [
        url_for("pegawai_edit", pegawai=staff_a),
        url_for("pegawai_delete", pegawai=staff_a),
        url_for("pegawai_create", opd=staff_a.opd),
        url_for("roster_import", opd=staff_a.opd),
        url_for("roster_export", opd=staff_a.opd),
    ]:
        assert link in body


def test_the_opd_page_links_to_its_roster(client_for, everyone, opd_a):
    body = client_for(everyone["kepala_a"]).get(reverse("pilots:opd_detail", args=[opd_a.pk])).content.decode()
    assert url_for("roster_list", opd=opd_a) in body
    assert "Daftar pegawai" in body


@pytest.fixture
def varied_staff(opd_a, opd_b):
    layanan = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")
    umum = UnitKerjaFactory(opd=opd_a, name="Subbagian Umum")
    PegawaiFactory(opd=opd_a, unit=layanan, nip=NIP, name="Andi Baso", golongan="III/a")
    PegawaiFactory(
        opd=opd_a,
        unit=umum,
        nip=valid_nip(5, employment_type="pppk"),
        name="Sitti PPPK",
        employment_type="pppk",
        golongan="IX",
        jabatan_kind="pelaksana",
    )
    PegawaiFactory(opd=opd_a, unit=umum, nip=valid_nip(6), name="Baso Nonaktif", is_active=False, golongan="II/c")
    PegawaiFactory(opd=opd_b, nip=valid_nip(7), name="Orang OPD Lain")
    return {"layanan": layanan, "umum": umum}


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({}, {"Andi Baso", "Sitti PPPK", "Baso Nonaktif"}),
        ({"q": "baso"}, {"Andi Baso", "Baso Nonaktif"}),
        ({"q": "19860926 2015"}, {"Andi Baso"}),
        ({"employment_type": "pppk"}, {"Sitti PPPK"}),
        ({"golongan": "II/c"}, {"Baso Nonaktif"}),
        ({"jabatan_kind": "pelaksana"}, {"Sitti PPPK"}),
        ({"aktif": "0"}, {"Baso Nonaktif"}),
        ({"aktif": "1", "q": "baso"}, {"Andi Baso"}),
    ],
)
def test_search_and_filters(client_for, admin_user, opd_a, varied_staff, params, shown):
    body = client_for(admin_user).get(url_for("roster_list", opd=opd_a), params).content.decode()
    names = {"Andi Baso", "Sitti PPPK", "Baso Nonaktif", "Orang OPD Lain"}
    assert {name for name in names if name in body} == shown


def test_filter_by_unit_and_counts(client_for, admin_user, opd_a, varied_staff):
    client = client_for(admin_user)
    body = client.get(url_for("roster_list", opd=opd_a), {"unit": varied_staff["umum"].pk}).content.decode()
    assert "Sitti PPPK" in body and "Andi Baso" not in body
    assert "3 pegawai" in body and "2 PNS, 1 PPPK" in body and "1 tidak aktif" in body


def test_a_unit_of_another_opd_in_the_filter_is_refused_not_a_crash(client_for, admin_user, opd_a, opd_b, varied_staff):
    foreign = UnitKerjaFactory(opd=opd_b)
    response = client_for(admin_user).get(url_for("roster_list", opd=opd_a), {"unit": foreign.pk, "q": "x" * 5000})
    assert response.status_code == 200
    assert "pilihan yang valid" in response.content.decode()


def test_htmx_filtering_returns_only_the_results(client_for, admin_user, opd_a, varied_staff):
    response = client_for(admin_user).get(url_for("roster_list", opd=opd_a), {"q": "andi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="hasil-pegawai"' in body and "Andi Baso" in body
    assert "<html" not in body


@pytest.mark.parametrize("size", [10, 1000])
def test_roster_list_query_count_does_not_grow_with_staff(
    client_for, everyone, opd_a, django_assert_max_num_queries, size
):
    units = [UnitKerjaFactory(opd=opd_a, name=f"Bidang {i}") for i in range(3)]
    Pegawai.objects.bulk_create(
        [
            Pegawai(opd=opd_a, unit=units[i % 3], nip=valid_nip(i), name=f"Pegawai {i:04d}", golongan="III/a")
            for i in range(size)
        ]
    )
    for who in ["admin", "widyaiswara_a", "kepala_a"]:
        client = client_for(everyone[who])
        # session, user, OPD, unit check, count, totals, page, unit options, session save; plus
        # what the base page's context processors need.
        with django_assert_max_num_queries(13):
            response = client.get(url_for("roster_list", opd=opd_a), {"q": "pegawai", "unit": units[0].pk})
        assert response.status_code == 200
        assert "Pegawai 0000" in response.content.decode()


# --- the Pegawai form ----------------------------------------------------------------------


def pegawai_data(**overrides):
    data = {
        "nip": "19860926 201505 1 001",
        "name": "Andi Baso",
        "employment_type": "pns",
        "jabatan": "Pranata Komputer Ahli Pertama",
        "jabatan_kind": "ahli_pertama",
        "golongan": "III/a",
        "unit": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_pegawai_with_a_grouped_nip(client_for, admin_user, opd_a):
    unit = UnitKerjaFactory(opd=opd_a)
    response = client_for(admin_user).post(url_for("pegawai_create", opd=opd_a), pegawai_data(unit=unit.pk))
    assert response.status_code == 302
    pegawai = Pegawai.objects.get()
    assert (pegawai.nip, pegawai.opd, pegawai.unit, pegawai.gender) == (NIP, opd_a, unit, "L")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "1986092620150510"}, "nip", "NIP harus 18 digit; yang diisi 16 digit."),
        ({"nip": "19860926201505100123"}, "nip", "NIP harus 18 digit; yang diisi 20 digit."),
        ({"nip": "19861332 201505 1 001"}, "nip", "bukan tanggal yang ada"),
        ({"nip": "19860926 201505 3 001"}, "nip", "bukan 3"),
        ({"nip": "19860926 201513 1 001"}, "nip", "Bulan TMT CPNS pada NIP (digit 13-14: 13) harus 01 sampai 12."),
        ({"nip": "1986O926 201505 1 001"}, "nip", "NIP hanya boleh berisi angka."),
        ({"golongan": "IX"}, "golongan", "Golongan IX adalah golongan PPPK"),
        ({"employment_type": "pppk", "nip": "19860926 202213 1 001"}, "golongan", "Golongan III/a adalah golongan PNS"),
        ({"name": ""}, "name", ""),
        ({"name": "A" * 300}, "name", "200"),
    ],
)
def test_form_errors_are_in_indonesian_next_to_the_field_and_keep_the_input(
    client_for, admin_user, opd_a, overrides, field, message
):
    data = pegawai_data(**overrides)
    response = client_for(admin_user).post(url_for("pegawai_create", opd=opd_a), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    if field == "nip":
        assert len(errors["nip"]) == 1  # one clear message, not the model's echo
    assert f'value="{data["name"][:50]}' in response.content.decode() or field == "name"
    assert not Pegawai.objects.exists()


def test_a_pppk_nip_with_month_13_is_accepted(client_for, admin_user, opd_a):
    data = pegawai_data(employment_type="pppk", nip="19860926 202213 1 001", golongan="IX")
    response = client_for(admin_user).post(url_for("pegawai_create", opd=opd_a), data)
    assert response.status_code == 302
    assert Pegawai.objects.get().employment_type == "pppk"


def test_the_unit_must_belong_to_the_opd(client_for, admin_user, opd_a, opd_b):
    foreign = UnitKerjaFactory(opd=opd_b)
    response = client_for(admin_user).post(url_for("pegawai_create", opd=opd_a), pegawai_data(unit=foreign.pk))
    assert "unit" in response.context["form"].errors
    assert not Pegawai.objects.exists()
    form_units = list(response.context["form"].fields["unit"].queryset)
    assert foreign not in form_units


def test_a_nip_already_on_another_roster_is_named(client_for, admin_user, opd_a, opd_b):
    PegawaiFactory(opd=opd_b, nip=NIP, name="Andi Lain")
    response = client_for(admin_user).post(url_for("pegawai_create", opd=opd_a), pegawai_data())
    assert "sudah terdaftar atas nama Andi Lain" in " ".join(response.context["form"].errors["nip"])
    assert Pegawai.objects.count() == 1


def test_admin_edits_a_pegawai(client_for, admin_user, staff_a):
    response = client_for(admin_user).post(
        url_for("pegawai_edit", pegawai=staff_a),
        pegawai_data(name="Andi Baso, S.Kom.", golongan="III/b", unit=staff_a.unit_id),
    )
    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert (staff_a.name, staff_a.golongan) == ("Andi Baso, S.Kom.", "III/b")


def test_missing_and_garbage_fields_do_not_crash(client_for, admin_user, staff_a):
    client = client_for(admin_user)
    response = client.post(url_for("pegawai_edit", pegawai=staff_a), {"employment_type": "x" * 10_000, "unit": "abc"})
    assert response.status_code == 200
    assert {"nip", "name", "employment_type", "unit"} <= set(response.context["form"].errors)


def test_delete_asks_first_then_deletes(client_for, admin_user, staff_a):
    client = client_for(admin_user)
    page = client.get(url_for("pegawai_delete", pegawai=staff_a))
    assert "Andi Baso" in page.content.decode() and "Ya, hapus" in page.content.decode()
    assert Pegawai.objects.filter(pk=staff_a.pk).exists()
    response = client.post(url_for("pegawai_delete", pegawai=staff_a))
    assert response.status_code == 302
    assert not Pegawai.objects.filter(pk=staff_a.pk).exists()


def test_delete_is_refused_while_sessions_refer_to_the_pegawai(client_for, admin_user, staff_a, programme_opd_a):
    SessionParticipantFactory(pegawai=staff_a, session__programme_opd=programme_opd_a)
    client = client_for(admin_user)
    page = client.get(url_for("pegawai_delete", pegawai=staff_a)).content.decode()
    assert "masih dipakai" in page and "Ya, hapus" not in page
    response = client.post(url_for("pegawai_delete", pegawai=staff_a))
    assert response.status_code == 200
    assert "tidak dapat dihapus" in response.content.decode()
    assert Pegawai.objects.filter(pk=staff_a.pk).exists()


# --- import through the pages ----------------------------------------------------------------


def test_upload_then_preview_then_commit(client_for, admin_user, opd_a, opd_b, django_capture_on_commit_callbacks):
    PegawaiFactory(opd=opd_b, nip=valid_nip(1), name="Pindahan Dari B")
    client = client_for(admin_user)
    content = xlsx_bytes(staff_rows(4))
    response = client.post(url_for("roster_import", opd=opd_a), {"file": upload(content)})
    roster_import = RosterImport.objects.get()
    # The upload starts the job "Periksa roster" (eager in the tests); its page links to the preview.
    check = Job.objects.get(kind=ROSTER_CHECK)
    assert response.status_code == 302
    assert response["Location"] == reverse("intan_wpl:job_detail", args=[check.pk])
    assert check.state == JobState.DONE and check.owner == admin_user
    job_page = client.get(response["Location"]).content.decode()
    assert url_for("roster_import_preview", roster_import=roster_import) in job_page

    preview = client.get(url_for("roster_import_preview", roster_import=roster_import)).content.decode()
    assert 'id="waktu-pemeriksaan"' in preview
    assert 'data-count="created">3<' in preview
    assert 'data-count="updated">1<' in preview
    assert "Pindah dari OPD lain" in preview and "Dinas Kelautan Uji" in preview
    assert "Impor sekarang" in preview
    assert not Pegawai.objects.filter(opd=opd_a).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url_for("roster_import_commit", roster_import=roster_import))
    commit = Job.objects.get(kind=ROSTER_COMMIT)
    assert done.status_code == 302 and done["Location"] == reverse("intan_wpl:job_detail", args=[commit.pk])
    assert commit.state == JobState.DONE and commit.params["result_url"] == url_for("roster_list", opd=opd_a)
    assert Pegawai.objects.filter(opd=opd_a).count() == 4
    roster_import.refresh_from_db()
    assert roster_import.status == RosterImportStatus.COMMITTED and not roster_import.file
    job_page = client.get(done["Location"]).content.decode()
    assert url_for("roster_list", opd=opd_a) in job_page
    assert {"pegawai baru": 3, "diperbarui": 1, "tidak berubah": 0}.items() <= commit.counts.items()


def test_a_file_with_bad_rows_shows_each_error_and_offers_no_commit(client_for, admin_user, opd_a):
    rows = staff_rows(3)
    rows[1][0] = "198609262015053001"
    rows[2][5] = "IX"
    client = client_for(admin_user)
    client.post(url_for("roster_import", opd=opd_a), {"file": upload(xlsx_bytes(rows))})
    roster_import = RosterImport.objects.get()
    response = client.get(url_for("roster_import_preview", roster_import=roster_import))
    body = response.content.decode()
    assert "Berkas ini belum dapat diimpor" in body
    assert "198609262015053001" in body and "bukan 3" in body
    assert "Golongan IX adalah golongan PPPK" in body
    roster_import = RosterImport.objects.get()
    assert url_for("roster_import_commit", roster_import=roster_import) not in body
    assert "Unggah berkas yang sudah diperbaiki" in body
    assert client.post(url_for("roster_import_commit", roster_import=roster_import)).status_code == 302
    assert not Pegawai.objects.exists()


def test_a_file_without_rows_fails_its_check_job_and_records_nothing(client_for, admin_user, opd_a):
    client = client_for(admin_user)
    response = client.post(url_for("roster_import", opd=opd_a), {"file": upload(xlsx_bytes([]), "judul-saja.xlsx")})
    job = Job.objects.get(kind=ROSTER_CHECK)
    assert job.state == JobState.FAILED and "tidak ada baris yang terisi" in job.error
    body = client.get(response["Location"]).content.decode()
    assert "tidak ada baris yang terisi" in body and url_for("roster_import", opd=opd_a) in body
    assert not RosterImport.objects.exists()


def test_the_roster_job_pages_are_refused_to_another_user(client_for, admin_user, everyone, opd_a):
    client_for(admin_user).post(url_for("roster_import", opd=opd_a), {"file": upload(xlsx_bytes(staff_rows(2)))})
    job = Job.objects.get(kind=ROSTER_CHECK)
    for user in [*everyone.values(), UserFactory(role=Role.ADMIN)]:
        if user != admin_user:
            assert client_for(user).get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "kosong.xlsx", "kosong"),
        (b"%PDF-1.4 fake", "bukan.xlsx", "bukan XLSX atau CSV"),
    ],
)
def test_unusable_uploads_get_a_message_next_to_the_field(client_for, admin_user, opd_a, content, name, message):
    response = client_for(admin_user).post(url_for("roster_import", opd=opd_a), {"file": upload(content, name)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not RosterImport.objects.exists()


def test_a_50_mb_upload_is_refused_with_a_message_not_a_500(client_for, admin_user, opd_a):
    huge = upload(b"NIP;Nama\n" + b"0" * (50 * 1024 * 1024), "besar.csv")
    response = client_for(admin_user).post(url_for("roster_import", opd=opd_a), {"file": huge})
    assert response.status_code == 200
    assert "Berkas terlalu besar" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_htmx_upload_redirects_the_browser_or_returns_the_form_with_errors(client_for, admin_user, opd_a):
    client = client_for(admin_user)
    good = client.post(
        url_for("roster_import", opd=opd_a), {"file": upload(xlsx_bytes(staff_rows(2)))}, HTTP_HX_REQUEST="true"
    )
    assert good.status_code == 200
    assert good["HX-Redirect"] == reverse("intan_wpl:job_detail", args=[Job.objects.get().pk])

    bad = client.post(url_for("roster_import", opd=opd_a), {"file": upload(b"", "x.csv")}, HTTP_HX_REQUEST="true")
    body = bad.content.decode()
    assert 'id="unggah-pegawai"' in body and "kosong" in body and "<html" not in body


def test_the_upload_page_lists_recent_imports(client_for, admin_user, opd_a, preview_a):
    body = client_for(admin_user).get(url_for("roster_import", opd=opd_a)).content.decode()
    assert "pegawai.xlsx" in body and url_for("roster_import_preview", roster_import=preview_a) in body
    assert 'hx-encoding="multipart/form-data"' in body and "js/roster_import.js" in body


def test_cancel_drops_the_preview_and_its_file(client_for, admin_user, preview_a, django_capture_on_commit_callbacks):
    path = preview_a.file.path
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(url_for("roster_import_cancel", roster_import=preview_a))
    assert response.status_code == 302
    assert not RosterImport.objects.exists()
    assert not os.path.exists(path)


def test_commit_and_cancel_refuse_get(client_for, admin_user, preview_a):
    client = client_for(admin_user)
    assert client.get(url_for("roster_import_commit", roster_import=preview_a)).status_code == 405
    assert client.get(url_for("roster_import_cancel", roster_import=preview_a)).status_code == 405


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "widyaiswara_a", "kepala_a"])
def test_export_is_an_xlsx_with_the_nip_as_text(client_for, everyone, opd_a, opd_b, varied_staff, who):
    response = client_for(everyone[who]).get(url_for("roster_export", opd=opd_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-dpu-')
    assert "no-store" in response["Cache-Control"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "NIP",
        "Nama",
        "Status",
        "Jabatan",
        "Jenis Jabatan",
        "Golongan/Ruang",
        "Pangkat",
        "Unit Kerja",
        "Jenis Kelamin",
        "Mulai Perjanjian Kerja",
        "Akhir Perjanjian Kerja",
        "NIP Atasan Langsung",
    )
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"Andi Baso", "Sitti PPPK", "Baso Nonaktif"}
    assert by_name["Andi Baso"][0] == NIP and sheet["A2"].data_type == "s"
    assert by_name["Andi Baso"][5:9] == ("III/a", "Penata Muda", "Bidang Layanan", "Laki-laki")
    assert by_name["Sitti PPPK"][2] == "PPPK"


def test_export_follows_the_list_filters(client_for, admin_user, opd_a, varied_staff):
    response = client_for(admin_user).get(url_for("roster_export", opd=opd_a), {"employment_type": "pppk"})
    names = [
        row[1] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == ["Sitti PPPK"]


@pytest.mark.parametrize("size", [10, 1000])
def test_export_query_count_does_not_grow_with_staff(
    client_for, admin_user, opd_a, django_assert_max_num_queries, size
):
    Pegawai.objects.bulk_create([Pegawai(opd=opd_a, nip=valid_nip(i), name=f"P {i}") for i in range(size)])
    client = client_for(admin_user)
    # The ninth query records the export in the ExportLog (UU 27/2022).
    with django_assert_max_num_queries(9):
        response = client.get(url_for("roster_export", opd=opd_a))
    assert response.status_code == 200
    log = ExportLog.objects.get(kind="daftar_pegawai")
    assert (log.user, log.row_count, log.pseudonymised) == (admin_user, size, False)


def test_the_preview_page_query_count_does_not_grow_with_rows(
    client_for, admin_user, opd_a, django_assert_max_num_queries
):
    counts = []
    for size in (10, 1000):
        RosterImport.objects.all().delete()
        Pegawai.objects.all().delete()
        Pegawai.objects.bulk_create(
            [Pegawai(opd=opd_a, nip=valid_nip(i), name=f"Pegawai Uji {i:05d}") for i in range(0, size, 2)]
        )
        roster_import = import_service.roster_import_upload(
            opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(staff_rows(size)))
        )
        client = client_for(admin_user)
        # The preview shows what the check job stored: no re-check, a fixed number of queries.
        with django_assert_max_num_queries(12), CaptureQueriesContext(connection) as captured:
            response = client.get(url_for("roster_import_preview", roster_import=roster_import))
        assert response.status_code == 200 and 'data-count="updated">' in response.content.decode()
        counts.append(len(captured))
    assert counts[1] == counts[0]


def test_no_roster_page_uses_inline_script_or_style(client_for, admin_user, staff_a, preview_a):
    client = client_for(admin_user)
    for url in [
        url_for("roster_list", opd=staff_a.opd),
        url_for("roster_import", opd=staff_a.opd),
        url_for("roster_import_preview", roster_import=preview_a),
        url_for("pegawai_edit", pegawai=staff_a),
    ]:
        body = client.get(url).content.decode()
        assert " style=" not in body, url
        assert "<script>" not in body, url
