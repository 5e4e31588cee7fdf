"""The duplication finder (issue 6): the same candidate groups on SQLite (Python trigrams) and
on PostgreSQL (pg_trgm). CI runs this module on both backends with the same expectations."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from insights.models import DuplicateScan, StoredDuplicateGroup
from insights.services.duplicate_scans import duplicate_group_get, duplicate_scan_run
from insights.services.duplicates import (
    SIMILARITY_THRESHOLD,
    duplicate_groups_find,
    trigram_similarity,
    trigrams,
)
from intan_wpl.models import Job, JobState
from learning_needs.models import Competency
from learning_plans.models import LearningPlan, PlanStatus
from tests.insights import dashboard_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The finder's pages read the groups through the cache; every test starts without it.
    cache.clear()
    yield
    cache.clear()


URL = reverse("insights:duplicate_groups")


@pytest.fixture
def data(programme, programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b):
    return dashboard_dataset.build_with_duplicates(
        programme=programme,
        po_a=programme_opd_a,
        po_b=programme_opd_b,
        recorder=widyaiswara_a,
        recorder_b=widyaiswara_b,
    )


def members(group):
    return {("n", need["pk"]) for need in group.needs} | {("a", act["pk"]) for act in group.activities}


def expected_groups(data):
    n, a = data.needs, data.activities
    return {
        frozenset({("n", n["n2"].pk), ("n", n["n3"].pk), ("a", a["x2"].pk), ("a", a["y1"].pk)}),
        frozenset({("a", a["x4"].pk), ("a", a["z_mentoring"].pk)}),
        frozenset({("n", n["nb_arsip"].pk), ("n", n["nc_arsip"].pk)}),
    }


def test_the_same_groups_on_this_backend_as_on_the_other(data):
    """Runs on SQLite and on PostgreSQL in CI: both must find exactly these groups."""
    groups = duplicate_groups_find()
    assert {frozenset(members(group)) for group in groups} == expected_groups(data)


def test_groups_show_opds_participants_cost_and_saving(data):
    groups = {frozenset(members(g)): g for g in duplicate_groups_find()}
    n, a = data.needs, data.activities
    communication = groups[frozenset({("n", n["n2"].pk), ("n", n["n3"].pk), ("a", a["x2"].pk), ("a", a["y1"].pk)})]
    assert communication.opds == ["Dinas Kelautan Uji", "Dinas Perpustakaan Uji"]
    assert communication.competencies == ["M.03 Komunikasi"]
    assert communication.people == 5 and communication.seats == 5
    assert communication.estimated_cost_display == "Rp11.000.000"
    assert communication.saving["saving_display"] == "Rp5.000.000"  # 11 juta - the dearest run (6 juta)
    assert communication.can_join and communication.key == f"a{min(a['x2'].pk, a['y1'].pk)}"
    archive = groups[frozenset({("n", n["nb_arsip"].pk), ("n", n["nc_arsip"].pk)})]
    assert not archive.can_join
    assert archive.key == f"n{min(n['nb_arsip'].pk, n['nc_arsip'].pk)}"


def test_realised_or_joined_activities_and_same_opd_items_are_not_grouped(data):
    found = set().union(*(members(group) for group in duplicate_groups_find()))
    a = data.activities
    assert ("a", a["x3"].pk) not in found  # realised
    assert ("a", a["z_project"].pk) not in found  # its only match is realised
    assert ("a", a["z_coaching"].pk) not in found  # below the threshold
    assert ("n", data.needs["n1"].pk) not in found  # answered by a realised activity


def test_a_superseded_plan_version_is_not_offered(data, widyaiswara_b):
    data.plans["b"].status = PlanStatus.DIGANTIKAN
    data.plans["b"].save()
    newer = LearningPlan.objects.create(
        programme_opd=data.po_b,
        version=2,
        previous_version=data.plans["b"],
        title="Rencana B v2",
        created_by=widyaiswara_b,
    )
    groups = duplicate_groups_find()
    found = set().union(*(members(group) for group in groups))
    assert ("a", data.activities["y1"].pk) not in found
    assert newer.activities.count() == 0


def test_programme_filter_keeps_groups_inside_the_programme(data):
    assert duplicate_groups_find(programme=data.other_programme) == []
    assert len(duplicate_groups_find(programme=data.programme)) == 3


def test_duplicate_group_get_finds_a_group_by_its_key(data):
    assert duplicate_group_get(key="a1") is None  # nothing stored yet
    duplicate_scan_run()
    key = f"a{min(data.activities['x2'].pk, data.activities['y1'].pk)}"
    assert duplicate_group_get(key=key).key == key
    assert duplicate_group_get(key="a999999") is None


# --- The similarity itself ------------------------------------------------------------------


def test_trigrams_follow_pg_trgm():
    # PostgreSQL documentation: show_trgm('cat') = {"  c"," ca","at ","cat"}.
    assert trigrams("cat") == {"  c", " ca", "cat", "at "}
    # Words are letters and digits; case, punctuation and underscores do not matter.
    assert trigrams("Pelatihan K3_(Dasar)") == trigrams("pelatihan k3 dasar")
    # PostgreSQL documentation: similarity('word', 'two words') = 0.36363637.
    assert round(trigram_similarity("word", "two words"), 6) == pytest.approx(0.363636, abs=1e-6)
    assert trigram_similarity("", "apa") == 0.0
    assert SIMILARITY_THRESHOLD == 0.4


SAMPLES = [
    ("Pelatihan komunikasi publik untuk pelayanan", "Pelatihan komunikasi publik dalam pelayanan"),
    ("Mentoring analisis kebijakan", "Mentoring analisis data perikanan"),
    ("Coaching penyusunan laporan kinerja", "Coaching pelayanan pasien"),
    ("Pengelolaan arsip digital", "Pengelolaan arsip elektronik"),
    ("Penugasan proyek digitalisasi arsip", "Digitalisasi layanan perizinan"),
    ("Pelatihan K3 (Keselamatan) & Kesehatan_Kerja", "pelatihan k3 keselamatan kesehatan kerja"),
    ("Évaluasi café", "evaluasi cafe"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm hanya ada di PostgreSQL")
def test_python_similarity_equals_pg_trgm():
    with connection.cursor() as cursor:
        for first, second in SAMPLES:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            (in_database,) = cursor.fetchone()
            assert trigram_similarity(first, second) == pytest.approx(in_database, abs=1e-6), (first, second)


def test_python_similarity_of_the_samples_is_stable():
    """The values pg_trgm gives for SAMPLES (checked on PostgreSQL 15)."""
    expected = [0.72727275, 0.5121951, 0.27659574, 0.4864865, 0.33333334, 1.0, 0.47368422]
    for (first, second), value in zip(SAMPLES, expected, strict=True):
        assert trigram_similarity(first, second) == pytest.approx(value, abs=1e-6)


# --- The page -------------------------------------------------------------------------------


def test_admin_sees_the_groups_with_a_link_to_join_them(client_for, admin_user, data):
    duplicate_scan_run()
    response = client_for(admin_user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 kelompok kandidat ditemukan." in html
    assert "Pelatihan komunikasi publik dalam pelayanan" in html
    assert "Mentoring penyusunan analisis kebijakan" in html
    key = f"a{min(data.activities['x2'].pk, data.activities['y1'].pk)}"
    assert f"{reverse('insights:joint_programme_create')}?grup={key}" in html
    assert "Rp5.000.000" in html


def test_programme_filter_on_the_page(client_for, admin_user, data):
    duplicate_scan_run()
    response = client_for(admin_user).get(URL, {"programme": data.other_programme.pk})
    assert "belum dihitung" in response.content.decode()
    duplicate_scan_run(programme=data.other_programme)
    response = client_for(admin_user).get(URL, {"programme": data.other_programme.pk})
    assert "0 kelompok kandidat ditemukan." in response.content.decode()
    response = client_for(admin_user).get(URL, {"programme": "bukan-angka"})
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors


@pytest.mark.parametrize("user", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_may_open_the_finder(client_for, everyone, user):
    assert client_for(everyone[user]).get(URL).status_code == 403
    assert client_for(everyone[user]).post(URL).status_code == 403
    assert not Job.objects.exists() and not DuplicateScan.objects.exists()


# --- The scan: a background job that stores the groups (issue 12) ----------------------------


def test_the_page_computes_nothing_until_the_admin_starts_a_scan(client_for, admin_user, data):
    client = client_for(admin_user)
    response = client.get(URL)
    assert "belum dihitung" in response.content.decode()
    assert response.context["group_count"] == 0 and not DuplicateScan.objects.exists()
    response = client.post(URL)
    job = Job.objects.get()
    assert response["Location"] == reverse("intan_wpl:job_detail", args=[job.pk])
    assert job.owner == admin_user and job.kind == "duplicate_scan" and job.state == JobState.DONE
    assert job.counts == {"kelompok kandidat": 3}
    scan = DuplicateScan.objects.get(programme=None)
    stored = [frozenset(members(duplicate_group_get(key=row.key))) for row in scan.groups.all()]
    assert set(stored) == expected_groups(data)
    assert "3 kelompok kandidat ditemukan." in client.get(URL).content.decode()


def test_a_new_scan_replaces_the_scopes_earlier_one_and_keeps_the_order(data):
    first = duplicate_scan_run()
    second = duplicate_scan_run(programme=data.programme)
    third = duplicate_scan_run()
    assert set(DuplicateScan.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert StoredDuplicateGroup.objects.filter(scan_id=first.pk).count() == 0
    keys = list(third.groups.values_list("key", flat=True))
    assert keys == [group.key for group in duplicate_groups_find()]


def test_a_stored_group_reads_back_as_the_finder_computed_it(data):
    duplicate_scan_run()
    for group in duplicate_groups_find():
        stored = duplicate_group_get(key=group.key)
        assert stored == group


@pytest.mark.parametrize("size", [10, 300])
def test_finder_query_count_does_not_grow(
    client_for, admin_user, programme, widyaiswara_a, size, django_assert_max_num_queries
):
    from tests.insights.test_dashboard import bulk_programme_opds

    bulk_programme_opds(programme, size, widyaiswara_a)
    duplicate_scan_run()
    client = client_for(admin_user)
    client.get(reverse("insights:home"))
    # The page reads stored groups: no comparison, no similarity query in the request.
    with django_assert_max_num_queries(13):
        response = client.get(URL)
    # Every bulk OPD needs M.03 Komunikasi (one group of needs spanning all of them). Each also plans
    # a bare "Coaching": a title of template words only says nothing, so those are not grouped.
    assert response.context["group_count"] == 1
    groups = response.context["page"].object_list
    assert all(len(group.opds) == size for group in groups)
    assert {group.title for group in groups} == {"M.03 " + Competency.objects.get(code="M.03").name}


# --- Pairs: score, reason, dismissal (issue 11, item 5) ------------------------------------------


def test_each_pair_of_a_group_has_a_score_and_a_reason(data):
    a = data.activities
    duplicate_scan_run()
    group = duplicate_group_get(key=f"a{min(a['x4'].pk, a['z_mentoring'].pk)}")
    assert group.pairs
    pair = group.pairs[0]
    assert {pair["first"]["pk"], pair["second"]["pk"]} == {a["x4"].pk, a["z_mentoring"].pk}
    assert 0 <= pair["score"] <= 1 and pair["reason"] and not pair["dismissed"]


def test_a_dismissed_pair_stays_apart(client_for, admin_user, data):
    a = data.activities
    url = reverse("insights:duplicate_pair_dismiss", args=[a["z_mentoring"].pk, a["x4"].pk])
    client = client_for(admin_user)
    duplicate_scan_run()
    assert client.get(URL).context["group_count"] == 3
    assert "Tandai pasangan ini bukan duplikat?" in client.get(url).content.decode()
    assert client.post(url, {"alasan": "Topik berbeda"}).status_code == 302
    found = set().union(*(members(group) for group in duplicate_groups_find()))
    assert ("a", a["x4"].pk) not in found and ("a", a["z_mentoring"].pk) not in found
    # The dismissal started a new scan (a job of the admin's): the page shows the pair apart.
    assert Job.objects.get(kind="duplicate_scan").owner == admin_user
    assert client.get(URL).context["group_count"] == 2
    client.post(url)  # twice: still one record
    from insights.models import DismissedPair

    pair = DismissedPair.objects.get()
    assert (pair.first_id, pair.second_id) == tuple(sorted((a["x4"].pk, a["z_mentoring"].pk)))
    assert pair.reason == "Topik berbeda" and pair.history.count() == 1


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_dismisses_a_pair(client_for, everyone, data, who):
    a = data.activities
    url = reverse("insights:duplicate_pair_dismiss", args=[a["x4"].pk, a["z_mentoring"].pk])
    assert client_for(everyone[who]).post(url).status_code == 403
    assert len(duplicate_groups_find()) == 3
