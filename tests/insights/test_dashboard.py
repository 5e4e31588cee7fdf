"""The BPSDM dashboard (issue 6): figures that match an independent count, filters, scope,
the printable report, caching and a query count that does not grow with the data."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.models import SbmRate, UnitCost
from insights.selectors.cost import cost_comparison, plan_cost
from intan_wpl.formatting import rupiah
from learning_needs.models import Cause, CompetencyGroup, FieldSession, FollowUp, LearningNeed, Problem
from learning_plans.models import LearningFamily, LearningPlan, PlanActivity, PlanStatus
from learning_plans.selectors.mix import plan_mix
from learning_records.models import JpCredit
from pilots.models import Assignment, Opd, Pegawai, ProgrammeOpd
from tests.factories import UserFactory, development_form, standard_competency
from tests.insights import dashboard_dataset

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
# On PostgreSQL the figures run in a savepoint that turns JIT off: SAVEPOINT, SET, RELEASE.
PG_EXTRA = 3 if connection.vendor == "postgresql" else 0
# Without a broker the totals task runs inside the request, in its own block without JIT: PostgreSQL
# adds its SAVEPOINT, SET LOCAL jit = off and RELEASE a second time.
PG_EXTRA_WITH_TOTALS = 2 * PG_EXTRA


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(programme, programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    return dashboard_dataset.build(
        programme=programme,
        po_a=programme_opd_a,
        po_b=programme_opd_b,
        recorder=widyaiswara_a,
        recorder_b=widyaiswara_b,
    )


def rows_by_opd(response):
    return {row["opd__name"]: row for row in response.context["figures"]["rows"]}


# --- Independent counts ---------------------------------------------------------------------


def independent_figures(po, *, year, min_jp=20):
    """Count everything again the slow, obvious way: Python loops over the rows."""
    plan = LearningPlan.objects.filter(programme_opd=po).order_by("-version").first()
    planned = dict.fromkeys(LearningFamily.values, Decimal(0))
    seats, cost = 0, Decimal(0)
    if plan:
        for activity in plan.activities.select_related("form"):
            people = max(activity.participants.count(), 1)
            planned[activity.form.family] += activity.jp * people
            seats += people
            cost += activity.estimated_cost
    realised = dict.fromkeys(LearningFamily.values, Decimal(0))
    for credit in JpCredit.objects.filter(realisation__activity__plan__programme_opd=po).select_related(
        "realisation__activity__form"
    ):
        realised[credit.realisation.activity.form.family] += credit.jp
    staff = list(Pegawai.objects.filter(opd=po.opd, is_active=True))
    covered = sum(
        1 for person in staff if sum(c.jp for c in JpCredit.objects.filter(pegawai=person, year=year)) >= min_jp
    )
    return {
        "session_count": FieldSession.objects.filter(programme_opd=po).count(),
        "open_follow_up_count": FollowUp.objects.filter(session__programme_opd=po, done=False).count(),
        "problem_count": Problem.objects.filter(programme_opd=po).count(),
        **{
            f"need_{group}": LearningNeed.objects.filter(programme_opd=po, competency__group=group).count()
            for group in CompetencyGroup.values
        },
        **{f"planned_{family}": planned[family] for family in LearningFamily.values},
        **{f"realised_{family}": realised[family] for family in LearningFamily.values},
        "seats": seats,
        "wpl_cost": cost,
        "staff_count": len(staff),
        "covered_count": covered,
    }


def test_admin_sees_every_programme_opd_with_figures_matching_an_independent_count(client_for, admin_user, data):
    response = client_for(admin_user).get(URL, {"year": 2025})
    assert response.status_code == 200
    rows = rows_by_opd(response)
    assert set(rows) == {"Dinas Perpustakaan Uji", "Dinas Kelautan Uji", "Dinas Ketiga Uji", "Dinas Lama Uji"}
    for po in (data.po_a, data.po_b, data.po_c, data.po_d):
        row = rows[po.opd.name]
        expected = independent_figures(po, year=2025)
        assert {key: row[key] for key in expected} == expected, po.opd.name


def test_the_crafted_opd_a_has_the_figures_worked_out_by_hand(client_for, admin_user, data):
    row = rows_by_opd(client_for(admin_user).get(URL, {"year": 2025}))["Dinas Perpustakaan Uji"]
    assert row["stage"] == "evaluasi"
    assert (row["session_count"], row["open_follow_up_count"], row["problem_count"]) == (3, 3, 2)
    assert (row["need_teknis"], row["need_manajerial"], row["need_sosial_kultural"]) == (1, 1, 0)
    assert row["plan_status"] == "disetujui"
    # Planned weight JP x participants (at least 1): 16x3 experiential, 4x3 + 2x1 social, 8x2 formal.
    assert [part["value"] for part in row["planned_mix"]["parts"]] == [48, 14, 16]
    assert [part["percent"] for part in row["planned_mix"]["parts"]] == [61.5, 17.9, 20.5]
    # Realised: credited JP, 16+16 experiential and 4x3 social.
    assert [part["value"] for part in row["realised_mix"]["parts"]] == [32, 12, 0]
    # a1 and a2 reach 20 JP in 2025; a3 has 4, a4 none; a5 left and does not count.
    assert (row["covered_count"], row["staff_count"], row["coverage_pct"]) == (2, 4, 50.0)
    # No unit cost entered yet: nothing is priced, and the count of unpriced activities says so.
    assert row["cost"]["unpriced"] == row["activity_count"] == 4
    assert row["cost"]["classroom_cost"] == row["cost"]["wpl_cost"] == 0
    assert row["widyaiswara_count"] == 1 and row["ketua_name"] == "Widyaiswara A"


def test_stages_and_totals_cover_the_whole_selection(client_for, admin_user, data):
    response = client_for(admin_user).get(URL, {"year": 2025})
    rows = rows_by_opd(response)
    assert rows["Dinas Kelautan Uji"]["stage"] == "disetujui"
    assert rows["Dinas Ketiga Uji"]["stage"] == "identifikasi"
    assert rows["Dinas Lama Uji"]["stage"] == "selesai"
    figures = response.context["figures"]
    stage_counts = {item["stage"]: item["count"] for item in figures["stages"]}
    assert stage_counts == {
        "persiapan": 0,
        "identifikasi": 1,
        "pemetaan": 0,
        "perancangan": 0,
        "review": 0,
        "disetujui": 1,
        "implementasi": 0,
        "evaluasi": 1,
        "selesai": 1,
    }
    totals = figures["totals"]
    assert totals["opd_total"] == 4
    assert totals["session_count"] == FieldSession.objects.count() == 6
    assert totals["need_total"] == LearningNeed.objects.count() == 3
    assert totals["covered_count"] == 2 and totals["staff_count"] == 7
    assert totals["wpl_cost"] == 12_500_000  # the Widyaiswara's own estimates, summed
    assert totals["cost"]["unpriced"] == totals["activity_count"]


def test_page_shows_the_figures_the_charts_and_the_rules(client_for, admin_user, data):
    response = client_for(admin_user).get(URL, {"year": 2025})
    html = response.content.decode()
    assert "kegiatan belum bertarif dan tidak dihitung" in html
    assert 'id="dashboard-chart-data"' in html
    assert html.count("data-chart=") == 5
    assert "static/js/dashboard.js" in html and "chart.umd.min.js" in html
    assert "<script>" not in html  # CSP: no inline script
    assert "Alternatif klasikal sebuah kegiatan = bentuk klasikal termurah" in html
    charts = response.context["charts"]
    assert charts["stages"]["series"][0]["values"] == [0, 1, 0, 0, 0, 1, 0, 1, 1]
    assert charts["needs"]["series"][0]["values"] == [1, 2, 0]
    assert charts["load"]["labels"][0] == "Widyaiswara A"
    assert charts["load"]["series"][0]["values"][0] == 2


def test_period_filter_limits_dated_work(client_for, admin_user, data):
    response = client_for(admin_user).get(URL, {"date_from": "2025-07-01", "date_to": "2025-08-31"})
    row = rows_by_opd(response)["Dinas Perpustakaan Uji"]
    assert row["session_count"] == 2
    assert row["open_follow_up_count"] == 2
    # Only the coaching ended in the period; the assignment ended on 25 September.
    assert [part["value"] for part in row["realised_mix"]["parts"]] == [0, 12, 0]
    # The year follows the end of the period.
    assert response.context["figures"]["year"] == "2025"


def test_programme_filter_and_jp_year(client_for, admin_user, data):
    client = client_for(admin_user)
    rows = rows_by_opd(client.get(URL, {"programme": data.other_programme.pk}))
    assert set(rows) == {"Dinas Lama Uji"}
    row = rows_by_opd(client.get(URL, {"year": 2024}))["Dinas Perpustakaan Uji"]
    assert row["covered_count"] == 0


def test_bad_filters_get_a_message_and_the_page_still_answers(client_for, admin_user, data):
    response = client_for(admin_user).get(
        URL, {"date_from": "2025-09-01", "date_to": "2025-08-01", "year": "tahun", "programme": "99999"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "Tanggal akhir periode tidak boleh sebelum tanggal awal." in form.errors["date_to"]
    assert "year" in form.errors and "programme" in form.errors
    # Bad fields are ignored, the valid start date still applies.
    assert rows_by_opd(response)["Dinas Perpustakaan Uji"]["session_count"] == 1
    html = response.content.decode()
    assert "Tanggal akhir periode tidak boleh sebelum tanggal awal." in html


# --- Scope ----------------------------------------------------------------------------------


def test_kepala_opd_sees_only_their_own_opd(client_for, kepala_a, data):
    response = client_for(kepala_a).get(URL, {"year": 2025})
    assert response.status_code == 200
    assert set(rows_by_opd(response)) == {"Dinas Perpustakaan Uji"}
    html = response.content.decode()
    assert "Dinas Kelautan Uji" not in html and "Dinas Ketiga Uji" not in html
    totals = response.context["figures"]["totals"]
    assert totals["opd_total"] == 1 and totals["session_count"] == 3
    assert reverse("insights:data_pack") not in html
    assert reverse("insights:duplicate_groups") not in html


def test_kepala_opd_asking_for_another_programme_is_filtered_away(client_for, kepala_b, data):
    response = client_for(kepala_b).get(URL, {"programme": data.other_programme.pk})
    assert response.status_code == 200
    assert "Program ini tidak tersedia untuk Anda." in response.context["form"].errors["programme"]
    assert set(rows_by_opd(response)) == {"Dinas Kelautan Uji"}
    assert "Dinas Lama Uji" not in response.content.decode()


def test_kepala_opd_does_not_get_the_admins_cached_figures(client_for, admin_user, kepala_a, data):
    client_for(admin_user).get(URL, {"year": 2025})
    response = client_for(kepala_a).get(URL, {"year": 2025})
    assert set(rows_by_opd(response)) == {"Dinas Perpustakaan Uji"}


@pytest.mark.parametrize("name", ["insights:dashboard", "insights:dashboard_report"])
def test_widyaiswara_is_refused(client_for, widyaiswara_a, name):
    assert client_for(widyaiswara_a).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["insights:dashboard", "insights:dashboard_report"])
def test_anonymous_visitor_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_kepala_without_an_opd_sees_an_empty_dashboard(client_for, data):
    lonely = UserFactory(username="kepala.tanpa.opd", role="kepala_opd")
    response = client_for(lonely).get(URL)
    assert response.status_code == 200
    assert response.context["figures"]["rows"] == []
    assert "Tidak ada OPD program pada pilihan ini." in response.content.decode()


def test_menu_offers_the_dashboard_to_admin_and_kepala_only(client_for, admin_user, kepala_a, widyaiswara_a):
    for user, shown in ((admin_user, True), (kepala_a, True), (widyaiswara_a, False)):
        response = client_for(user).get(reverse("insights:home"))
        labels = [item["label"] for item in response.context["menu"]]
        assert ("Dasbor" in labels) is shown


# --- Printable report ----------------------------------------------------------------------


def test_printable_report_lists_every_opd_with_charts(client_for, admin_user, data):
    response = client_for(admin_user).get(reverse("insights:dashboard_report"), {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Dinas Perpustakaan Uji", "Dinas Kelautan Uji", "Dinas Ketiga Uji", "Dinas Lama Uji"):
        assert name in html
    assert html.count("data-chart=") == 5
    assert "data-print" in html
    assert "kegiatan belum bertarif dan tidak dihitung" in html


# --- Money -------------------------------------------------------------------------------------


def test_cost_comparison_and_rupiah_format():
    comparison = cost_comparison(wpl_cost=1_000_000, classroom_cost=8_500_000)
    assert comparison["savings"] == Decimal(7_500_000)
    assert comparison["savings_display"] == "Rp7.500.000"
    assert comparison["savings_pct"] == 88.2
    assert rupiah(1_500_000) == "Rp1.500.000"
    assert rupiah(Decimal("-250000")) == "-Rp250.000"
    assert rupiah(0) == "Rp0"


def test_dashboard_costs_agree_with_the_plans_cost_page(client_for, admin_user, data):
    year = ProgrammeOpd.objects.get(opd__name="Dinas Perpustakaan Uji").programme.start_date.year
    SbmRate.objects.create(year=year, widyaiswara_session_rate=250_000)
    for form in {activity.form for activity in PlanActivity.objects.select_related("form")}:
        UnitCost.objects.create(
            form=form,
            year=year,
            per_activity=1_000_000,
            per_head=100_000,
            per_day=50_000,
            widyaiswara_sessions_per_jp=1,
        )
    UnitCost.objects.get_or_create(form=development_form("KL10"), year=year, defaults={"per_head": 400_000})
    row = rows_by_opd(client_for(admin_user).get(URL))["Dinas Perpustakaan Uji"]
    po = ProgrammeOpd.objects.get(opd__name="Dinas Perpustakaan Uji")
    page = plan_cost(LearningPlan.objects.in_force().get(programme_opd=po))
    assert row["cost"]["unpriced"] == 0
    assert row["cost"]["wpl_cost"] == page["wpl_total"] > 0
    assert row["cost"]["classroom_cost"] == page["classroom_total"]


def test_planned_mix_agrees_with_the_plan_page(client_for, admin_user, data):
    """The plan page (issue 5) and the dashboard weigh the 70:20:10 mix the same way."""
    activities = data.plans["a"].activities.select_related("form").annotate(participant_count=Count("participants"))
    on_plan_page = [float(row.percent) for row in plan_mix(activities=activities).rows]
    row = rows_by_opd(client_for(admin_user).get(URL))["Dinas Perpustakaan Uji"]
    assert [part["percent"] for part in row["planned_mix"]["parts"]] == on_plan_page


# --- Cache and query count ----------------------------------------------------------------


def test_figures_are_cached_briefly_per_filter(client_for, admin_user, data):
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as first:
        client.get(URL, {"year": 2025})
    with CaptureQueriesContext(connection) as second:
        client.get(URL, {"year": 2025})
    assert len(second) < len(first)
    other = client.get(URL, {"year": 2024})
    assert other.context["figures"]["year"] == "2024"


def bulk_programme_opds(programme, count, recorder):
    """`count` programme OPDs, each with a session, a follow-up, a problem, a need, a plan with
    an activity and a participant: every subquery has rows to read."""
    opds = Opd.objects.bulk_create(
        [Opd(name=f"Dinas Massal {i}", abbreviation=f"DM{i}", kind="dinas") for i in range(count)]
    )
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=programme, opd=opd) for opd in opds])
    Assignment.objects.bulk_create([Assignment(programme_opd=po, widyaiswara=recorder, role="ketua") for po in pos])
    staff = Pegawai.objects.bulk_create(
        [Pegawai(opd=opd, nip=f"19900101201501{i:04d}", name=f"Pegawai {i}") for i, opd in enumerate(opds)]
    )
    sessions = FieldSession.objects.bulk_create(
        [
            FieldSession(
                programme_opd=po,
                date=date(2025, 8, 1),
                start_time="09:00",
                end_time="10:00",
                kind="fgd",
                topic="FGD",
                created_by=recorder,
            )
            for po in pos
        ]
    )
    FollowUp.objects.bulk_create([FollowUp(session=s, action="Tindak lanjut") for s in sessions])
    problems = Problem.objects.bulk_create(
        [
            Problem(
                programme_opd=po,
                title="Masalah",
                duty_or_indicator="IKI",
                urgency=3,
                seriousness=3,
                growth=3,
                created_by=recorder,
            )
            for po in pos
        ]
    )
    causes = Cause.objects.bulk_create(
        [Cause(problem=p, text="Sebab", category="manusia", nature="kompetensi") for p in problems]
    )
    competency = standard_competency("M.03")
    LearningNeed.objects.bulk_create(
        [
            LearningNeed(
                programme_opd=po, cause=c, competency=competency, required_level=3, current_level=2, created_by=recorder
            )
            for po, c in zip(pos, causes, strict=True)
        ]
    )
    plans = LearningPlan.objects.bulk_create(
        [
            LearningPlan(programme_opd=po, title="Rencana", status=PlanStatus.DISETUJUI, created_by=recorder)
            for po in pos
        ]
    )
    form = development_form("NKL01")
    activities = PlanActivity.objects.bulk_create(
        [PlanActivity(plan=plan, form=form, title="Coaching", jp=4, estimated_cost=100_000) for plan in plans]
    )
    PlanActivity.participants.through.objects.bulk_create(
        [PlanActivity.participants.through(planactivity=a, pegawai=p) for a, p in zip(activities, staff, strict=True)]
    )


def dashboard_query_count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": 2025})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("size", [10, 2000])
def test_dashboard_query_count_does_not_grow_with_the_data(
    client_for, admin_user, programme, widyaiswara_a, size, django_assert_max_num_queries
):
    bulk_programme_opds(programme, size, widyaiswara_a)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))  # session and menu warm-up outside the count
    cache.clear()
    # Session + user, settings, count, page rows, totals, stages, Widyaiswara load, the filter's
    # programme choices, the menu's notification count, and the session save (3); the culture
    # index (surveys and their scores: 2) and the unit-cost model (activities, tariffs, SBM rate: 3).
    # Without a broker the totals task runs inside this request (settings, the sums, the stage
    # counts, and the activities of every plan for the cost sums: 3 more than the page's own);
    # with a broker the request leaves them to a worker (tests/insights/test_dashboard_totals.py).
    # The culture index also reads the questionnaire rounds answered by the Pegawai (1).
    with django_assert_max_num_queries(23 + PG_EXTRA_WITH_TOTALS):
        response = client.get(URL, {"year": 2025})
    figures = response.context["figures"]
    assert figures["totals"]["opd_total"] == size + 1  # plus the conftest OPD A
    assert figures["totals"]["session_count"] == size
    assert len(figures["rows"]) == min(size + 1, 25)


def test_dashboard_costs_exactly_the_same_queries_at_10_and_2000_opds(client_for, admin_user, programme, widyaiswara_a):
    client = client_for(admin_user)
    bulk_programme_opds(programme, 10, widyaiswara_a)
    small, _response = dashboard_query_count(client, URL)
    large_programme = type(programme).objects.create(
        name="Pilot Besar Uji", start_date=date(2025, 1, 1), end_date=date(2025, 12, 31)
    )
    bulk_programme_opds_offset(large_programme, 1990, widyaiswara_a)
    large, response = dashboard_query_count(client, URL)
    assert response.context["figures"]["totals"]["opd_total"] == 2000 + 1
    assert small == large


@pytest.mark.parametrize("size", [10, 500])
def test_report_query_count_does_not_grow_with_the_data(
    client_for, admin_user, programme, widyaiswara_a, size, django_assert_max_num_queries
):
    bulk_programme_opds(programme, size, widyaiswara_a)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    cache.clear()
    # One page of rows as on the dashboard page above, whose totals are computed in the request
    # when no broker is set.
    with django_assert_max_num_queries(22 + PG_EXTRA_WITH_TOTALS):
        response = client.get(reverse("insights:dashboard_report"), {"year": 2025})
    # One page of rows: every row is the report job's file (tests/insights/test_dashboard_report_job.py).
    assert len(response.context["figures"]["rows"]) == min(size + 1, 25)
    assert response.context["figures"]["totals"]["opd_total"] == size + 1


def bulk_programme_opds_offset(programme, count, recorder):
    """Like bulk_programme_opds, with names and NIPs that do not collide with a first batch."""
    opds = Opd.objects.bulk_create(
        [Opd(name=f"Badan Massal {i}", abbreviation=f"BM{i}", kind="badan") for i in range(count)]
    )
    pos = ProgrammeOpd.objects.bulk_create([ProgrammeOpd(programme=programme, opd=opd) for opd in opds])
    FieldSession.objects.bulk_create(
        [
            FieldSession(
                programme_opd=po,
                date=date(2025, 8, 2),
                start_time="09:00",
                end_time="10:00",
                kind="fgd",
                topic="FGD",
                created_by=recorder,
            )
            for po in pos
        ]
    )
    plans = LearningPlan.objects.bulk_create(
        [
            LearningPlan(programme_opd=po, title="Rencana", status=PlanStatus.DISETUJUI, created_by=recorder)
            for po in pos
        ]
    )
    form = development_form("KL02")
    PlanActivity.objects.bulk_create(
        [PlanActivity(plan=plan, form=form, title="Pelatihan", jp=8, estimated_cost=1_000_000) for plan in plans]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "999999"},
        {"page": "abc"},
        {"date_from": "2025-13-45", "date_to": "x" * 5000},
        {"programme": "' OR 1=1 --", "year": "99999999999999999999"},
    ],
)
def test_hostile_query_strings_never_break_the_page(client_for, admin_user, data, params):
    for name in ("insights:dashboard", "insights:dashboard_report"):
        response = client_for(admin_user).get(reverse(name), params)
        assert response.status_code == 200
        assert response.context["figures"]["totals"]["opd_total"] == 4
