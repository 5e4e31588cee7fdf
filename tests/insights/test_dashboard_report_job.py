"""The full dashboard report as a background job (issue 12): /dasbor/laporan/ shows one page of
programme OPD rows and starts the job; the job's HTML file carries every row and the same
figures as the dashboard; only its owner downloads it."""

import re

import pytest
from django.core.cache import cache
from django.urls import resolve, reverse

from insights.selectors.dashboard import DashboardFilters, dashboard_figures
from intan_wpl.models import Job, JobState, Role
from tests.factories import UserFactory
from tests.insights import dashboard_dataset
from tests.insights.test_dashboard import PG_EXTRA_WITH_TOTALS, bulk_programme_opds

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard_report")
SUMMARY_LABELS = {
    "OPD program": "opd_total",
    "Sesi pendampingan": "session_count",
    "Tindak lanjut terbuka": "open_follow_up_count",
    "Masalah kinerja": "problem_count",
    "Kebutuhan pembelajaran": "need_total",
    "Kegiatan dalam rencana yang berlaku": "activity_count",
}


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


def run_report(client, **query):
    """Start the report job from the report page (in-process in the tests), open the job page and
    download the file, as the admin does."""
    url = URL + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")
    response = client.post(url)
    assert response.status_code == 302
    job = Job.objects.get(pk=resolve(response["Location"]).kwargs["pk"])
    assert job.state == JobState.DONE and job.kind == "dashboard_report", job.error
    page = client.get(response["Location"]).content.decode()
    assert "Selesai" in page and reverse("intan_wpl:job_download", args=[job.pk]) in page
    download = client.get(reverse("intan_wpl:job_download", args=[job.pk]))
    assert download.status_code == 200 and ".html" in download["Content-Disposition"]
    return job, b"".join(download.streaming_content).decode("utf-8")


def summary(html):
    """{label: number} of the report's summary table."""
    section = html[
        html.index('id="ringkasan-laporan"') : html.index("</section>", html.index('id="ringkasan-laporan"'))
    ]
    pairs = re.findall(r'<th scope="row">\s*([^<]+?)\s*</th>\s*<td class="text-end">\s*([^<]+?)\s*</td>', section)
    return dict(pairs)


def progress_rows(html):
    table = html[html.index('id="tabel-opd"') : html.index("</table>", html.index('id="tabel-opd"'))]
    return re.findall(r'<tr data-opd="([^"]+)">', table)


def test_the_report_file_has_every_opd_and_the_dashboards_figures(client_for, admin_user, data):
    job, html = run_report(client_for(admin_user), year=2025)
    figures = dashboard_figures(admin_user, DashboardFilters(year=2025), page_number="all")
    names = sorted(row["opd__name"] for row in figures["rows"])
    assert sorted(progress_rows(html)) == names and len(names) == 4
    numbers = summary(html)
    for label, key in SUMMARY_LABELS.items():
        assert numbers[label] == str(figures["totals"][key]), label
    assert job.counts == {"OPD program": 4}
    # Self-contained: styles and chart code inside, every chart and its table.
    assert "<link" not in html and "new window.Chart" in html and html.count("data-chart=") == 5
    assert "Laporan Pilot INTAN-WPL" in html and "</script" not in html.split("<script>", 1)[1].split("</script>")[0]


def test_the_report_file_equals_the_dashboard_page_figures(client_for, admin_user, data):
    client = client_for(admin_user)
    dashboard = client.get(reverse("insights:dashboard"), {"year": 2025}).context["figures"]
    _job, html = run_report(client, year=2025)
    numbers = summary(html)
    assert [numbers[label] for label in SUMMARY_LABELS] == [
        str(dashboard["totals"][key]) for key in SUMMARY_LABELS.values()
    ]
    for row in dashboard["rows"]:
        assert f'<tr data-opd="{row["opd__name"]}">' in html


@pytest.mark.parametrize("size", [10, 60])
def test_the_report_page_shows_one_page_and_the_job_writes_every_row(
    client_for, admin_user, programme, widyaiswara_a, size, django_assert_max_num_queries
):
    bulk_programme_opds(programme, size, widyaiswara_a)
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    cache.clear()
    with django_assert_max_num_queries(22 + PG_EXTRA_WITH_TOTALS):  # as test_report_query_count_...
        page = client.get(URL, {"year": 2025})
    # bulk_programme_opds adds one programme OPD of its own beside the `size` made in bulk.
    assert len(progress_rows(page.content.decode())) == min(size + 1, 25)
    assert "Buat laporan lengkap" in page.content.decode()
    job, html = run_report(client, year=2025)
    assert len(progress_rows(html)) == size + 1 and job.counts == {"OPD program": size + 1}


def test_a_kepala_opd_gets_only_their_opd_in_the_file(client_for, kepala_a, opd_a, opd_b, data):
    _job, html = run_report(client_for(kepala_a), year=2025)
    assert progress_rows(html) == [opd_a.name]
    assert opd_b.name not in html


def test_the_report_filters_travel_into_the_job(client_for, admin_user, programme, data):
    job, html = run_report(client_for(admin_user), year=2025, programme=programme.pk)
    assert job.params["programme"] == programme.pk and job.params["year"] == 2025
    assert programme.name in html


def test_the_report_file_is_refused_to_anyone_else(client_for, admin_user, kepala_a, data):
    job, _html = run_report(client_for(admin_user), year=2025)
    other_admin = UserFactory(username="admin.kedua", role=Role.ADMIN)
    for person in (other_admin, kepala_a):
        client = client_for(person)
        assert client.get(reverse("intan_wpl:job_detail", args=[job.pk])).status_code == 404
        assert client.get(reverse("intan_wpl:job_download", args=[job.pk])).status_code == 404


def test_a_widyaiswara_cannot_start_the_report(client_for, widyaiswara_a, data):
    assert client_for(widyaiswara_a).post(URL).status_code == 403
    assert not Job.objects.exists()
