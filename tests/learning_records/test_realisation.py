"""Realisation pages: recording an activity of an approved plan with attendance from the
roster, JP credited through the service, scope and roles, planned vs realised 70:20:10."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_plans.models import LearningPlan, PlanActivity, PlanStatus
from learning_records.models import JpCredit, Realisation
from pilots.domain import EmploymentType
from tests.factories import (
    LearningNeedFactory,
    LearningPlanFactory,
    PegawaiFactory,
    approved_activity,
    development_form,
    realise,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_a(opd_a):
    return [PegawaiFactory(opd=opd_a, name=name) for name in ("Ani Lestari", "Baso Daeng", "Citra Dewi")]


@pytest.fixture
def stranger_b(opd_b):
    return PegawaiFactory(opd=opd_b, name="Orang Luar")


@pytest.fixture
def activity(programme_opd_a, staff_a):
    return approved_activity(
        programme_opd_a,
        form_code="KL10",
        jp=8,
        participants=staff_a[:2],
        title="Bimtek arsip digital",
        start_date=date(2025, 8, 4),
        end_date=date(2025, 8, 5),
    )


def record_url(activity):
    return reverse("learning_records:realisation_record", args=[activity.pk])


def detail_url(activity):
    return reverse("learning_records:realisation_detail", args=[activity.pk])


def post_data(attendees, **overrides):
    data = {
        "start_date": "2025-08-04",
        "end_date": "2025-08-05",
        "duration_minutes": "",
        "certificate_number": "800/BIMTEK/2025",
        "notes": "Berjalan lancar",
        "attendees": [str(p.pk) for p in attendees],
    }
    data.update(overrides)
    return data


# --- Recording ---------------------------------------------------------------------------------


def test_widyaiswara_records_realisation_and_jp_is_credited_to_each_attendee(
    client_for, widyaiswara_a, activity, staff_a
):
    response = client_for(widyaiswara_a).post(record_url(activity), post_data(staff_a[:2]))
    assert response.status_code == 302
    assert response["Location"] == detail_url(activity)
    realisation = Realisation.objects.get(activity=activity)
    assert realisation.certificate_number == "800/BIMTEK/2025"
    assert realisation.recorded_by == widyaiswara_a
    credits = {c.pegawai_id: c for c in JpCredit.objects.filter(realisation=realisation)}
    assert set(credits) == {staff_a[0].pk, staff_a[1].pk}
    assert {c.jp for c in credits.values()} == {Decimal("8.0")}
    assert {c.year for c in credits.values()} == {2025}


def test_record_form_offers_planned_participants_ticked(client_for, widyaiswara_a, activity, staff_a):
    response = client_for(widyaiswara_a).get(record_url(activity))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ani Lestari" in content and "Baso Daeng" in content
    assert "Citra Dewi" not in content  # not planned: found through the search
    assert f'value="{staff_a[0].pk}"' in content
    assert 'type="date"' in content and 'value="2025-08-04"' in content


def test_other_staff_of_the_opd_can_be_found_and_added(client_for, widyaiswara_a, activity, staff_a, stranger_b):
    client = client_for(widyaiswara_a)
    data = post_data(staff_a[:1], _cari="1", cari_pegawai="Citra", notes="Catatan yang diketik")
    data["shown"] = [str(p.pk) for p in staff_a[:2]]
    response = client.post(record_url(activity), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Citra Dewi" in content
    assert "Catatan yang diketik" in content  # nothing typed is lost by searching
    assert not Realisation.objects.exists()

    search_other = client.post(record_url(activity), post_data(staff_a[:1], _cari="1", cari_pegawai="Orang Luar"))
    assert stranger_b.nip_display not in search_other.content.decode()

    client.post(record_url(activity), post_data([staff_a[0], staff_a[2]]))
    assert set(JpCredit.objects.values_list("pegawai_id", flat=True)) == {staff_a[0].pk, staff_a[2].pk}


def test_attendee_from_another_opd_is_rejected(client_for, widyaiswara_a, activity, staff_a, stranger_b):
    response = client_for(widyaiswara_a).post(record_url(activity), post_data([staff_a[0], stranger_b]))
    assert response.status_code == 200
    assert "bukan pegawai OPD ini" in response.content.decode()
    assert not Realisation.objects.exists()
    assert not JpCredit.objects.exists()


def test_missing_attendance_and_bad_dates_are_field_errors_and_keep_the_input(
    client_for, widyaiswara_a, activity, staff_a
):
    response = client_for(widyaiswara_a).post(
        record_url(activity),
        post_data([], start_date="2025-08-05", end_date="2025-08-01", certificate_number="SERT-99"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Centang minimal satu pegawai yang hadir." in content
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in content
    assert 'value="SERT-99"' in content
    assert not Realisation.objects.exists()


def test_a_future_end_date_is_refused(client_for, widyaiswara_a, activity, staff_a):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client_for(widyaiswara_a).post(
        record_url(activity), post_data(staff_a[:1], start_date=tomorrow, end_date=tomorrow)
    )
    assert "Tanggal selesai belum lewat" in response.content.decode()
    assert not Realisation.objects.exists()


def test_hostile_input_never_gives_500(client_for, widyaiswara_a, activity, staff_a):
    client = client_for(widyaiswara_a)
    for data in (
        {"attendees": ["abc", "-1", "99999999999999999999"], "start_date": "x" * 5000, "end_date": "2025-13-45"},
        {"duration_minutes": "1e309", "certificate_number": "x" * 10_000, "attendees": [str(staff_a[0].pk)]},
        {"shown": ["x", "1" * 40], "attendees": "", "_cari": "1", "cari_pegawai": "%" * 500},
        {},
    ):
        response = client.post(record_url(activity), data)
        assert response.status_code == 200
    assert not Realisation.objects.exists()


def test_by_duration_form_requires_the_duration(client_for, widyaiswara_a, programme_opd_a, staff_a):
    coaching = approved_activity(programme_opd_a, form_code="NKL01", jp=2, participants=staff_a[:1])
    client = client_for(widyaiswara_a)
    response = client.post(record_url(coaching), post_data(staff_a[:1]))
    assert "Isi durasi kegiatan" in response.content.decode()
    client.post(record_url(coaching), post_data(staff_a[:1], duration_minutes="135"))
    assert JpCredit.objects.get().jp == Decimal("3.0")


def test_editing_recomputes_the_credits(client_for, widyaiswara_a, activity, staff_a):
    client = client_for(widyaiswara_a)
    client.post(record_url(activity), post_data(staff_a[:2]))
    form_page = client.get(record_url(activity)).content.decode()
    assert 'value="800/BIMTEK/2025"' in form_page
    client.post(record_url(activity), post_data([staff_a[1], staff_a[2]], end_date="2025-08-06"))
    assert Realisation.objects.count() == 1
    assert set(JpCredit.objects.values_list("pegawai_id", flat=True)) == {staff_a[1].pk, staff_a[2].pk}
    assert Realisation.objects.get().end_date == date(2025, 8, 6)


def test_realisation_only_for_activities_of_an_approved_plan(client_for, widyaiswara_a, programme_opd_a, staff_a):
    draft = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DRAF, version=5)
    draft_activity = approved_activity(programme_opd_a, plan=draft, participants=staff_a[:1])
    client = client_for(widyaiswara_a)
    assert client.get(record_url(draft_activity)).status_code == 404
    assert client.post(record_url(draft_activity), post_data(staff_a[:1])).status_code == 404
    assert client.get(detail_url(draft_activity)).status_code == 404
    assert not Realisation.objects.exists()


def test_replaced_plan_offers_no_new_realisation(client_for, widyaiswara_a, activity, staff_a):
    LearningPlan.objects.filter(pk=activity.plan_id).update(status=PlanStatus.DIGANTIKAN)
    client = client_for(widyaiswara_a)
    response = client.post(record_url(activity), post_data(staff_a[:1]))
    assert response.status_code == 302
    assert not Realisation.objects.exists()
    page = client.get(detail_url(activity)).content.decode()
    assert "yang sedang berlaku" in page


# --- Roles and scope ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "kepala_a"])
def test_readers_may_not_record(client_for, everyone, activity, staff_a, who):
    client = client_for(everyone[who])
    assert client.get(record_url(activity)).status_code == 403
    assert client.post(record_url(activity), post_data(staff_a[:1])).status_code == 403
    assert client.post(reverse("learning_records:realisation_delete", args=[activity.pk])).status_code == 403
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_other_opd_gets_404_everywhere(client_for, everyone, activity, staff_a, programme_opd_a, who):
    realise(activity, staff_a[:1], recorded_by=everyone["widyaiswara_a"])
    client = client_for(everyone[who])
    urls = [
        record_url(activity),
        detail_url(activity),
        reverse("learning_records:realisation_delete", args=[activity.pk]),
        reverse("learning_records:realisation_list", args=[programme_opd_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(record_url(activity), post_data(staff_a)).status_code == 404


@pytest.mark.parametrize("who", ["admin", "widyaiswara_a", "kepala_a"])
def test_readers_see_the_realisation(client_for, everyone, activity, staff_a, who):
    realise(activity, staff_a[:2], recorded_by=everyone["widyaiswara_a"], certificate_number="SERT-7")
    response = client_for(everyone[who]).get(detail_url(activity))
    content = response.content.decode()
    assert response.status_code == 200
    assert "SERT-7" in content and "Ani Lestari" in content
    assert ("Ubah realisasi" in content) == (who == "widyaiswara_a")


# --- Delete ------------------------------------------------------------------------------------


def test_cancelling_a_realisation_asks_first_then_withdraws_the_jp(client_for, widyaiswara_a, activity, staff_a):
    realise(activity, staff_a[:2], recorded_by=widyaiswara_a)
    client = client_for(widyaiswara_a)
    url = reverse("learning_records:realisation_delete", args=[activity.pk])
    assert "Hapus realisasi?" in client.get(url).content.decode()
    assert Realisation.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Realisation.objects.exists()
    assert not JpCredit.objects.exists()


# --- Realisation list and 70:20:10 -------------------------------------------------------------


def test_list_shows_planned_vs_realised_and_the_realised_mix(client_for, widyaiswara_a, programme_opd_a, staff_a):
    formal = approved_activity(programme_opd_a, form_code="KL03", jp=10, participants=staff_a[:1], title="Pelatihan A")
    plan = formal.plan
    social = approved_activity(programme_opd_a, plan=plan, form_code="NKL11", jp=10, participants=staff_a[:1])
    social.title = "Bimbingan B"
    social.save()
    realise(formal, staff_a[:1], recorded_by=widyaiswara_a)
    response = client_for(widyaiswara_a).get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    content = response.content.decode()
    mix = {row["family"]: row for row in response.context["mix"]["rows"]}
    assert mix["formal"]["planned_share"] == Decimal("50.0")
    assert mix["formal"]["realised_share"] == Decimal("100.0")
    assert mix["sosial"]["realised_share"] == Decimal("0.0")
    assert mix["formal"]["realised_drifts"] is True
    assert "Pelatihan A" in content and "Bimbingan B" in content
    assert "Terealisasi" in content and "Catat realisasi" in content
    assert response.context["realised_count"] == 1


def test_list_without_an_approved_plan_says_so(client_for, kepala_a, programme_opd_a):
    response = client_for(kepala_a).get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    assert "Belum ada rencana pembelajaran yang disetujui" in response.content.decode()


def test_list_marks_an_activity_held_in_an_earlier_version(client_for, widyaiswara_a, programme_opd_a, staff_a):
    held = approved_activity(programme_opd_a, jp=4, participants=staff_a[:1], title="Kegiatan lama")
    realise(held, staff_a[:1], recorded_by=widyaiswara_a)
    LearningPlan.objects.filter(pk=held.plan_id).update(status=PlanStatus.DIGANTIKAN)
    carried = approved_activity(programme_opd_a, jp=4, source_activity=held, title="Kegiatan lama v2")
    response = client_for(widyaiswara_a).get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    rows = {a.pk: a for a in response.context["page"].object_list}
    assert rows[carried.pk].held_earlier.activity_id == held.pk
    assert "Terealisasi di versi 1" in response.content.decode()


@pytest.mark.parametrize("size", [10, 1000])
def test_realisation_list_queries_do_not_grow(
    client_for, widyaiswara_a, programme_opd_a, opd_a, size, django_assert_max_num_queries
):
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DISETUJUI)
    form = development_form("KL03")
    PlanActivity.objects.bulk_create(
        PlanActivity(plan=plan, form=form, title=f"Kegiatan {i}", jp=Decimal(4)) for i in range(size)
    )
    people = PegawaiFactory.create_batch(3, opd=opd_a)
    first = list(PlanActivity.objects.filter(plan=plan).order_by("pk")[:3])
    for activity in first:
        activity.participants.set(people)
        realise(activity, people, recorded_by=widyaiswara_a)
    client = client_for(widyaiswara_a)
    # 16: the realised mix is one query of its own since it counts validated journal JP too.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("learning_records:realisation_list", args=[programme_opd_a.pk]))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == size


def test_ledger_links_and_pppk_badge_on_detail(client_for, widyaiswara_a, programme_opd_a, opd_a):
    pppk = PegawaiFactory(opd=opd_a, employment_type=EmploymentType.PPPK, nip="198501012021991001", golongan="IX")
    big = approved_activity(programme_opd_a, jp=30, participants=[pppk])
    realise(big, [pppk], recorded_by=widyaiswara_a)
    content = client_for(widyaiswara_a).get(detail_url(big)).content.decode()
    assert "batas PPPK" in content


# --- Demo seed -----------------------------------------------------------------------------------


def test_demo_seed_realises_part_of_the_approved_plan_idempotently(
    widyaiswara_a, programme_opd_a, programme_opd_b, staff_a
):
    from demo.builders import realisation as demo_realisation
    from insights.models import CultureSurvey
    from learning_records.models import Evaluation

    need = LearningNeedFactory(cause__problem__programme_opd=programme_opd_a, cause__problem__created_by=widyaiswara_a)
    plan = LearningPlanFactory(programme_opd=programme_opd_a, status=PlanStatus.DISETUJUI)
    for index, code in enumerate(["KL03", "NKL01", "NKL12", "NKL11"]):
        activity = approved_activity(
            programme_opd_a,
            plan=plan,
            form_code=code,
            jp=4,
            participants=staff_a,
            start_date=date(2025, 8, 1 + index),
            end_date=date(2025, 8, 1 + index),
        )
        activity.needs.set([need])
    LearningPlanFactory(programme_opd=programme_opd_b, status=PlanStatus.DIAJUKAN)

    demo_realisation.seed({"A": programme_opd_a, "B": programme_opd_b})
    snapshot = (
        sorted(Realisation.objects.values_list("activity_id", flat=True)),
        sorted(JpCredit.objects.values_list("pegawai_id", "realisation__activity_id", "jp")),
        Evaluation.objects.count(),
        CultureSurvey.objects.count(),
    )
    demo_realisation.seed({"A": programme_opd_a, "B": programme_opd_b})
    again = (
        sorted(Realisation.objects.values_list("activity_id", flat=True)),
        sorted(JpCredit.objects.values_list("pegawai_id", "realisation__activity_id", "jp")),
        Evaluation.objects.count(),
        CultureSurvey.objects.count(),
    )
    assert again == snapshot
    assert Realisation.objects.count() == 2
    assert JpCredit.objects.count() == 2 * len(staff_a)
    assert Evaluation.objects.filter(level=3, indicator=need.cause.problem.duty_or_indicator).exists()
    assert Evaluation.objects.filter(level__in=[1, 2]).count() == 4
    assert set(CultureSurvey.objects.values_list("programme_opd_id", "phase")) == {
        (programme_opd_a.pk, "sebelum"),
        (programme_opd_a.pk, "sesudah"),
    }
    assert not Realisation.objects.filter(activity__plan__programme_opd=programme_opd_b).exists()
