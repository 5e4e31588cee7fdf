"""The dashboard's totals over the whole selection are computed by a task, never by a web request
when a broker is set (issue 12): the page shows the rows at once, the totals when stored, with
the moment they were computed, and asks again once they are older than CACHE_SECONDS."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from insights.selectors.dashboard import (
    CACHE_SECONDS,
    DashboardFilters,
    dashboard_totals,
    stored_totals_raw,
    totals_key,
)
from insights.services.dashboard import REFRESH_TASK, dashboard_totals_refresh
from tests.insights import dashboard_dataset
from tests.insights.test_dashboard import PG_EXTRA, bulk_programme_opds

URL = reverse("insights:dashboard")
PENDING = "Angka total sedang dihitung"


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


@pytest.fixture
def broker(settings, monkeypatch):
    """A broker is set: tasks are sent to workers (recorded here), not run in the request."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr("intan_wpl.services.jobs.current_app.send_task", lambda name, args: sent.append((name, args)))
    return sent


def computed_now(user):
    """The same totals computed directly (as the data pack does), to compare with the page."""
    return dashboard_totals(user, DashboardFilters.from_cleaned({"year": 2025}))["totals"]


def run_sent(sent):
    """What a worker does with the tasks the pages sent."""
    for name, args in sent:
        assert name == REFRESH_TASK
        dashboard_totals_refresh(user_id=args[0], params=args[1])
    sent.clear()


def test_with_a_broker_the_request_leaves_the_totals_to_a_worker(client_for, admin_user, data, broker):
    client = client_for(admin_user)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert PENDING in page and 'hx-trigger="every 2s"' in page
    assert response.context["figures"]["totals"] is None
    assert {row["opd__name"] for row in response.context["figures"]["rows"]} >= {"Dinas Perpustakaan Uji"}
    assert len(broker) == 1 and broker[0][1][0] == admin_user.pk
    # A second view while the first computation is queued does not queue it again.
    client.get(URL, {"year": 2025})
    assert len(broker) == 1

    run_sent(broker)
    response = client.get(URL, {"year": 2025})
    page = response.content.decode()
    assert PENDING not in page and "Angka total dihitung" in page
    totals, expected = response.context["figures"]["totals"], computed_now(admin_user)
    assert totals["opd_total"] == expected["opd_total"] == 4
    assert totals["session_count"] == expected["session_count"] > 0
    assert totals["cost"] == expected["cost"]
    assert broker == []  # fresh: nothing asked


def test_stale_totals_are_shown_while_new_ones_are_computed(client_for, admin_user, data, broker):
    client = client_for(admin_user)
    client.get(URL, {"year": 2025})
    run_sent(broker)
    filters = DashboardFilters.from_cleaned({"year": 2025})
    raw = stored_totals_raw(admin_user, filters)
    raw["computed_at"] = timezone.now() - timedelta(seconds=CACHE_SECONDS + 1)
    cache.set(totals_key(admin_user, filters), raw)
    response = client.get(URL, {"year": 2025})
    assert response.context["figures"]["totals"]["opd_total"] == 4  # the stored ones, meanwhile
    assert len(broker) == 1  # and a new computation asked for


def test_each_scope_gets_its_own_totals(client_for, admin_user, kepala_a, data, broker):
    client_for(admin_user).get(URL, {"year": 2025})
    client_for(kepala_a).get(URL, {"year": 2025})
    assert {args[0] for _name, args in broker} == {admin_user.pk, kepala_a.pk}
    run_sent(broker)
    kepala_totals = client_for(kepala_a).get(URL, {"year": 2025}).context["figures"]["totals"]
    admin_totals = client_for(admin_user).get(URL, {"year": 2025}).context["figures"]["totals"]
    assert kepala_totals["opd_total"] == computed_now(kepala_a)["opd_total"] == 1
    assert admin_totals["opd_total"] == computed_now(admin_user)["opd_total"] == 4


def test_a_deactivated_user_gets_nothing_computed(admin_user, data):
    admin_user.is_active = False
    admin_user.save()
    filters = DashboardFilters.from_cleaned({"year": 2025})
    dashboard_totals_refresh(user_id=admin_user.pk, params=filters.to_params())
    assert stored_totals_raw(admin_user, filters) is None


def test_filters_survive_the_trip_to_the_worker(programme):
    filters = DashboardFilters.from_cleaned({"programme": programme, "year": 2024})
    assert DashboardFilters.from_params(filters.to_params()) == filters


@pytest.mark.parametrize("size", [10, 500])
def test_with_a_broker_the_request_does_not_grow_with_the_data(
    client_for, admin_user, programme, widyaiswara_a, size, broker, django_assert_max_num_queries
):
    bulk_programme_opds(programme, size, widyaiswara_a)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    # Session + user, settings, count, page rows, Widyaiswara load, programme choices, menu,
    # session save (3), culture (2), the page's plan costs (activities, tariffs, SBM: 3).
    with django_assert_max_num_queries(16 + PG_EXTRA):
        response = client.get(URL, {"year": 2025})
    assert response.context["figures"]["totals"] is None
    run_sent(broker)
    with django_assert_max_num_queries(16 + PG_EXTRA):
        response = client.get(URL, {"year": 2025})
    assert response.context["figures"]["totals"]["opd_total"] == size + 1
