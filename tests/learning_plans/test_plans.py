"""Learning plan pages: scope of every view, the plan page (activities, totals, unanswered
needs, 70:20:10 mix), activity forms and their validation, bounded queries, the document."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from intan_wpl.models import Role
from learning_plans.models import LearningPlan, LearningSettings, PlanActivity, PlanStatus, PlanTransition
from learning_plans.selectors.mix import activity_weight, plan_mix
from learning_plans.services import plans as services
from tests.factories import (
    AssignmentFactory,
    LearningNeedFactory,
    LearningPlanFactory,
    PegawaiFactory,
    PlanActivityFactory,
    TechnicalCompetencyFactory,
    UserFactory,
    WidyaiswaraProfileFactory,
    development_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_a(programme_opd_a, widyaiswara_a, kepala_a):
    return LearningPlanFactory(programme_opd=programme_opd_a, created_by=widyaiswara_a, title="Rencana DPU 2025")


@pytest.fixture
def activity_a(plan_a):
    return PlanActivityFactory(plan=plan_a, title="Coaching layanan sirkulasi", form=development_form("NKL01"))


def need_for(programme_opd, **kwargs):
    return LearningNeedFactory(
        cause__problem__programme_opd=programme_opd,
        competency=TechnicalCompetencyFactory(opd=programme_opd.opd, name=kwargs.pop("name", "Layanan sirkulasi")),
        **kwargs,
    )


def activity_post(form_code="NKL01", **overrides):
    data = {
        "lock_version": "0",
        "form": str(development_form(form_code).pk),
        "title": "Bimbingan di tempat kerja katalogisasi",
        "description": "Praktik katalogisasi bersama pustakawan senior.",
        "target_positions": "Pustakawan Ahli Pertama",
        "start_date": "2025-08-04",
        "end_date": "2025-08-29",
        "person_in_charge": "Kepala Bidang Layanan",
        "organiser": "DPU bersama BPSDM",
        "jp": "6",
        "estimated_cost": "250000",
        "rhk_indicator": "Persentase koleksi terkatalog",
        "success_measure": "90% koleksi baru terkatalog dalam 7 hari",
    }
    data.update(overrides)
    return data


# --- Scope: every view, wrong role 403, wrong OPD 404 --------------------------------------------

READ_VIEWS = ["plan_detail", "plan_history", "plan_print", "plan_pdf"]
WRITE_VIEWS = ["plan_edit", "activity_create", "plan_submit", "plan_new_version"]
ACTIVITY_WRITE_VIEWS = ["activity_edit", "activity_delete"]


@pytest.mark.parametrize("name", READ_VIEWS)
def test_read_views_open_for_everyone_in_scope(client_for, everyone, plan_a, activity_a, name):
    for key in ("admin", "widyaiswara_a", "kepala_a"):
        response = client_for(everyone[key]).get(reverse(f"learning_plans:{name}", args=[plan_a.pk]))
        assert response.status_code == 200, key
        if response["Content-Type"].startswith("text/html"):
            assert plan_a.programme_opd.opd.short_name in response.content.decode(), key


@pytest.mark.parametrize("name", READ_VIEWS)
def test_read_views_are_404_for_other_opds_people(client_for, everyone, plan_a, name):
    for key in ("widyaiswara_b", "kepala_b"):
        response = client_for(everyone[key]).get(reverse(f"learning_plans:{name}", args=[plan_a.pk]))
        assert response.status_code == 404, key


def test_plan_current_and_list_scope(client_for, everyone, plan_a, programme_opd_a):
    url = reverse("learning_plans:plan_current", args=[programme_opd_a.pk])
    for key in ("admin", "widyaiswara_a", "kepala_a"):
        assert client_for(everyone[key]).get(url).status_code == 200
    for key in ("widyaiswara_b", "kepala_b"):
        assert client_for(everyone[key]).get(url).status_code == 404
    listing = client_for(everyone["kepala_b"]).get(reverse("learning_plans:plan_list"))
    assert listing.status_code == 200
    assert "Rencana DPU 2025" not in listing.content.decode()
    assert plan_a.programme_opd.opd.name not in listing.content.decode()


def test_user_without_a_role_gets_403(client_for, plan_a):
    nobody = UserFactory(username="tanpa.peran", role="")
    assert client_for(nobody).get(reverse("learning_plans:plan_detail", args=[plan_a.pk])).status_code == 403
    assert client_for(nobody).get(reverse("learning_plans:plan_list")).status_code == 403


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_views_are_403_for_admin_and_kepala(client_for, everyone, plan_a, name):
    url = reverse(f"learning_plans:{name}", args=[plan_a.pk])
    for key in ("admin", "kepala_a"):
        assert client_for(everyone[key]).post(url, {}).status_code == 403, key


@pytest.mark.parametrize("name", WRITE_VIEWS)
def test_write_views_are_404_for_other_opds_widyaiswara(client_for, everyone, plan_a, name):
    url = reverse(f"learning_plans:{name}", args=[plan_a.pk])
    assert client_for(everyone["widyaiswara_b"]).post(url, {}).status_code == 404


@pytest.mark.parametrize("name", ACTIVITY_WRITE_VIEWS)
def test_activity_views_refuse_wrong_role_and_wrong_opd(client_for, everyone, activity_a, name):
    url = reverse(f"learning_plans:{name}", args=[activity_a.pk])
    for key in ("admin", "kepala_a"):
        assert client_for(everyone[key]).get(url).status_code == 403, key
    assert client_for(everyone["widyaiswara_b"]).get(url).status_code == 404
    assert client_for(everyone["kepala_b"]).get(url).status_code == 404
    assert PlanActivity.objects.filter(pk=activity_a.pk).exists()


def test_plan_create_scope(client_for, everyone, programme_opd_a):
    url = reverse("learning_plans:plan_create", args=[programme_opd_a.pk])
    for key in ("admin", "kepala_a"):
        assert client_for(everyone[key]).post(url, {"title": "X"}).status_code == 403
    assert client_for(everyone["widyaiswara_b"]).post(url, {"title": "X"}).status_code == 404
    assert not LearningPlan.objects.exists()


def test_review_view_is_only_for_the_opds_kepala(client_for, everyone, plan_a):
    url = reverse("learning_plans:plan_review", args=[plan_a.pk])
    for key in ("admin", "widyaiswara_a"):
        assert client_for(everyone[key]).get(url).status_code == 403, key
    assert client_for(everyone["kepala_b"]).get(url).status_code == 404
    assert client_for(everyone["widyaiswara_b"]).get(url).status_code == 404


def test_compare_of_another_opds_plan_is_404(client_for, everyone, plan_a):
    url = reverse("learning_plans:plan_compare", args=[plan_a.pk])
    assert client_for(everyone["widyaiswara_b"]).get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, plan_a):
    response = client.get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response.url


# --- Creating a plan -----------------------------------------------------------------------------


def test_programme_opd_without_plan_offers_creation_to_its_widyaiswara(client_for, widyaiswara_a, programme_opd_a):
    response = client_for(widyaiswara_a).get(reverse("learning_plans:plan_current", args=[programme_opd_a.pk]))
    content = response.content.decode()
    assert "belum memiliki rencana pembelajaran" in content
    assert reverse("learning_plans:plan_create", args=[programme_opd_a.pk]) in content


def test_kepala_sees_no_creation_form(client_for, kepala_a, programme_opd_a):
    response = client_for(kepala_a).get(reverse("learning_plans:plan_current", args=[programme_opd_a.pk]))
    assert reverse("learning_plans:plan_create", args=[programme_opd_a.pk]) not in response.content.decode()


def test_widyaiswara_creates_version_1_in_draf(
    client_for, widyaiswara_a, kepala_a, programme_opd_a, mailoutbox, django_capture_on_commit_callbacks
):
    kepala_a.email = "kepala.a@example.go.id"
    kepala_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(widyaiswara_a).post(
            reverse("learning_plans:plan_create", args=[programme_opd_a.pk]),
            {"title": "Rencana Pembelajaran DPU 2025", "summary": "Fokus layanan."},
        )
    plan = LearningPlan.objects.get(programme_opd=programme_opd_a)
    assert response.status_code == 302
    assert response.url == reverse("learning_plans:plan_detail", args=[plan.pk])
    assert (plan.version, plan.status, plan.created_by) == (1, PlanStatus.DRAF, widyaiswara_a)
    transition = PlanTransition.objects.get(plan=plan)
    assert (transition.from_status, transition.to_status, transition.actor) == ("", PlanStatus.DRAF, widyaiswara_a)
    assert kepala_a.notifications.count() == 1
    assert mailoutbox[0].to == ["kepala.a@example.go.id"]


def test_second_plan_is_not_created(client_for, widyaiswara_a, plan_a, programme_opd_a):
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:plan_create", args=[programme_opd_a.pk]), {"title": "Lagi"}
    )
    assert response.status_code == 302
    assert LearningPlan.objects.filter(programme_opd=programme_opd_a).count() == 1


def test_plan_create_with_empty_or_huge_title_keeps_input(client_for, widyaiswara_a, programme_opd_a):
    url = reverse("learning_plans:plan_create", args=[programme_opd_a.pk])
    response = client_for(widyaiswara_a).post(url, {"title": "", "summary": "Ringkasan saya"})
    assert response.status_code == 200
    assert "Ringkasan saya" in response.content.decode()
    response = client_for(widyaiswara_a).post(url, {"title": "x" * 5000})
    assert response.status_code == 200
    assert not LearningPlan.objects.exists()


# --- Activities ----------------------------------------------------------------------------------


def test_activity_form_offers_only_this_opds_needs_and_staff(
    client_for, widyaiswara_a, plan_a, programme_opd_a, programme_opd_b
):
    own_need = need_for(programme_opd_a, name="Katalogisasi RDA")
    need_for(programme_opd_b, name="Pengawasan kapal ikan")
    PegawaiFactory(opd=programme_opd_a.opd, name="Sitti Pustaka")
    PegawaiFactory(opd=programme_opd_b.opd, name="Andi Nelayan")
    response = client_for(widyaiswara_a).get(reverse("learning_plans:activity_create", args=[plan_a.pk]))
    content = response.content.decode()
    assert "Katalogisasi RDA" in content and f'value="{own_need.pk}"' in content
    assert "Pengawasan kapal ikan" not in content
    assert "Sitti Pustaka" in content
    assert "Andi Nelayan" not in content
    assert 'data-default-jp="2.0"' in content  # NKL01 coaching prefill


def test_activity_is_created_with_needs_and_participants(client_for, widyaiswara_a, plan_a, programme_opd_a):
    need = need_for(programme_opd_a)
    person = PegawaiFactory(opd=programme_opd_a.opd)
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_create", args=[plan_a.pk]),
        activity_post(needs=[str(need.pk)], participants=[str(person.pk)]),
    )
    assert response.status_code == 302
    activity = PlanActivity.objects.get(plan=plan_a)
    assert activity.title == "Bimbingan di tempat kerja katalogisasi"
    assert list(activity.needs.all()) == [need]
    assert list(activity.participants.all()) == [person]
    assert activity.jp == Decimal("6") and activity.estimated_cost == Decimal("250000")
    assert activity.start_date == date(2025, 8, 4) and activity.end_date == date(2025, 8, 29)


def test_empty_jp_takes_the_forms_default(client_for, widyaiswara_a, plan_a):
    client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_create", args=[plan_a.pk]),
        activity_post(form_code="KL03", jp="", estimated_cost=""),
    )
    activity = PlanActivity.objects.get(plan=plan_a)
    assert activity.jp == development_form("KL03").default_jp == Decimal("24")
    assert activity.estimated_cost == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_date": "2025-09-10", "end_date": "2025-09-01"}, "end_date", "Tanggal selesai tidak boleh sebelum"),
        ({"jp": "-2"}, "jp", "JP tidak boleh negatif"),
        ({"estimated_cost": "-5000"}, "estimated_cost", "Biaya tidak boleh negatif"),
        ({"jp": "dua"}, "jp", "Masukkan"),
        ({"jp": "123456"}, "jp", "Pastikan"),
        ({"title": "x" * 1000}, "title", "Pastikan"),
        ({"title": ""}, "title", "tidak boleh kosong"),
        ({"form": "999999"}, "form", "Pilih bentuk pengembangan yang aktif"),
        ({"start_date": "31/31/2025"}, "start_date", "Masukkan"),
    ],
)
def test_bad_activity_input_is_refused_next_to_the_field(client_for, widyaiswara_a, plan_a, overrides, field, message):
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_create", args=[plan_a.pk]), activity_post(**overrides)
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert any(message in error for error in form.errors[field])
    assert "Praktik katalogisasi bersama pustakawan senior." in response.content.decode()
    assert not PlanActivity.objects.exists()


def test_inactive_form_is_not_offered(client_for, widyaiswara_a, plan_a):
    form = development_form("KL12")
    form.is_active = False
    form.save()
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_create", args=[plan_a.pk]), activity_post(form_code="KL12")
    )
    assert "form" in response.context["form"].errors
    assert not PlanActivity.objects.exists()


def test_need_and_participant_of_another_opd_are_rejected(client_for, widyaiswara_a, plan_a, programme_opd_b):
    foreign_need = need_for(programme_opd_b)
    foreign_person = PegawaiFactory(opd=programme_opd_b.opd)
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_create", args=[plan_a.pk]),
        activity_post(needs=[str(foreign_need.pk)], participants=[str(foreign_person.pk)]),
    )
    errors = response.context["form"].errors
    assert "needs" in errors and "participants" in errors
    assert not PlanActivity.objects.exists()


def test_service_rejects_foreign_need_and_participant(plan_a, widyaiswara_a, programme_opd_b):
    with pytest.raises(services.ValidationError) as error:
        services.activity_create(
            plan=plan_a,
            actor=widyaiswara_a,
            needs=[need_for(programme_opd_b)],
            participants=[PegawaiFactory(opd=programme_opd_b.opd)],
            form=development_form("NKL01"),
            title="Coaching",
            jp=Decimal(2),
        )
    assert set(error.value.message_dict) == {"needs", "participants"}


def test_activity_edit_changes_it_and_bumps_lock_version(client_for, widyaiswara_a, activity_a):
    response = client_for(widyaiswara_a).post(
        reverse("learning_plans:activity_edit", args=[activity_a.pk]),
        activity_post(title="Coaching layanan sirkulasi (diperbarui)", lock_version=str(activity_a.lock_version)),
    )
    assert response.status_code == 302
    activity_a.refresh_from_db()
    assert activity_a.title == "Coaching layanan sirkulasi (diperbarui)"
    assert activity_a.lock_version == 1


def test_activity_delete_confirms_then_deletes(client_for, widyaiswara_a, activity_a):
    client = client_for(widyaiswara_a)
    url = reverse("learning_plans:activity_delete", args=[activity_a.pk])
    page = client.get(url)
    assert "Coaching layanan sirkulasi" in page.content.decode()
    assert PlanActivity.objects.filter(pk=activity_a.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not PlanActivity.objects.filter(pk=activity_a.pk).exists()


def test_activity_create_preselects_need_from_link(client_for, widyaiswara_a, plan_a, programme_opd_a):
    need = need_for(programme_opd_a)
    response = client_for(widyaiswara_a).get(
        reverse("learning_plans:activity_create", args=[plan_a.pk]) + f"?kebutuhan={need.pk}"
    )
    assert response.context["form"].initial["needs"] == [need.pk]
    bad = client_for(widyaiswara_a).get(reverse("learning_plans:activity_create", args=[plan_a.pk]) + "?kebutuhan=x")
    assert bad.status_code == 200


def test_an_activity_opened_from_a_need_carries_its_target_positions_and_staff(
    client_for, widyaiswara_a, plan_a, programme_opd_a
):
    need = need_for(programme_opd_a, target_positions="Arsiparis Ahli Pertama")
    arsiparis = PegawaiFactory(opd=programme_opd_a.opd, name="Sitti Arsiparis")
    gone = PegawaiFactory(opd=programme_opd_a.opd, name="Sudah Pensiun", is_active=False)
    need.target_staff.set([arsiparis, gone])
    response = client_for(widyaiswara_a).get(
        reverse("learning_plans:activity_create", args=[plan_a.pk]) + f"?kebutuhan={need.pk}"
    )
    initial = response.context["form"].initial
    assert initial["needs"] == [need.pk]
    assert initial["target_positions"] == "Arsiparis Ahli Pertama"
    assert initial["participants"] == [arsiparis.pk]  # who left the active roster is not offered


# --- The plan page ---------------------------------------------------------------------------


def test_plan_page_shows_activities_totals_and_unanswered_needs(client_for, kepala_a, plan_a, programme_opd_a):
    answered = need_for(programme_opd_a, name="Katalogisasi RDA")
    unanswered = need_for(programme_opd_a, name="Pelestarian naskah kuno")
    first = PlanActivityFactory(plan=plan_a, title="Magang katalogisasi", jp=20, estimated_cost=1500000)
    first.needs.set([answered])
    PlanActivityFactory(plan=plan_a, title="Komunitas belajar", jp=Decimal("4.5"), estimated_cost=250000)
    response = client_for(kepala_a).get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    content = response.content.decode()
    assert "Magang katalogisasi" in content and "Komunitas belajar" in content
    assert response.context["totals"]["jp"] == Decimal("24.5")
    assert response.context["totals"]["cost"] == Decimal("1750000")
    assert "1.750.000" in content
    assert [n.pk for n in response.context["unanswered"]] == [unanswered.pk]
    assert "Pelestarian naskah kuno" in content
    assert reverse("learning_needs:need_detail", args=[unanswered.pk]) in content
    # Kepala OPD reads; the edit buttons are not there for them.
    assert reverse("learning_plans:activity_edit", args=[first.pk]) not in content


def test_plan_current_shows_latest_version(client_for, kepala_a, plan_a, programme_opd_a, widyaiswara_a):
    plan_a.status = PlanStatus.DISETUJUI
    plan_a.save()
    newer = LearningPlanFactory(
        programme_opd=programme_opd_a, version=2, previous_version=plan_a, created_by=widyaiswara_a, title="Versi 2"
    )
    response = client_for(kepala_a).get(reverse("learning_plans:plan_current", args=[programme_opd_a.pk]))
    assert response.context["plan"] == newer
    assert response.context["in_force"].pk == plan_a.pk


def test_plan_page_warns_when_the_mix_drifts(client_for, widyaiswara_a, plan_a):
    PlanActivityFactory(plan=plan_a, form=development_form("KL03"), jp=24)
    response = client_for(widyaiswara_a).get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    content = response.content.decode()
    assert "Komposisi menyimpang dari target" in content
    assert "Pembelajaran Formal 100,0% dari target 10%" in content
    assert 'data-mix-width="100.0"' in content
    assert "JP × jumlah peserta" in content


def test_realisation_link_only_on_an_approved_plan(client_for, widyaiswara_a, plan_a, activity_a):
    plan_a.status = PlanStatus.DISETUJUI
    plan_a.save()
    response = client_for(widyaiswara_a).get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    assert response.status_code == 200
    try:
        realisation_url = reverse("learning_records:realisation_detail", args=[activity_a.pk])
    except NoReverseMatch:
        return
    assert realisation_url in response.content.decode()
    plan_a.status = PlanStatus.DRAF
    plan_a.save()
    draft = client_for(widyaiswara_a).get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    assert realisation_url not in draft.content.decode()


# --- Bounded queries ------------------------------------------------------------------------------


def _bulk_activities(plan, count, people, needs):
    form = development_form("NKL11")
    activities = PlanActivity.objects.bulk_create(
        [PlanActivity(plan=plan, form=form, title=f"Kegiatan {i}", jp=2) for i in range(count)]
    )
    PlanActivity.participants.through.objects.bulk_create(
        [PlanActivity.participants.through(planactivity_id=a.pk, pegawai_id=p.pk) for a in activities for p in people]
    )
    PlanActivity.needs.through.objects.bulk_create(
        [PlanActivity.needs.through(planactivity_id=a.pk, learningneed_id=n.pk) for a in activities for n in needs]
    )
    return activities


@pytest.mark.parametrize("count", [10, 300])
def test_plan_page_queries_do_not_grow(
    client_for, widyaiswara_a, plan_a, programme_opd_a, count, django_assert_max_num_queries
):
    people = [PegawaiFactory(opd=programme_opd_a.opd) for _ in range(3)]
    needs = [need_for(programme_opd_a, name=f"Kompetensi {i}") for i in range(2)]
    _bulk_activities(plan_a, count, people, needs)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_plans:plan_detail", args=[plan_a.pk]))
    assert len(response.context["activities"]) == count
    assert response.context["totals"]["participants"] == 3 * count


@pytest.mark.parametrize("count", [10, 300])
def test_plan_list_queries_do_not_grow(
    client_for, admin_user, programme, widyaiswara_a, count, django_assert_max_num_queries
):
    from tests.factories import OpdFactory, ProgrammeOpdFactory

    for index in range(count // 10):
        programme_opd = ProgrammeOpdFactory(programme=programme, opd=OpdFactory())
        plan = LearningPlanFactory(programme_opd=programme_opd, created_by=widyaiswara_a)
        _bulk_activities(plan, 10, [], [])
        if index % 2:
            LearningPlanFactory(programme_opd=programme_opd, version=2, created_by=widyaiswara_a)
    client = client_for(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("learning_plans:plan_list"))
    assert response.status_code == 200
    shown = response.context["page"].object_list
    # Every OPD with a plan of 10 activities, plus Widyaiswara A's OPD that has none yet.
    assert len(shown) == min(count // 10 + 1, 25)
    assert sum(1 for programme_opd in shown if programme_opd.plans) == min(count // 10, len(shown) - 1) or count > 10
    assert all(plan.activity_count in (0, 10) for programme_opd in shown for plan in programme_opd.plans)


def test_plan_list_filters_by_status(client_for, admin_user, plan_a, programme_opd_b):
    client = client_for(admin_user)
    draf = client.get(reverse("learning_plans:plan_list") + "?status=draf").context["page"].object_list
    assert [po.pk for po in draf] == [plan_a.programme_opd_id]
    none_yet = client.get(reverse("learning_plans:plan_list") + "?status=belum").context["page"].object_list
    assert [po.pk for po in none_yet] == [programme_opd_b.pk]
    assert client.get(reverse("learning_plans:plan_list") + "?status=<script>").status_code == 200


# --- The 70:20:10 arithmetic ---------------------------------------------------------------------


class Row:
    def __init__(self, code, jp, participants):
        self.form = development_form(code)
        self.jp = Decimal(jp)
        self.participant_count = participants


def test_activity_weight_is_jp_times_participants_with_at_least_one():
    assert activity_weight(jp=Decimal("4"), participant_count=5) == Decimal(20)
    assert activity_weight(jp=Decimal("4"), participant_count=0) == Decimal(4)
    assert activity_weight(jp=None, participant_count=3) == Decimal(0)


def test_mix_on_target_gives_no_warning():
    # pengalaman 70 (NKL12 magang), sosial 20 (NKL01 coaching), formal 10 (KL03).
    mix = plan_mix(activities=[Row("NKL12", 35, 2), Row("NKL01", 10, 2), Row("KL03", 5, 2)])
    percents = {row.family: row.percent for row in mix.rows}
    assert percents == {"pengalaman": Decimal("70.0"), "sosial": Decimal("20.0"), "formal": Decimal("10.0")}
    assert mix.total_weight == Decimal(100)
    assert not mix.warnings


def test_mix_weighs_by_participants_not_just_jp():
    # 10 JP for 1 person of magang vs 2 JP for 20 people of coaching: coaching weighs 40 vs 10.
    mix = plan_mix(activities=[Row("NKL12", 10, 1), Row("NKL01", 2, 20)])
    rows = {row.family: row for row in mix.rows}
    assert rows["pengalaman"].percent == Decimal("20.0")
    assert rows["sosial"].percent == Decimal("80.0")
    assert rows["formal"].percent == Decimal("0.0")
    assert rows["pengalaman"].deviation == Decimal("-50.0") and rows["pengalaman"].deviates
    assert rows["sosial"].deviates and not rows["formal"].deviates  # formal is 10 points off: within tolerance
    assert len(mix.warnings) == 2


def test_mix_tolerance_and_targets_come_from_settings():
    learning_settings = LearningSettings.load()
    learning_settings.target_pengalaman, learning_settings.target_sosial, learning_settings.target_formal = 60, 20, 20
    learning_settings.mix_tolerance = 5
    mix = plan_mix(
        activities=[Row("NKL12", 66, 1), Row("NKL01", 20, 1), Row("KL03", 14, 1)], learning_settings=learning_settings
    )
    rows = {row.family: row for row in mix.rows}
    assert rows["pengalaman"].target == 60 and rows["pengalaman"].deviation == Decimal("6.0")
    assert rows["pengalaman"].deviates and rows["formal"].deviates and not rows["sosial"].deviates


def test_mix_rounds_half_up_to_one_decimal():
    mix = plan_mix(activities=[Row("NKL12", 1, 1), Row("NKL01", 1, 1), Row("KL03", 1, 1)])
    assert [row.percent for row in mix.rows] == [Decimal("33.3")] * 3


def test_mix_of_no_activities_has_no_data_and_no_warning():
    mix = plan_mix(activities=[])
    assert not mix.has_data and not mix.warnings
    mix = plan_mix(activities=[Row("NKL12", 0, 5)])
    assert not mix.has_data


# --- The document --------------------------------------------------------------------------------


@pytest.fixture
def signed_plan(plan_a, kepala_a, widyaiswara_a):
    WidyaiswaraProfileFactory(user=widyaiswara_a, nip="197909222005012007")
    kepala_a.full_name = "Drs. Kepala Uji, M.Si."
    kepala_a.save()
    PlanActivityFactory(plan=plan_a, title="Magang katalogisasi", form=development_form("NKL12"), jp=20)
    return plan_a


def test_print_page_has_letterhead_table_mix_and_signature_blocks(client_for, kepala_a, signed_plan):
    response = client_for(kepala_a).get(reverse("learning_plans:plan_print", args=[signed_plan.pk]))
    content = response.content.decode()
    assert "PEMERINTAH PROVINSI SULAWESI SELATAN" in content
    assert "BADAN PENGEMBANGAN SUMBER DAYA MANUSIA" in content
    assert "RENCANA PEMBELAJARAN" in content
    assert "Magang katalogisasi" in content and "NKL12" in content
    assert "Komposisi 70:20:10" in content
    assert "Drs. Kepala Uji, M.Si." in content
    assert "Widyaiswara A" in content
    assert "19790922 200501 2 007" in content
    assert "DRAF – BELUM DISETUJUI" in content
    assert "css/plan.css" in content


def test_print_date_is_indonesian_after_approval(client_for, kepala_a, signed_plan):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    signed_plan.status = PlanStatus.DISETUJUI
    signed_plan.approved_at = datetime(2025, 8, 21, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    signed_plan.approved_by = kepala_a
    signed_plan.save()
    content = client_for(kepala_a).get(reverse("learning_plans:plan_print", args=[signed_plan.pk])).content.decode()
    assert "Makassar, 21 Agustus 2025" in content
    assert "Kamis, 21 Agustus 2025" in content
    assert "DRAF – BELUM DISETUJUI" not in content


def test_pdf_downloads_the_same_document(client_for, widyaiswara_a, signed_plan):
    response = client_for(widyaiswara_a).get(reverse("learning_plans:plan_pdf", args=[signed_plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="rencana-pembelajaran-dpu-v1.pdf"'
    assert response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(response.content)).pages)
    assert "BADAN PENGEMBANGAN SUMBER DAYA MANUSIA" in text
    assert "Magang katalogisasi" in text
    assert "Ketua Tim Widyaiswara Pendamping" in text
    assert "19790922 200501 2 007" in text


def test_document_without_ketua_or_head_leaves_lines(client_for, admin_user, programme_opd_b, widyaiswara_b):
    programme_opd_b.assignments.all().delete()
    AssignmentFactory(programme_opd=programme_opd_b, widyaiswara=widyaiswara_b)  # anggota only
    plan = LearningPlanFactory(programme_opd=programme_opd_b, created_by=widyaiswara_b)
    content = client_for(admin_user).get(reverse("learning_plans:plan_print", args=[plan.pk])).content.decode()
    assert "NIP. ......" in content
    assert Role.ADMIN  # the admin reads every plan


def test_history_page_shows_who_changed_what(client_for, widyaiswara_a, kepala_a, activity_a):
    services.activity_update(
        activity=activity_a, actor=widyaiswara_a, lock_version=activity_a.lock_version, title="Coaching sirkulasi v2"
    )
    content = (
        client_for(kepala_a).get(reverse("learning_plans:plan_history", args=[activity_a.plan_id])).content.decode()
    )
    assert "Coaching layanan sirkulasi" in content and "Coaching sirkulasi v2" in content
    assert "Widyaiswara A" in content
