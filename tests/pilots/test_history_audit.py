"""Everything on record (issue 13, item 7): history for every model people edit, a history page
for each object that still opens after the object is deleted (scoped like the object was), and
the admin's audit log across the portal, filtered by user and OPD, paginated, with a bounded
number of queries."""

import pytest
from django.urls import reverse

from insights.models import CultureSurvey, JointProgramme
from intan_wpl.models import AuditAction, AuditEntry, User
from learning_needs.models import FieldSession
from learning_needs.services import sessions as session_services
from learning_plans.models import DevelopmentForm
from pilots.models import Assignment, Opd, Pegawai, Programme, ProgrammeOpd, UnitKerja, WidyaiswaraProfile
from tests.factories import (
    FieldSessionFactory,
    FollowUpFactory,
    PegawaiFactory,
    SessionParticipantFactory,
    UnitKerjaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EDITED_MODELS = [
    User,
    Opd,
    Programme,
    ProgrammeOpd,
    Assignment,
    UnitKerja,
    Pegawai,
    WidyaiswaraProfile,
    DevelopmentForm,
    CultureSurvey,
    JointProgramme,
]


@pytest.mark.parametrize("model", EDITED_MODELS, ids=lambda m: m.__name__)
def test_every_model_people_edit_keeps_history(model):
    assert hasattr(model, "history"), f"{model.__name__} has no history"


def test_registry_pages_write_history_and_audit_lines_with_the_opd(client_for, admin_user, opd_a):
    client = client_for(admin_user)
    response = client.post(
        reverse("pilots:pegawai_create", args=[opd_a.pk]),
        {
            "nip": "198609262015051001",
            "name": "Andi Baso",
            "employment_type": "pns",
            "jabatan": "Pustakawan",
            "jabatan_kind": "pelaksana",
            "golongan": "",
            "unit": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    pegawai = Pegawai.objects.get(nip="198609262015051001")
    record = pegawai.history.get()
    assert record.history_type == "+" and record.history_user == admin_user
    entry = AuditEntry.objects.get(model_label="pilots.pegawai", object_id=str(pegawai.pk))
    assert (entry.user, entry.action, entry.opd_id) == (admin_user, AuditAction.CREATED, opd_a.pk)
    assert "Andi Baso" in entry.object_label


def test_a_deleted_sessions_history_opens_for_its_widyaiswara_and_the_admin(
    client_for, admin_user, widyaiswara_a, widyaiswara_b, kepala_a, programme_opd_a
):
    session = FieldSessionFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, topic="Observasi sirkulasi")
    SessionParticipantFactory(session=session, pegawai=PegawaiFactory(opd=programme_opd_a.opd))
    FollowUpFactory(session=session, action="Susun SOP peminjaman")
    pk = session.pk
    session_services.session_delete(session=session, user=widyaiswara_a)
    assert not FieldSession.objects.filter(pk=pk).exists()

    for user in (widyaiswara_a, admin_user, kepala_a):
        response = client_for(user).get(reverse("learning_needs:session_history", args=[pk]), follow=True)
        assert response.status_code == 200, user
        body = response.content.decode()
        assert "sudah dihapus" in body
        assert "Dihapus" in body and "Susun SOP peminjaman" in body
        assert widyaiswara_a.display_name in body
    # Another OPD's Widyaiswara learns nothing, not even that it existed.
    response = client_for(widyaiswara_b).get(reverse("learning_needs:session_history", args=[pk]), follow=True)
    assert response.status_code == 404
    assert "sirkulasi" not in response.content.decode()


def test_history_of_something_that_never_existed_is_404(client_for, admin_user):
    url = reverse("pilots:history", args=["learning_needs.fieldsession", 999999])
    assert client_for(admin_user).get(url).status_code == 404
    assert client_for(admin_user).get(reverse("pilots:history", args=["auth.permission", 1])).status_code == 404


def test_history_page_follows_the_scope_of_the_opd(client_for, admin_user, widyaiswara_a, widyaiswara_b, opd_a):
    unit = UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")
    unit.name = "Bidang Layanan Perpustakaan"
    unit.save()
    url = reverse("pilots:history", args=["pilots.unitkerja", unit.pk])
    body = client_for(widyaiswara_a).get(url).content.decode()
    assert "Bidang Layanan" in body and "Bidang Layanan Perpustakaan" in body
    assert client_for(widyaiswara_b).get(url).status_code == 404
    assert client_for(admin_user).get(url).status_code == 200
    # An account's history is the admin's alone.
    account_url = reverse("pilots:history", args=["intan_wpl.user", widyaiswara_a.pk])
    assert client_for(widyaiswara_a).get(account_url).status_code == 404


def test_roster_import_writes_each_persons_history(admin_user, opd_a):
    from pilots.services import roster_import as service
    from tests.pilots.roster_files import staff_rows, upload, xlsx_bytes

    rows = staff_rows(2, unit="Bidang Baru")
    roster_import = service.roster_import_upload(opd=opd_a, uploaded_by=admin_user, upload=upload(xlsx_bytes(rows)))
    service.roster_import_commit(roster_import=roster_import, actor=admin_user)
    andi = Pegawai.objects.get(nip=rows[0][0])
    record = andi.history.get()
    assert record.history_type == "+" and record.history_user == admin_user
    assert "Impor daftar pegawai" in record.history_change_reason
    # One line of the audit log for the whole import, with what it did.
    entry = AuditEntry.objects.get(action=AuditAction.IMPORTED)
    assert (entry.user, entry.opd_id) == (admin_user, opd_a.pk)
    assert "2 pegawai baru" in entry.reason and "1 unit kerja baru" in entry.reason


@pytest.mark.parametrize("role", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_reads_the_audit_log(client_for, everyone, role):
    assert client_for(everyone[role]).get(reverse("pilots:audit_log")).status_code == 403


def make_lines(count, *, user, opd):
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                user=user,
                user_label=user.display_name,
                action=AuditAction.CHANGED,
                model_label="pilots.opd",
                object_kind="Perangkat daerah",
                object_id=str(opd.pk),
                object_label=opd.name,
                opd_id=opd.pk,
            )
            for _ in range(count)
        ]
    )


def test_the_audit_log_filters_by_user_and_opd(client_for, admin_user, widyaiswara_a, opd_a, opd_b):
    in_b = AuditEntry.objects.filter(opd_id=opd_b.pk).count()
    by_wi = AuditEntry.objects.filter(user=widyaiswara_a).count()
    make_lines(3, user=admin_user, opd=opd_a)
    make_lines(2, user=widyaiswara_a, opd=opd_b)
    client = client_for(admin_user)
    url = reverse("pilots:audit_log")
    base = AuditEntry.objects.count()
    assert client.get(url).context["page"].paginator.count == base
    by_opd = client.get(url, {"opd": opd_b.pk}).context["page"]
    assert by_opd.paginator.count == in_b + 2
    assert {entry.opd_id for entry in by_opd.object_list} == {opd_b.pk}
    by_user = client.get(url, {"user": widyaiswara_a.pk}).context["page"]
    assert by_user.paginator.count == by_wi + 2
    assert {entry.user_id for entry in by_user.object_list} == {widyaiswara_a.pk}
    both = client.get(url, {"user": widyaiswara_a.pk, "opd": opd_b.pk}).context["page"]
    assert both.paginator.count == 2
    body = client.get(url, {"opd": opd_a.pk}).content.decode()
    assert opd_a.short_name in body and reverse("pilots:history", args=["pilots.opd", opd_a.pk]) in body
    # Nonsense in the filters is a message at the field, not a 500.
    assert client.get(url, {"user": "99999999999999999999999", "since": "kemarin"}).status_code == 200


def many_users_and_opds(count):
    User.objects.bulk_create(
        [User(username=f"orang.{i}", full_name=f"Orang Ramai {i}", role="widyaiswara") for i in range(count)]
    )
    Opd.objects.bulk_create([Opd(name=f"Badan Ramai {i}", abbreviation=f"BR{i}", kind="badan") for i in range(count)])


@pytest.mark.parametrize("size", [5, 300])
def test_the_audit_log_costs_the_same_queries_at_any_size(
    client_for, admin_user, opd_a, django_assert_max_num_queries, size
):
    make_lines(size, user=admin_user, opd=opd_a)
    many_users_and_opds(size)
    client = client_for(admin_user)
    # Session and user, the filter's OPD, count, one page with its users, the page's OPD names,
    # the menu's notification count, the session save: no list of every user or OPD.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("pilots:audit_log"), {"opd": opd_a.pk})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size + 1, 50)  # + the OPD's own creation
    body = response.content.decode()
    assert "Orang Ramai 1" not in body and "Badan Ramai 1" not in body and '<option value="' + str(opd_a.pk) not in body
    with django_assert_max_num_queries(11):
        searched = client.get(reverse("pilots:audit_log"), {"user_search": admin_user.username, "opd_search": "BR1"})
    assert searched.status_code == 200


def test_the_audit_log_finds_the_user_and_the_opd_by_text(client_for, admin_user, widyaiswara_a, opd_a, opd_b):
    make_lines(3, user=admin_user, opd=opd_a)
    make_lines(2, user=widyaiswara_a, opd=opd_b)
    client = client_for(admin_user)
    url = reverse("pilots:audit_log")
    by_name = client.get(url, {"user_search": widyaiswara_a.full_name[2:9].upper()}).context["page"]
    assert {entry.user_id for entry in by_name.object_list} == {widyaiswara_a.pk}
    assert by_name.paginator.count == AuditEntry.objects.filter(user=widyaiswara_a).count()
    by_username = client.get(url, {"user_search": widyaiswara_a.username}).context["page"]
    assert {entry.user_id for entry in by_username.object_list} == {widyaiswara_a.pk}
    by_abbreviation = client.get(url, {"opd_search": opd_b.abbreviation}).context["page"]
    assert {entry.opd_id for entry in by_abbreviation.object_list} == {opd_b.pk}
    by_opd_name = client.get(url, {"opd_search": opd_a.name, "user_search": admin_user.username}).context["page"]
    assert {(entry.opd_id, entry.user_id) for entry in by_opd_name.object_list} == {(opd_a.pk, admin_user.pk)}
    # An id from a link still works, and the page says which user it is limited to.
    named = client.get(url, {"user": widyaiswara_a.pk})
    assert "Hanya pengguna " + widyaiswara_a.display_name in named.content.decode()


def test_a_search_that_matches_nothing_or_too_much_says_so_at_the_field(client_for, admin_user, opd_a):
    many_users_and_opds(25)
    client = client_for(admin_user)
    url = reverse("pilots:audit_log")
    nothing = client.get(url, {"user_search": "tidak-ada-siapa-pun"})
    assert nothing.status_code == 200
    assert "Tidak ada pengguna dengan nama atau nama pengguna itu." in nothing.content.decode()
    too_many = client.get(url, {"user_search": "Orang Ramai", "opd_search": "Badan Ramai"})
    body = too_many.content.decode()
    assert "Lebih dari 20 pengguna cocok; ketik lebih lengkap." in body
    assert "Lebih dari 20 OPD cocok; ketik lebih lengkap." in body
    # The page still answers; the form carries the errors shown at the two fields.
    assert too_many.context["filterset"].form.errors


def test_the_admins_own_account_changes_are_on_record(client_for, admin_user):
    target = UserFactory(username="kepala.lama", role="kepala_opd", full_name="Kepala Lama")
    target.full_name = "Kepala Baru"
    target._history_user = admin_user
    target.save()
    entry = AuditEntry.objects.filter(model_label="intan_wpl.user", object_id=str(target.pk)).first()
    assert entry is not None and entry.user == admin_user
    record = target.history.first()
    assert not hasattr(record, "password")
