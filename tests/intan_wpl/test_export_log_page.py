"""The export log has an admin page with filters: who, when, what, rows (issue 13, item 3)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intan_wpl.exports import record_export
from intan_wpl.models import ExportLog

pytestmark = pytest.mark.django_db
URL = reverse("intan_wpl:export_log")


def exports(admin_user, widyaiswara_a):
    record_export(user=admin_user, kind="paket_data_kebijakan", description="Paket data", row_count=1200)
    record_export(user=widyaiswara_a, kind="jp_siasn", description="JP DPK ke SIASN", row_count=35)
    old = record_export(user=admin_user, kind="daftar_pegawai", description="Daftar pegawai DPK", row_count=80)
    ExportLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))


def test_the_admin_reads_every_export_with_who_what_and_rows(client_for, admin_user, widyaiswara_a):
    exports(admin_user, widyaiswara_a)
    body = client_for(admin_user).get(URL).content.decode()
    for text in ("Paket data", "JP DPK ke SIASN", "Daftar pegawai DPK", widyaiswara_a.display_name):
        assert text in body
    assert "1.200" in body  # rows, grouped the Indonesian way


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Paket data", "JP DPK ke SIASN", "Daftar pegawai DPK"}),
        ({"kind": "jp_siasn"}, {"JP DPK ke SIASN"}),
        ({"min_rows": "100"}, {"Paket data"}),
        ({"since": str(timezone.localdate() - timedelta(days=7))}, {"Paket data", "JP DPK ke SIASN"}),
        ({"until": str(timezone.localdate() - timedelta(days=7))}, {"Daftar pegawai DPK"}),
    ],
)
def test_filters(client_for, admin_user, widyaiswara_a, query, expected):
    exports(admin_user, widyaiswara_a)
    page = client_for(admin_user).get(URL, query).context["page"]
    assert {log.description for log in page.object_list} == expected


def test_filter_by_user(client_for, admin_user, widyaiswara_a):
    exports(admin_user, widyaiswara_a)
    page = client_for(admin_user).get(URL, {"user": widyaiswara_a.pk}).context["page"]
    assert [log.description for log in page.object_list] == ["JP DPK ke SIASN"]


def test_bad_filter_input_is_no_error(client_for, admin_user, widyaiswara_a):
    exports(admin_user, widyaiswara_a)
    response = client_for(admin_user).get(URL, {"since": "kemarin", "min_rows": "-5", "kind": "<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


@pytest.mark.parametrize("role", ["widyaiswara_a", "kepala_a"])
def test_only_the_admin_reads_the_export_log(client_for, everyone, role):
    assert client_for(everyone[role]).get(URL).status_code == 403


@pytest.mark.parametrize("size", [3, 200])
def test_queries_do_not_grow_with_the_log(client_for, admin_user, django_assert_max_num_queries, size):
    ExportLog.objects.bulk_create(
        [ExportLog(user=admin_user, kind="jp_siasn", description=f"Ekspor {n}", row_count=n) for n in range(size)]
    )
    client = client_for(admin_user)
    with django_assert_max_num_queries(11):
        response = client.get(URL, {"kind": "jp_siasn"})
    assert len(response.context["page"].object_list) == min(size, 50)
