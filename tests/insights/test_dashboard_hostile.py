"""Acceptance review of issue 6: hostile query strings, joint-programme and data-pack input,
and role scope on every dashboard URL. Never a 500; bad input is refused with a message."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from insights.models import JointProgramme
from insights.services.duplicate_scans import duplicate_scan_run
from tests.factories import ProgrammeFactory
from tests.insights import dashboard_dataset
from tests.insights.test_joint_programmes import communication_key, post_data

pytestmark = pytest.mark.django_db
CREATE = reverse("insights:joint_programme_create")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(programme, programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    built = dashboard_dataset.build_with_duplicates(
        programme=programme,
        po_a=programme_opd_a,
        po_b=programme_opd_b,
        recorder=widyaiswara_a,
        recorder_b=widyaiswara_b,
    )
    duplicate_scan_run()  # the finder's stored groups (a job the admin starts)
    return built


QS = [
    {"programme": "999999999999999999999"},
    {"programme": "abc"},
    {"programme": "-1"},
    {"date_from": "2025-02-30"},
    {"date_to": "2025-13-01"},
    {"date_from": "2025-05-01", "date_to": "2025-01-01"},
    {"year": "0"},
    {"year": "99999"},
    {"year": "99999999999999999999999"},
    {"year": "abc"},
    {"page": "99999999999999999999"},
    {"page": "-1"},
    {"page": "abc"},
    {"date_from": "9999-12-31"},
    {"date_from": "0001-01-01"},
    {"year": "2000", "date_to": "0001-01-01"},
]


@pytest.mark.parametrize("url", ["insights:dashboard", "insights:dashboard_report", "insights:duplicate_groups"])
@pytest.mark.parametrize("qs", QS)
def test_hostile_qs(client_for, admin_user, data, url, qs):
    r = client_for(admin_user).get(reverse(url), qs)
    assert r.status_code == 200, r.content[:3000]
    # The page itself, with the OPDs it covers: hostile filters fall back to no filter.
    html = r.content.decode()
    heading = {
        "insights:dashboard": "Dasbor Pilot INTAN-WPL",
        "insights:dashboard_report": "Laporan Pilot INTAN-WPL",
        "insights:duplicate_groups": "Kebutuhan dan kegiatan serupa antar-OPD",
    }[url]
    assert heading in html
    if url != "insights:duplicate_groups":
        assert data.po_a.opd.name in html


def test_other_scope_programme(client_for, kepala_a, data):
    other = ProgrammeFactory()
    r = client_for(kepala_a).get(reverse("insights:dashboard"), {"programme": other.pk})
    assert r.status_code == 200
    assert "tidak tersedia" in r.content.decode()


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": ""},
        {"name": "x" * 10000},
        {"joint_run_cost": "-5"},
        {"joint_run_cost": "9" * 30},
        {"joint_run_cost": "abc"},
        {"joint_run_cost": "NaN"},
        {"joint_run_cost": "Infinity"},
        {"joint_run_cost": "1.5"},
        {"activities": ["abc"]},
        {"activities": []},
    ],
)
def test_joint_hostile(client_for, admin_user, data, overrides):
    r = client_for(admin_user).post(CREATE + "?grup=" + communication_key(data), post_data(data, **overrides))
    assert r.status_code == 200, r.content[:3000]
    assert not JointProgramme.objects.exists()


def test_joint_duplicate_ids(client_for, admin_user, data):
    ids = [data.activities["x2"].pk, data.activities["x2"].pk, data.activities["y1"].pk]
    r = client_for(admin_user).post(CREATE + "?grup=" + communication_key(data), post_data(data, activities=ids))
    assert r.status_code == 302
    assert JointProgramme.objects.get().activities.count() == 2


def test_joint_other_group(client_for, admin_user, data):
    others = [a.pk for k, a in data.activities.items() if k not in ("x2", "y1")]
    r = client_for(admin_user).post(
        CREATE + "?grup=" + communication_key(data), post_data(data, activities=[data.activities["x2"].pk, *others])
    )
    assert r.status_code == 200
    assert not JointProgramme.objects.exists()


@pytest.mark.parametrize("grup", ["a99999999999999999999999", "zzz", "a-1", "\x00"])
def test_grup_hostile(client_for, admin_user, data, grup):
    r = client_for(admin_user).get(CREATE, {"grup": grup})
    assert r.status_code in (302, 400)


@pytest.mark.parametrize(
    "post",
    [
        {"show_real_nip": "on", "reason": ""},
        {"show_real_nip": "on", "reason": "a" * 10000},
        {"show_real_nip": "on", "reason": "          x"},
        {"programme": "99999999999999999999"},
    ],
)
def test_pack_hostile(client_for, admin_user, data, post):
    r = client_for(admin_user).post(reverse("insights:data_pack"), post)
    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("who", ["kepala_a", "widyaiswara_a"])
def test_scope(client_for, request, data, who):
    user = request.getfixturevalue(who)
    c = client_for(user)
    for name in ["dashboard", "dashboard_report"]:
        r = c.get(reverse("insights:" + name))
        assert r.status_code == (200 if who == "kepala_a" else 403)
    for name in ["duplicate_groups", "joint_programme_create", "data_pack"]:
        assert c.get(reverse("insights:" + name)).status_code == 403
        assert c.post(reverse("insights:" + name), {}).status_code == 403
    assert c.get(reverse("insights:joint_programme_detail", args=[1])).status_code == 403
    assert c.get(reverse("insights:joint_programme_detail", args=[99999999999999999999])).status_code in (
        403,
        404,
    )


def test_kepala_sees_only_their_opd(client_for, kepala_a, opd_b, data):
    for name in ["dashboard", "dashboard_report"]:
        html = client_for(kepala_a).get(reverse("insights:" + name)).content.decode()
        assert opd_b.name not in html


def test_joint_form_keeps_input_and_explains(client_for, admin_user, data):
    r = client_for(admin_user).post(
        CREATE + "?grup=" + communication_key(data),
        post_data(data, name="", description="Uraian yang diketik", joint_run_cost="-5"),
    )
    html = r.content.decode()
    assert "Nama program bersama wajib diisi." in html and "Uraian yang diketik" in html
    assert not JointProgramme.objects.exists()
