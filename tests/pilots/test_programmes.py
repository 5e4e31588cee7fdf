"""Programme pages: list, detail, create/edit/delete, and the stage each OPD is at."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.models import Stage
from intan_wpl.models import Role
from pilots.hooks import stage_label
from pilots.models import Assignment, AssignmentRole, Opd, Programme, ProgrammeOpd, ProgrammeStatus
from pilots.services.programmes import programme_opd_rows
from tests.factories import AssignmentFactory, OpdFactory, ProgrammeFactory, ProgrammeOpdFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(name="sk.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def programme_data(**overrides):
    data = {
        "name": "Pilot INTAN-WPL 2026",
        "start_date": "2026-07-01",
        "end_date": "2026-09-30",
        "status": ProgrammeStatus.PERENCANAAN,
        "decree_number": "800/123/2026",
        "decree_date": "2026-06-20",
    }
    data.update(overrides)
    return data


# --- List -----------------------------------------------------------------------------------


def test_admin_list_shows_every_programme_with_decree_number_and_opd_count(client_for, everyone, programme):
    programme.decree_number = "1245/VI/Tahun 2025"
    programme.save()
    other = ProgrammeFactory(name="Pilot Gelombang Dua")
    body = client_for(everyone["admin"]).get(reverse("pilots:programme_list")).content.decode()
    assert programme.name in body and other.name in body
    assert "1245/VI/Tahun 2025" in body
    assert "Tambah program" in body


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_non_admins_list_only_programmes_in_their_scope_and_no_create_button(client_for, everyone, who):
    other = ProgrammeOpdFactory(programme=ProgrammeFactory(name="Program Tanpa Saya")).programme
    body = client_for(everyone[who]).get(reverse("pilots:programme_list")).content.decode()
    assert "Pilot INTAN-WPL Uji" in body
    assert other.name not in body
    assert "Tambah program" not in body


def test_kepala_without_an_opd_sees_no_programme(client_for, programme_opd_a):
    kepala = UserFactory(username="kepala.baru", role=Role.KEPALA_OPD)
    body = client_for(kepala).get(reverse("pilots:programme_list")).content.decode()
    assert "Pilot INTAN-WPL Uji" not in body
    assert "Belum ada program" in body


def test_list_searches_name_and_decree_number(client_for, admin_user):
    ProgrammeFactory(name="Pilot Makassar", decree_number="188.4/111/2025")
    ProgrammeFactory(name="Pilot Bone", decree_number="188.4/999/2026")
    client = client_for(admin_user)
    body = client.get(reverse("pilots:programme_list"), {"q": "makassar"}).content.decode()
    assert "Pilot Makassar" in body and "Pilot Bone" not in body
    body = client.get(reverse("pilots:programme_list"), {"q": "999/2026"}).content.decode()
    assert "Pilot Bone" in body and "Pilot Makassar" not in body


def test_list_filters_by_status_and_year(client_for, admin_user):
    ProgrammeFactory(name="Pilot 2024", start_date=date(2024, 7, 1), end_date=date(2024, 9, 30), status="selesai")
    ProgrammeFactory(name="Pilot 2025", start_date=date(2025, 11, 1), end_date=date(2026, 2, 28), status="berjalan")
    client = client_for(admin_user)
    body = client.get(reverse("pilots:programme_list"), {"status": "selesai"}).content.decode()
    assert "Pilot 2024" in body and "Pilot 2025" not in body
    # A programme spanning two years shows under both.
    body = client.get(reverse("pilots:programme_list"), {"year": "2026"}).content.decode()
    assert "Pilot 2025" in body and "Pilot 2024" not in body
    body = client.get(reverse("pilots:programme_list"), {"year": "2025"}).content.decode()
    assert "Pilot 2025" in body and "Pilot 2024" not in body


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"status": "dibatalkan"}, {"q": "x" * 5000}, {"page": "9999"}, {"year": "99999999999999"}],
)
def test_hostile_filter_values_never_break_the_list(client_for, admin_user, programme, params):
    response = client_for(admin_user).get(reverse("pilots:programme_list"), params)
    assert response.status_code == 200
    assert "Program Workplace Learning" in response.content.decode()


def test_invalid_filter_value_is_explained_at_the_filter(client_for, admin_user, programme):
    body = client_for(admin_user).get(reverse("pilots:programme_list"), {"status": "dibatalkan"}).content.decode()
    assert "Masukkan pilihan yang valid" in body


def test_list_paginates(client_for, admin_user):
    Programme.objects.bulk_create(
        [
            Programme(name=f"Program {i:03d}", start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
            for i in range(30)
        ]
    )
    client = client_for(admin_user)
    first = client.get(reverse("pilots:programme_list")).content.decode()
    second = client.get(reverse("pilots:programme_list"), {"page": 2}).content.decode()
    assert "Program 000" in first and "Program 029" not in first
    assert "Program 029" in second
    assert "Halaman 2 dari 2" in second


def test_list_warns_the_admin_about_active_opds_without_ketua(client_for, admin_user, programme_opd_a, opd_b):
    AssignmentFactory(programme_opd=programme_opd_a, role=AssignmentRole.KETUA)
    ProgrammeOpdFactory(programme=programme_opd_a.programme, opd=opd_b)
    body = client_for(admin_user).get(reverse("pilots:programme_list")).content.decode()
    assert "1 OPD aktif belum memiliki ketua tim" in body


@pytest.mark.parametrize("size", [10, 500])
def test_list_query_count_does_not_grow_with_programmes(client_for, admin_user, django_assert_max_num_queries, size):
    programmes = Programme.objects.bulk_create(
        [
            Programme(name=f"Program Massal {i:04d}", start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))
            for i in range(size)
        ]
    )
    opds = Opd.objects.bulk_create([Opd(name=f"OPD Massal {i:04d}", kind="dinas") for i in range(size)])
    ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=p, opd=o) for p, o in zip(programmes, opds, strict=True)])
    client = client_for(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pilots:programme_list"))
    assert response.status_code == 200
    assert "Program Massal 0000" in response.content.decode()


@pytest.mark.parametrize("size", [10, 500])
def test_list_query_count_for_a_widyaiswara_does_not_grow(client_for, django_assert_max_num_queries, size):
    user = UserFactory(username="wi.massal", role=Role.WIDYAISWARA)
    programmes = Programme.objects.bulk_create(
        [
            Programme(name=f"Program W {i:04d}", start_date=date(2025, 1, 1), end_date=date(2025, 6, 30))
            for i in range(size)
        ]
    )
    opd = OpdFactory()
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=p, opd=opd) for p in programmes])
    Assignment.objects.bulk_create([Assignment(programme_opd=po, widyaiswara=user, role="anggota") for po in pos])
    client = client_for(user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pilots:programme_list"))
    assert "Program W 0000" in response.content.decode()


# --- Detail ---------------------------------------------------------------------------------


def test_detail_shows_period_status_decree_and_each_opds_team(client_for, everyone, programme, opd_a, opd_b):
    programme.decree_number = "1245/VI/Tahun 2025"
    programme.decree_date = date(2025, 6, 23)
    programme.save()
    body = client_for(everyone["admin"]).get(reverse("pilots:programme_detail", args=[programme.pk])).content.decode()
    assert "1245/VI/Tahun 2025" in body
    assert "23 Juni 2025" in body
    assert "1 Juli 2025" in body and "30 September 2025" in body
    assert "Perencanaan" in body
    for text in [opd_a.name, opd_b.name, "Kepala A", "Kepala B", "Widyaiswara A", "Widyaiswara B", "Persiapan"]:
        assert text in body
    assert "Berkas SK belum diunggah" in body


def test_detail_shows_member_count(client_for, admin_user, programme_opd_a, widyaiswara_a):
    AssignmentFactory.create_batch(2, programme_opd=programme_opd_a)
    response = client_for(admin_user).get(reverse("pilots:programme_detail", args=[programme_opd_a.programme_id]))
    rows = [row for row in response.context["rows"] if row.pk == programme_opd_a.pk]
    assert rows[0].member_count == 3
    assert rows[0].ketua.widyaiswara == widyaiswara_a


def test_detail_flags_each_active_opd_without_ketua(client_for, admin_user, programme, programme_opd_a, opd_b):
    inactive = ProgrammeOpdFactory(programme=programme, opd=OpdFactory(name="Dinas Nonaktif"), is_active=False)
    ProgrammeOpdFactory(programme=programme, opd=opd_b)
    response = client_for(admin_user).get(reverse("pilots:programme_detail", args=[programme.pk]))
    flagged = {row.opd.name for row in response.context["rows"] if row.needs_ketua}
    assert flagged == {programme_opd_a.opd.name, opd_b.name}
    assert inactive.opd.name not in {po.opd.name for po in response.context["without_ketua"]}
    body = response.content.decode()
    assert "2 OPD aktif belum memiliki ketua tim" in body
    assert "Belum ada ketua tim" in body


def test_detail_does_not_flag_a_finished_programme(client_for, admin_user, programme, programme_opd_a):
    programme.status = ProgrammeStatus.SELESAI
    programme.save()
    response = client_for(admin_user).get(reverse("pilots:programme_detail", args=[programme.pk]))
    assert response.context["without_ketua"] == []
    assert "Selesai" in response.content.decode()


def test_widyaiswara_detail_shows_only_their_own_opds_read_only(client_for, everyone, programme, opd_a, opd_b):
    response = client_for(everyone["widyaiswara_a"]).get(reverse("pilots:programme_detail", args=[programme.pk]))
    body = response.content.decode()
    assert opd_a.name in body
    assert opd_b.name not in body
    assert "Tambah OPD" not in body and reverse("pilots:programme_edit", args=[programme.pk]) not in body


def test_kepala_detail_shows_only_their_opd(client_for, everyone, programme, opd_a, opd_b):
    body = (
        client_for(everyone["kepala_b"]).get(reverse("pilots:programme_detail", args=[programme.pk])).content.decode()
    )
    assert opd_b.name in body and opd_a.name not in body


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_detail_of_a_programme_out_of_scope_is_404(client_for, everyone, who):
    other = ProgrammeOpdFactory(programme=ProgrammeFactory(name="Program Lain")).programme
    response = client_for(everyone[who]).get(reverse("pilots:programme_detail", args=[other.pk]))
    assert response.status_code == 404
    assert "Program Lain" not in response.content.decode()


def test_detail_refuses_a_user_without_a_portal_role(client_for, programme):
    stranger = UserFactory(username="tanpa.peran", role="")
    assert client_for(stranger).get(reverse("pilots:programme_detail", args=[programme.pk])).status_code == 403


@pytest.mark.parametrize("size", [10, 500])
def test_detail_query_count_does_not_grow_with_opds(
    client_for, admin_user, programme, django_assert_max_num_queries, size
):
    heads = UserFactory.create_batch(3, role=Role.KEPALA_OPD)
    opds = Opd.objects.bulk_create(
        [Opd(name=f"OPD Detail {i:04d}", kind="dinas", head=heads[i % 3]) for i in range(size)]
    )
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=programme, opd=o) for o in opds])
    team = UserFactory.create_batch(4, role=Role.WIDYAISWARA)
    Assignment.objects.bulk_create(
        [Assignment(programme_opd=po, widyaiswara=team[i % 4], role="ketua") for i, po in enumerate(pos) if i % 2]
    )
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("pilots:programme_detail", args=[programme.pk]))
    assert response.status_code == 200
    assert "OPD Detail 0000" in response.content.decode()


# --- Stage ----------------------------------------------------------------------------------


def test_stage_is_persiapan_until_the_programme_is_finished(programme_opd_a):
    # The registry reads the stage that insights registers (pilots.hooks): never its own copy.
    assert stage_label(programme_opd_a) == Stage.PERSIAPAN.label
    programme = programme_opd_a.programme
    programme.status = ProgrammeStatus.SELESAI
    programme.save()
    assert stage_label(programme_opd_a) == Stage.SELESAI.label
    row = programme_opd_rows(ProgrammeOpd.objects.filter(pk=programme_opd_a.pk)).get()
    assert stage_label(row) == Stage.SELESAI.label


# --- Create / edit --------------------------------------------------------------------------


def test_admin_creates_a_programme_with_its_decree_pdf(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("pilots:programme_create"), {**programme_data(), "decree_file": pdf("SK Gubernur.pdf")}
    )
    programme = Programme.objects.get(name="Pilot INTAN-WPL 2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("pilots:programme_detail", args=[programme.pk])
    assert programme.decree_number == "800/123/2026"
    assert programme.decree_date == date(2026, 6, 20)
    assert programme.decree_file.name.startswith("decrees/")
    assert "Gubernur" not in programme.decree_file.name  # stored under a random name
    with programme.decree_file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_a_decree_that_is_not_a_pdf_is_refused_at_the_field_and_nothing_is_saved(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("pilots:programme_create"),
        {**programme_data(), "decree_file": pdf("sk.pdf", b"Ini dokumen Word yang diganti namanya\n" * 20)},
    )
    assert response.status_code == 200
    assert "Isi berkas bukan PDF" in str(response.context["form"].errors["decree_file"])
    body = response.content.decode()
    assert 'value="Pilot INTAN-WPL 2026"' in body  # nothing typed is lost
    assert 'value="800/123/2026"' in body
    assert not Programme.objects.exists()


def test_a_50_mb_decree_is_refused_with_a_clear_message(client_for, admin_user):
    big = pdf("besar.pdf", PDF_BYTES + b"0" * (50 * 1024 * 1024))
    response = client_for(admin_user).post(reverse("pilots:programme_create"), {**programme_data(), "decree_file": big})
    assert response.status_code == 200
    message = str(response.context["form"].errors["decree_file"])
    assert "terlalu besar" in message and "10,0" in message
    assert not Programme.objects.exists()


def test_end_before_start_is_refused_at_the_field_and_asks_for_the_file_again(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("pilots:programme_create"),
        {**programme_data(start_date="2026-09-30", end_date="2026-07-01"), "decree_file": pdf()},
    )
    form = response.context["form"]
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in str(form.errors["end_date"])
    body = response.content.decode()
    assert "Berkas SK perlu dipilih lagi" in body
    assert "Pilih berkas PDF itu lagi" in body
    assert 'value="2026-09-30"' in body
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": ""},
        {"name": "x" * 5000},
        {"start_date": "31/02/2026"},
        {"start_date": "bukan tanggal"},
        {"status": "dibatalkan"},
        {"decree_number": "9" * 500},
    ],
)
def test_bad_programme_input_gets_a_field_error_not_a_500(client_for, admin_user, overrides):
    response = client_for(admin_user).post(reverse("pilots:programme_create"), programme_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Programme.objects.exists()


def test_a_duplicate_programme_name_is_refused_at_the_field(client_for, admin_user, programme):
    response = client_for(admin_user).post(reverse("pilots:programme_create"), programme_data(name=programme.name))
    assert "name" in response.context["form"].errors
    assert Programme.objects.count() == 1


def test_admin_edits_a_programme_and_replaces_the_decree(
    client_for, admin_user, programme, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    client.post(reverse("pilots:programme_edit", args=[programme.pk]), {**programme_data(), "decree_file": pdf()})
    programme.refresh_from_db()
    old_name = programme.decree_file.name
    storage = programme.decree_file.storage
    assert storage.exists(old_name)
    new_pdf = PDF_BYTES.replace(b"1.4", b"1.7")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pilots:programme_edit", args=[programme.pk]),
            {**programme_data(name="Pilot Diganti", status="berjalan"), "decree_file": pdf(content=new_pdf)},
        )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Pilot Diganti"
    assert programme.status == ProgrammeStatus.BERJALAN
    assert programme.decree_file.name != old_name
    assert not storage.exists(old_name)
    with programme.decree_file.open("rb") as stored:
        assert stored.read() == new_pdf


def test_editing_without_a_new_file_keeps_the_decree(client_for, admin_user, programme):
    client = client_for(admin_user)
    client.post(reverse("pilots:programme_edit", args=[programme.pk]), {**programme_data(), "decree_file": pdf()})
    programme.refresh_from_db()
    stored = programme.decree_file.name
    client.post(reverse("pilots:programme_edit", args=[programme.pk]), programme_data(decree_number="800/9/2026"))
    programme.refresh_from_db()
    assert programme.decree_file.name == stored
    assert programme.decree_number == "800/9/2026"


def test_a_bad_file_on_edit_changes_nothing(client_for, admin_user, programme):
    before = Programme.objects.filter(pk=programme.pk).values().get()
    response = client_for(admin_user).post(
        reverse("pilots:programme_edit", args=[programme.pk]),
        {**programme_data(name="Nama Baru"), "decree_file": pdf("sk.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100)},
    )
    assert response.status_code == 200
    assert "decree_file" in response.context["form"].errors
    assert Programme.objects.filter(pk=programme.pk).values().get() == before


def test_programme_forms_use_iso_date_inputs(client_for, admin_user, programme):
    body = client_for(admin_user).get(reverse("pilots:programme_edit", args=[programme.pk])).content.decode()
    assert 'type="date"' in body
    assert 'value="2025-07-01"' in body


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_create_is_403_for_non_admins(client_for, everyone, who):
    client = client_for(everyone[who])
    assert client.get(reverse("pilots:programme_create")).status_code == 403
    assert client.post(reverse("pilots:programme_create"), programme_data()).status_code == 403
    assert not Programme.objects.filter(name="Pilot INTAN-WPL 2026").exists()


@pytest.mark.parametrize("view", ["pilots:programme_edit", "pilots:programme_delete", "pilots:programme_opd_add"])
@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_write_views_are_403_for_non_admins_in_scope(client_for, everyone, programme, view, who):
    client = client_for(everyone[who])
    assert client.get(reverse(view, args=[programme.pk])).status_code == 403
    assert client.post(reverse(view, args=[programme.pk]), programme_data()).status_code == 403
    assert Programme.objects.filter(pk=programme.pk, name="Pilot INTAN-WPL Uji").exists()


@pytest.mark.parametrize("view", ["pilots:programme_edit", "pilots:programme_delete", "pilots:programme_opd_add"])
@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_write_views_are_404_for_a_programme_out_of_scope(client_for, everyone, view, who):
    other = ProgrammeOpdFactory(programme=ProgrammeFactory(name="Program Lain")).programme
    assert client_for(everyone[who]).post(reverse(view, args=[other.pk])).status_code == 404
    assert Programme.objects.filter(pk=other.pk).exists()


# --- Delete ---------------------------------------------------------------------------------


def test_delete_of_a_programme_with_opds_is_blocked_with_the_opds_listed(
    client_for, admin_user, programme, programme_opd_a, widyaiswara_a
):
    client = client_for(admin_user)
    page = client.get(reverse("pilots:programme_delete", args=[programme.pk])).content.decode()
    assert "tidak dapat dihapus" in page
    assert "1 OPD dalam program: Dinas Perpustakaan Uji" in page
    assert "1 penugasan Widyaiswara" in page
    assert "Ya, hapus" not in page
    response = client.post(reverse("pilots:programme_delete", args=[programme.pk]), follow=True)
    assert Programme.objects.filter(pk=programme.pk).exists()
    assert ProgrammeOpd.objects.filter(pk=programme_opd_a.pk).exists()
    assert "tidak dapat dihapus" in response.content.decode()


def test_an_empty_programme_is_deleted_after_confirmation_with_its_decree(
    client_for, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    client.post(reverse("pilots:programme_create"), {**programme_data(), "decree_file": pdf()})
    programme = Programme.objects.get()
    stored, storage = programme.decree_file.name, programme.decree_file.storage
    page = client.get(reverse("pilots:programme_delete", args=[programme.pk])).content.decode()
    assert "Ya, hapus" in page
    assert Programme.objects.exists()  # GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pilots:programme_delete", args=[programme.pk]))
    assert response["Location"] == reverse("pilots:programme_list")
    assert not Programme.objects.exists()
    assert not storage.exists(stored)


# --- Menu -----------------------------------------------------------------------------------


def test_menu_offers_programmes_to_everyone_and_widyaiswara_pages_to_the_admin(client_for, everyone):
    admin_body = client_for(everyone["admin"]).get(reverse("insights:home")).content.decode()
    assert reverse("pilots:programme_list") in admin_body
    assert reverse("pilots:widyaiswara_list") in admin_body
    assert reverse("pilots:widyaiswara_load") in admin_body
    for who in ["widyaiswara_a", "kepala_a"]:
        body = client_for(everyone[who]).get(reverse("insights:home")).content.decode()
        assert reverse("pilots:programme_list") in body
        assert reverse("pilots:widyaiswara_list") not in body
        assert reverse("pilots:widyaiswara_load") not in body


def test_programme_pages_use_no_inline_script_or_style(client_for, everyone, programme_opd_a, widyaiswara_a):
    assignment = Assignment.objects.get(widyaiswara=widyaiswara_a)
    admin = client_for(everyone["admin"])
    urls = [
        reverse("pilots:programme_list"),
        reverse("pilots:programme_create"),
        reverse("pilots:programme_detail", args=[programme_opd_a.programme_id]),
        reverse("pilots:programme_edit", args=[programme_opd_a.programme_id]),
        reverse("pilots:programme_delete", args=[programme_opd_a.programme_id]),
        reverse("pilots:programme_opd_add", args=[programme_opd_a.programme_id]),
        reverse("pilots:programme_opd_detail", args=[programme_opd_a.pk]),
        reverse("pilots:programme_opd_remove", args=[programme_opd_a.pk]),
        reverse("pilots:assignment_create", args=[programme_opd_a.pk]),
        reverse("pilots:assignment_edit", args=[assignment.pk]),
        reverse("pilots:assignment_delete", args=[assignment.pk]),
        reverse("pilots:widyaiswara_list"),
        reverse("pilots:widyaiswara_create"),
        reverse("pilots:widyaiswara_edit", args=[widyaiswara_a.pk]),
        reverse("pilots:widyaiswara_load"),
    ]
    for url in urls:
        response = admin.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert " style=" not in body, url
        for attributes, content in re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S):
            assert "src=" in attributes and not content.strip(), url
