"""Acceptance review of issue 5: JP arithmetic at the PPPK cap and after a settings change,
and the export's content (NIP as text, dd-mm-yyyy, formulas defused, UTF-8 names, scope)."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from learning_plans.models import LearningSettings
from learning_records.models import JpCredit
from pilots.domain import EmploymentType
from tests.factories import PegawaiFactory, approved_activity, realise, valid_nip

pytestmark = pytest.mark.django_db


@pytest.fixture
def pppk(opd_a):
    return PegawaiFactory(
        opd=opd_a,
        name="Budi PPPK",
        employment_type=EmploymentType.PPPK,
        nip=valid_nip(901, employment_type="pppk"),
        golongan="IX",
    )


def settings_post(**overrides):
    data = {
        "pns_min_jp": "20",
        "pppk_max_jp": "24",
        "minutes_per_jp": "45",
        "target_pengalaman": "70",
        "target_sosial": "20",
        "target_formal": "10",
        "mix_tolerance": "10",
        "culture_min_respondents": "5",
    }
    data.update(overrides)
    return data


def credits(pegawai):
    return list(
        JpCredit.objects.filter(pegawai=pegawai).order_by("realisation__end_date").values_list("jp", "jp_before_cap")
    )


def test_pppk_exactly_at_the_cap_then_over_it(programme_opd_a, widyaiswara_a, pppk):
    for day, jp in [(1, 12), (2, 12), (3, Decimal("0.5"))]:
        realise(
            approved_activity(programme_opd_a, jp=jp), [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 5, day)
        )
    assert credits(pppk) == [(12, 12), (12, 12), (0, Decimal("0.5"))]


def test_lowering_the_pppk_cap_recomputes_credits_already_recorded(
    client_for, admin_user, programme_opd_a, widyaiswara_a, pppk, opd_a
):
    pns = PegawaiFactory(opd=opd_a, name="Andi PNS")
    first = approved_activity(programme_opd_a, jp=16)
    second = approved_activity(programme_opd_a, jp=8)
    realise(first, [pppk, pns], recorded_by=widyaiswara_a, start_date=date(2025, 5, 1))
    realise(second, [pppk], recorded_by=widyaiswara_a, start_date=date(2025, 6, 1))
    assert credits(pppk) == [(16, 16), (8, 8)]

    response = client_for(admin_user).post(reverse("learning_plans:jp_settings"), settings_post(pppk_max_jp="20"))
    assert response.status_code == 302
    assert LearningSettings.load().pppk_max_jp == 20
    # The ledger, the export and any later credit now agree on the new cap.
    assert credits(pppk) == [(16, 16), (4, 8)]
    assert credits(pns) == [(16, 16)]

    client_for(admin_user).post(reverse("learning_plans:jp_settings"), settings_post(pppk_max_jp="30"))
    assert credits(pppk) == [(16, 16), (8, 8)]


def test_saving_other_settings_leaves_credits_alone(client_for, admin_user, programme_opd_a, widyaiswara_a, pppk):
    realise(approved_activity(programme_opd_a, jp=30), [pppk], recorded_by=widyaiswara_a)
    client_for(admin_user).post(reverse("learning_plans:jp_settings"), settings_post(mix_tolerance="15"))
    assert credits(pppk) == [(24, 30)]


# --- Export content --------------------------------------------------------------------------


@pytest.fixture
def exported(programme_opd_a, programme_opd_b, widyaiswara_a, widyaiswara_b, opd_a, opd_b):
    person = PegawaiFactory(opd=opd_a, nip="198609262015051001", name="Nurul Ḥikmah Daeng Ma’ruf")
    activity = approved_activity(
        programme_opd_a, jp=4, title='=HYPERLINK("http://evil.example","klik")', organiser="@BPSDM Sulsel"
    )
    realise(activity, [person], recorded_by=widyaiswara_a, start_date=date(2025, 2, 3), end_date=date(2025, 2, 5))
    stranger = PegawaiFactory(opd=opd_b, name="Orang Dinas Lain")
    realise(
        approved_activity(programme_opd_b, jp=4), [stranger], recorded_by=widyaiswara_b, start_date=date(2025, 2, 3)
    )
    return person


def export(client, programme_opd, fmt):
    url = reverse("learning_records:jp_export", args=[programme_opd.pk]) + f"?tahun=2025&format={fmt}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_csv_export_content(client_for, widyaiswara_a, programme_opd_a, exported):
    rows = list(
        csv.DictReader(io.StringIO(export(client_for(widyaiswara_a), programme_opd_a, "csv").decode("utf-8-sig")))
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["nip"] == "198609262015051001"
    assert row["nama"] == "Nurul Ḥikmah Daeng Ma’ruf"
    assert row["nama_kursus"].startswith("'=HYPERLINK")
    assert row["penyelenggara"] == "'@BPSDM Sulsel"
    assert (row["tanggal_mulai"], row["tanggal_selesai"], row["tahun"]) == ("03-02-2025", "05-02-2025", "2025")


def test_xlsx_and_json_export_content(client_for, kepala_a, programme_opd_a, exported):
    client = client_for(kepala_a)
    sheet = load_workbook(io.BytesIO(export(client, programme_opd_a, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 1
    assert rows[0]["nip"].value == "198609262015051001" and rows[0]["nip"].data_type == "s"
    assert rows[0]["nama_kursus"].data_type == "s"
    assert rows[0]["nama"].value == "Nurul Ḥikmah Daeng Ma’ruf"
    records = json.loads(export(client, programme_opd_a, "json"))
    assert [r["nama"] for r in records] == ["Nurul Ḥikmah Daeng Ma’ruf"]
    assert records[0]["tanggal_mulai"] == "03-02-2025"


def test_export_of_another_opd_is_404(client_for, widyaiswara_b, kepala_b, programme_opd_a, exported):
    for user in (widyaiswara_b, kepala_b):
        url = reverse("learning_records:jp_export", args=[programme_opd_a.pk]) + "?tahun=2025&format=csv"
        assert client_for(user).get(url).status_code == 404
