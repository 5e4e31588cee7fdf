"""The review workflow of a learning plan: each transition only for its role, locks, the
timeline and notifications, versions and their comparison, and optimistic locking."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from intan_wpl.models import Notification
from learning_plans.models import LearningPlan, PlanActivity, PlanComment, PlanStatus, PlanTransition
from learning_plans.selectors.plans import compare_versions
from learning_plans.services import plans as services
from tests.factories import (
    AssignmentFactory,
    LearningNeedFactory,
    LearningPlanFactory,
    PegawaiFactory,
    PlanActivityFactory,
    UserFactory,
    development_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(everyone):
    for user in everyone.values():
        user.email = f"{user.username}@example.go.id"
        user.save()
    return everyone


@pytest.fixture
def plan(programme_opd_a, people):
    return LearningPlanFactory(programme_opd=programme_opd_a, created_by=people["widyaiswara_a"], title="Rencana DPU")


@pytest.fixture
def activity(plan):
    return PlanActivityFactory(plan=plan, title="Coaching katalogisasi", form=development_form("NKL01"), jp=4)


def submitted(plan, people):
    services.plan_submit(plan=plan, actor=people["widyaiswara_a"])
    plan.refresh_from_db()
    return plan


def approved(plan, people):
    submitted(plan, people)
    services.plan_approve(plan=plan, actor=people["kepala_a"])
    plan.refresh_from_db()
    return plan


# --- Submit ---------------------------------------------------------------------------------------


def test_widyaiswara_submits_and_kepala_is_told(
    client_for, people, plan, activity, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["widyaiswara_a"]).post(
            reverse("learning_plans:plan_submit", args=[plan.pk]), {"note": "Mohon ditinjau."}
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN and plan.submitted_at is not None
    transition = plan.transitions.get(to_status=PlanStatus.DIAJUKAN)
    assert (transition.from_status, transition.actor, transition.note) == (
        PlanStatus.DRAF,
        people["widyaiswara_a"],
        "Mohon ditinjau.",
    )
    notification = Notification.objects.get(recipient=people["kepala_a"])
    assert "mengajukan" in notification.message
    assert notification.url == reverse("learning_plans:plan_detail", args=[plan.pk])
    assert [m.to for m in mailoutbox] == [["kepala.a@example.go.id"]]
    assert "Mohon ditinjau." in mailoutbox[0].body


def test_plan_without_activities_cannot_be_submitted(client_for, people, plan):
    response = client_for(people["widyaiswara_a"]).post(
        reverse("learning_plans:plan_submit", args=[plan.pk]), follow=True
    )
    assert "belum memiliki kegiatan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAF
    assert not Notification.objects.exists()


@pytest.mark.parametrize("who", ["admin", "kepala_a", "widyaiswara_b", "kepala_b"])
def test_only_the_assigned_widyaiswara_may_submit(people, plan, activity, who):
    with pytest.raises(PermissionDenied):
        services.plan_submit(plan=plan, actor=people[who])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAF


def test_submit_view_is_post_only(client_for, people, plan, activity):
    response = client_for(people["widyaiswara_a"]).get(reverse("learning_plans:plan_submit", args=[plan.pk]))
    assert response.status_code == 405


def test_submitted_plan_cannot_be_submitted_again(people, plan, activity):
    submitted(plan, people)
    with pytest.raises(ValidationError, match="tidak dapat diajukan"):
        services.plan_submit(plan=plan, actor=people["widyaiswara_a"])


# --- Return and approve ---------------------------------------------------------------------------


def test_kepala_returns_with_general_and_activity_comments(
    client_for, people, plan, activity, mailoutbox, django_capture_on_commit_callbacks
):
    other = PlanActivityFactory(plan=plan, title="Magang")
    submitted(plan, people)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["kepala_a"]).post(
            reverse("learning_plans:plan_review", args=[plan.pk]),
            {
                "decision": "kembalikan",
                "note": "Tambahkan kegiatan untuk bidang arsip.",
                f"komentar_{activity.pk}": "JP coaching terlalu kecil.",
                f"komentar_{other.pk}": "",
            },
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PERLU_REVISI
    transition = plan.transitions.get(to_status=PlanStatus.PERLU_REVISI)
    assert transition.actor == people["kepala_a"] and transition.note == "Tambahkan kegiatan untuk bidang arsip."
    comments = {(c.activity_id, c.text) for c in PlanComment.objects.filter(transition=transition)}
    assert comments == {
        (None, "Tambahkan kegiatan untuk bidang arsip."),
        (activity.pk, "JP coaching terlalu kecil."),
    }
    assert Notification.objects.filter(recipient=people["widyaiswara_a"], message__contains="mengembalikan").exists()
    assert mailoutbox[0].to == ["wi.a@example.go.id"]
    assert "JP coaching terlalu kecil." in mailoutbox[0].body
    page = client_for(people["widyaiswara_a"]).get(reverse("learning_plans:plan_detail", args=[plan.pk]))
    content = page.content.decode()
    assert "Tambahkan kegiatan untuk bidang arsip." in content
    assert "JP coaching terlalu kecil." in content


def test_return_needs_a_general_comment(client_for, people, plan, activity):
    submitted(plan, people)
    response = client_for(people["kepala_a"]).post(
        reverse("learning_plans:plan_review", args=[plan.pk]),
        {"decision": "kembalikan", "note": "  ", f"komentar_{activity.pk}": "Komentar saya tetap ada"},
    )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    assert "Komentar saya tetap ada" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN


def test_comment_on_another_plans_activity_is_refused(people, plan, activity, programme_opd_a):
    submitted(plan, people)
    stranger = PlanActivityFactory(plan=LearningPlanFactory(programme_opd=programme_opd_a, version=9))
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, actor=people["kepala_a"], note="x", activity_comments={stranger.pk: "y"})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN


def test_kepala_approves_and_widyaiswara_is_told(
    client_for, people, plan, activity, mailoutbox, django_capture_on_commit_callbacks
):
    submitted(plan, people)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people["kepala_a"]).post(
            reverse("learning_plans:plan_review", args=[plan.pk]), {"decision": "setujui", "note": ""}
        )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISETUJUI
    assert plan.approved_by == people["kepala_a"] and plan.approved_at is not None
    assert plan.transitions.filter(to_status=PlanStatus.DISETUJUI, actor=people["kepala_a"]).exists()
    assert Notification.objects.filter(recipient=people["widyaiswara_a"], message__contains="menyetujui").exists()
    assert mailoutbox[0].to == ["wi.a@example.go.id"]


@pytest.mark.parametrize("who", ["admin", "widyaiswara_a", "kepala_b", "widyaiswara_b"])
def test_only_the_opds_kepala_may_approve_or_return(people, plan, activity, who):
    submitted(plan, people)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=people[who])
    with pytest.raises(PermissionDenied):
        services.plan_return(plan=plan, actor=people[who], note="Perbaiki")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN


def test_kepala_who_no_longer_heads_the_opd_may_not_approve(people, plan, activity, opd_a):
    submitted(plan, people)
    opd_a.head = UserFactory(username="kepala.baru", role="kepala_opd")
    opd_a.save()
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=people["kepala_a"])


def test_draft_cannot_be_approved_or_returned(client_for, people, plan, activity):
    with pytest.raises(services.PlanLockedError):
        services.plan_approve(plan=plan, actor=people["kepala_a"])
    with pytest.raises(services.PlanLockedError):
        services.plan_return(plan=plan, actor=people["kepala_a"], note="x")
    response = client_for(people["kepala_a"]).get(reverse("learning_plans:plan_review", args=[plan.pk]), follow=True)
    assert "Hanya rencana berstatus Diajukan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAF


def test_full_round_revise_and_resubmit(people, plan, activity):
    submitted(plan, people)
    services.plan_return(plan=plan, actor=people["kepala_a"], note="Perbaiki JP")
    plan.refresh_from_db()
    services.activity_update(
        activity=activity,
        actor=people["widyaiswara_a"],
        lock_version=activity.lock_version,
        jp=Decimal(8),
    )
    services.plan_submit(plan=plan, actor=people["widyaiswara_a"])
    services.plan_approve(plan=plan, actor=people["kepala_a"], note="Sudah baik.")
    plan.refresh_from_db()
    steps = list(plan.transitions.values_list("from_status", "to_status", "actor__username"))
    assert steps == [
        ("draf", "diajukan", "wi.a"),
        ("diajukan", "perlu_revisi", "kepala.a"),
        ("perlu_revisi", "diajukan", "wi.a"),
        ("diajukan", "disetujui", "kepala.a"),
    ]


def test_timeline_shows_who_when_and_note(client_for, people, plan, activity):
    submitted(plan, people)
    services.plan_return(plan=plan, actor=people["kepala_a"], note="Perbaiki sasaran peserta")
    content = client_for(people["admin"]).get(reverse("learning_plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Riwayat status" in content
    assert "Kepala A" in content and "Perbaiki sasaran peserta" in content
    assert "WITA" in content


# --- Locks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["diajukan", "disetujui"])
def test_locked_plan_edit_pages_refuse_with_a_message(client_for, people, plan, activity, state):
    submitted(plan, people) if state == "diajukan" else approved(plan, people)
    client = client_for(people["widyaiswara_a"])
    for url in [
        reverse("learning_plans:plan_edit", args=[plan.pk]),
        reverse("learning_plans:activity_create", args=[plan.pk]),
        reverse("learning_plans:activity_edit", args=[activity.pk]),
        reverse("learning_plans:activity_delete", args=[activity.pk]),
    ]:
        response = client.get(url, follow=True)
        assert "terkunci" in response.content.decode(), url
        response = client.post(url, {"title": "Diubah diam-diam", "lock_version": "0"})
        assert response.status_code == 302, url
    activity.refresh_from_db()
    plan.refresh_from_db()
    assert activity.title == "Coaching katalogisasi" and plan.title == "Rencana DPU"
    assert PlanActivity.objects.filter(plan=plan).count() == 1


@pytest.mark.parametrize("state", ["diajukan", "disetujui"])
def test_locked_plan_is_refused_in_the_services(people, plan, activity, state):
    submitted(plan, people) if state == "diajukan" else approved(plan, people)
    writer = people["widyaiswara_a"]
    with pytest.raises(services.PlanLockedError):
        services.plan_update(plan=plan, actor=writer, lock_version=plan.lock_version, title="X")
    with pytest.raises(services.PlanLockedError):
        services.activity_create(plan=plan, actor=writer, form=development_form("NKL01"), title="Baru", jp=2)
    with pytest.raises(services.PlanLockedError):
        services.activity_update(activity=activity, actor=writer, lock_version=activity.lock_version, title="X")
    with pytest.raises(services.PlanLockedError):
        services.activity_delete(activity=activity, actor=writer)
    activity.refresh_from_db()
    assert activity.title == "Coaching katalogisasi"


def test_plan_page_hides_edit_actions_when_locked(client_for, people, plan, activity):
    submitted(plan, people)
    content = (
        client_for(people["widyaiswara_a"]).get(reverse("learning_plans:plan_detail", args=[plan.pk])).content.decode()
    )
    assert reverse("learning_plans:activity_edit", args=[activity.pk]) not in content
    assert "terkunci" in content


# --- Versions -----------------------------------------------------------------------------------------


def test_new_version_copies_activities_with_needs_and_participants(client_for, people, plan, activity, programme_opd_a):
    need = LearningNeedFactory(cause__problem__programme_opd=programme_opd_a)
    person = PegawaiFactory(opd=programme_opd_a.opd)
    activity.needs.set([need])
    activity.participants.set([person])
    approved(plan, people)
    response = client_for(people["widyaiswara_a"]).post(reverse("learning_plans:plan_new_version", args=[plan.pk]))
    copy = LearningPlan.objects.get(programme_opd=programme_opd_a, version=2)
    assert response.url == reverse("learning_plans:plan_detail", args=[copy.pk])
    assert copy.status == PlanStatus.DRAF and copy.previous_version == plan
    copied = copy.activities.get()
    assert copied.source_activity == activity
    assert (copied.title, copied.jp, copied.form) == (activity.title, activity.jp, activity.form)
    assert list(copied.needs.all()) == [need] and list(copied.participants.all()) == [person]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DISETUJUI  # in force until the new one is approved
    assert Notification.objects.filter(recipient=people["kepala_a"], message__contains="versi 2").exists()


def test_approving_the_new_version_supersedes_the_old(people, plan, activity):
    approved(plan, people)
    copy = services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    services.plan_submit(plan=copy, actor=people["widyaiswara_a"])
    services.plan_approve(plan=copy, actor=people["kepala_a"])
    plan.refresh_from_db()
    copy.refresh_from_db()
    assert (plan.status, copy.status) == (PlanStatus.DIGANTIKAN, PlanStatus.DISETUJUI)
    assert PlanTransition.objects.filter(plan=plan, to_status=PlanStatus.DIGANTIKAN).exists()


def test_new_version_only_from_approved_and_only_once(people, plan, activity):
    with pytest.raises(services.PlanLockedError):
        services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    approved(plan, people)
    services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    with pytest.raises(ValidationError, match="Sudah ada versi 2"):
        services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    with pytest.raises(PermissionDenied):
        services.plan_new_version(plan=plan, actor=people["kepala_a"])
    assert LearningPlan.objects.filter(programme_opd=plan.programme_opd).count() == 2


def _three_versions(people, plan, activity):
    kept = PlanActivityFactory(plan=plan, title="Komunitas belajar", form=development_form("NKL10"), jp=2)
    dropped = PlanActivityFactory(plan=plan, title="Sosialisasi SOP", form=development_form("KL11"), jp=4)
    approved(plan, people)
    v2 = services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    v2_activity = v2.activities.get(source_activity=activity)
    services.activity_update(
        activity=v2_activity, actor=people["widyaiswara_a"], lock_version=0, jp=Decimal(6), title="Coaching RDA"
    )
    services.activity_delete(activity=v2.activities.get(source_activity=dropped), actor=people["widyaiswara_a"])
    services.activity_create(
        plan=v2, actor=people["widyaiswara_a"], form=development_form("NKL12"), title="Magang arsip", jp=20
    )
    services.plan_submit(plan=v2, actor=people["widyaiswara_a"])
    services.plan_approve(plan=v2, actor=people["kepala_a"])
    v3 = services.plan_new_version(plan=v2, actor=people["widyaiswara_a"])
    return kept, dropped, v2, v3


def test_compare_marks_added_removed_and_changed_fields(people, plan, activity):
    kept, dropped, v2, _v3 = _three_versions(people, plan, activity)
    comparison = compare_versions(v2, plan)  # either order: older goes left
    assert comparison["older"] == plan and comparison["newer"] == v2
    by_title = {diff.title: diff for diff in comparison["diffs"]}
    assert by_title["Coaching RDA"].state == "diubah"
    assert set(by_title["Coaching RDA"].changed_labels) == {"Nama kegiatan", "JP"}
    assert by_title["Komunitas belajar"].state == "tetap"
    assert by_title["Sosialisasi SOP"].state == "dihapus"
    assert by_title["Magang arsip"].state == "ditambah"


def test_compare_follows_the_source_chain_across_versions(people, plan, activity):
    _kept, _dropped, _v2, v3 = _three_versions(people, plan, activity)
    comparison = compare_versions(plan, v3)
    states = {diff.title: diff.state for diff in comparison["diffs"]}
    assert states == {
        "Coaching RDA": "diubah",
        "Komunitas belajar": "tetap",
        "Magang arsip": "ditambah",
        "Sosialisasi SOP": "dihapus",
    }


def test_compare_page_shows_both_versions(client_for, people, plan, activity):
    _kept, _dropped, v2, _v3 = _three_versions(people, plan, activity)
    response = client_for(people["kepala_a"]).get(
        reverse("learning_plans:plan_compare", args=[v2.pk]) + f"?dengan={plan.pk}"
    )
    content = response.content.decode()
    assert "Coaching RDA" in content and "Coaching katalogisasi" in content
    assert "compare-changed" in content
    assert "Ditambahkan" in content and "Dihapus" in content


def test_compare_with_another_opds_plan_is_refused(client_for, people, plan, activity, programme_opd_b):
    approved(plan, people)
    services.plan_new_version(plan=plan, actor=people["widyaiswara_a"])
    foreign = LearningPlanFactory(programme_opd=programme_opd_b, title="Rahasia OPD B")
    response = client_for(people["kepala_a"]).get(
        reverse("learning_plans:plan_compare", args=[plan.pk]) + f"?dengan={foreign.pk}"
    )
    assert response.status_code == 200
    assert "Rahasia OPD B" not in response.content.decode()
    assert response.context["comparison"] is None
    garbage = client_for(people["kepala_a"]).get(reverse("learning_plans:plan_compare", args=[plan.pk]) + "?dengan=abc")
    assert garbage.status_code == 200


# --- Optimistic locking: two people, one plan ----------------------------------------------------------


@pytest.fixture
def second_writer(programme_opd_a):
    user = UserFactory(username="wi.a2", full_name="Widyaiswara Kedua", role="widyaiswara")
    AssignmentFactory(programme_opd=programme_opd_a, widyaiswara=user)
    return user


def test_second_plan_save_is_refused_and_keeps_what_was_typed(people, plan, second_writer):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(people["widyaiswara_a"])
    second.force_login(second_writer)
    url = reverse("learning_plans:plan_edit", args=[plan.pk])
    version_seen = first.get(url).context["form"]["lock_version"].value()
    assert second.get(url).context["form"]["lock_version"].value() == version_seen
    assert first.post(url, {"title": "Judul dari orang pertama", "lock_version": version_seen}).status_code == 302
    response = second.post(
        url, {"title": "Judul dari orang kedua", "summary": "Ringkasan kedua", "lock_version": version_seen}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "sudah diubah oleh Widyaiswara A pada" in content
    assert "perubahan Anda belum disimpan" in content
    assert "Judul dari orang kedua" in content and "Ringkasan kedua" in content
    assert "Judul dari orang pertama" in content  # what is stored now, shown beside
    plan.refresh_from_db()
    assert plan.title == "Judul dari orang pertama"
    # Saving again after seeing the change is a deliberate choice: it goes through.
    again = second.post(url, response.context["form"].data)
    assert again.status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Judul dari orang kedua"


def test_second_activity_save_is_refused_and_keeps_what_was_typed(people, plan, activity, second_writer):
    from django.test import Client

    first, second = Client(), Client()
    first.force_login(people["widyaiswara_a"])
    second.force_login(second_writer)
    url = reverse("learning_plans:activity_edit", args=[activity.pk])
    form_data = {
        "form": str(activity.form_id),
        "title": "Coaching katalogisasi",
        "jp": "4",
        "lock_version": str(activity.lock_version),
    }
    assert first.post(url, {**form_data, "title": "Coaching versi pertama", "jp": "5"}).status_code == 302
    response = second.post(url, {**form_data, "title": "Coaching versi kedua", "organiser": "Penyelenggara kedua"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kegiatan ini sudah diubah oleh Widyaiswara A" in content
    assert "Coaching versi kedua" in content and "Penyelenggara kedua" in content
    assert "Coaching versi pertama" in content
    activity.refresh_from_db()
    assert (activity.title, activity.jp, activity.organiser) == ("Coaching versi pertama", Decimal(5), "")


def test_stale_lock_version_is_refused_in_the_service(people, plan, activity):
    services.plan_update(plan=plan, actor=people["widyaiswara_a"], lock_version=0, title="Satu")
    with pytest.raises(services.ConcurrentEditError):
        services.plan_update(plan=plan, actor=people["widyaiswara_a"], lock_version=0, title="Dua")
    services.activity_update(activity=activity, actor=people["widyaiswara_a"], lock_version=0, title="A")
    with pytest.raises(services.ConcurrentEditError):
        services.activity_update(activity=activity, actor=people["widyaiswara_a"], lock_version=0, title="B")
    plan.refresh_from_db()
    activity.refresh_from_db()
    assert (plan.title, activity.title) == ("Satu", "A")


def test_submit_meanwhile_turns_an_open_edit_into_a_locked_refusal(client_for, people, plan, activity):
    client = client_for(people["widyaiswara_a"])
    url = reverse("learning_plans:plan_edit", args=[plan.pk])
    seen = client.get(url).context["form"]["lock_version"].value()
    submitted(plan, people)
    response = client.post(url, {"title": "Terlambat", "lock_version": seen}, follow=True)
    assert "terkunci" in response.content.decode()
    plan.refresh_from_db()
    assert plan.title == "Rencana DPU"


def test_edit_of_an_activity_deleted_meanwhile_is_explained(client_for, people, plan, activity):
    client = client_for(people["widyaiswara_a"])
    url = reverse("learning_plans:activity_edit", args=[activity.pk])
    client.get(url)
    services.activity_delete(activity=activity, actor=people["widyaiswara_a"])
    response = client.post(url, {"form": str(activity.form_id), "title": "X", "jp": "1", "lock_version": "0"})
    assert response.status_code == 404


def test_overlong_submit_note_is_refused_with_a_message(client_for, people, plan, activity):
    response = client_for(people["widyaiswara_a"]).post(
        reverse("learning_plans:plan_submit", args=[plan.pk]), {"note": "x" * 4000}, follow=True
    )
    assert "terlalu panjang" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAF


def test_review_with_bad_decision_or_huge_comment_is_a_field_error(client_for, people, plan, activity):
    submitted(plan, people)
    url = reverse("learning_plans:plan_review", args=[plan.pk])
    response = client_for(people["kepala_a"]).post(url, {"decision": "hapus-semua", "note": "x"})
    assert "decision" in response.context["form"].errors
    response = client_for(people["kepala_a"]).post(
        url, {"decision": "kembalikan", "note": "x", f"komentar_{activity.pk}": "y" * 5000}
    )
    assert f"komentar_{activity.pk}" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DIAJUKAN
