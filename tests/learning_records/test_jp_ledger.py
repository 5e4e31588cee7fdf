"""The yearly JP ledger: each person's credited JP against the PNS minimum and the PPPK cap,
filters, the person page, the overview across OPDs, scope and bounded queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from learning_records.models import JpCredit, Realisation
from pilots.domain import EmploymentType
from pilots.models import Pegawai
from tests.factories import (
    PegawaiFactory,
    UnitKerjaFactory,
    approved_activity,
    realise,
    valid_nip,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_a(opd_a):
    return UnitKerjaFactory(opd=opd_a, name="Bidang Layanan")


@pytest.fixture
def people(opd_a, unit_a):
    return {
        "met": PegawaiFactory(opd=opd_a, name="Ayu Memenuhi", unit=unit_a),
        "short": PegawaiFactory(opd=opd_a, name="Bayu Kurang"),
        "pppk": PegawaiFactory(
            opd=opd_a,
            name="Cici Kontrak",
            employment_type=EmploymentType.PPPK,
            nip=valid_nip(777, employment_type="pppk"),
            golongan="IX",
        ),
    }


@pytest.fixture
def credited(programme_opd_a, widyaiswara_a, people):
    """Ayu 24 JP, Bayu 18 JP (short by 2), Cici (PPPK) 30 JP held -> 24 credited."""
    first = approved_activity(programme_opd_a, jp=18, title="Pelatihan teknis arsip")
    second = approved_activity(programme_opd_a, jp=12, title="Bimtek layanan")
    realise(first, people.values(), recorded_by=widyaiswara_a, start_date=date(2025, 8, 4))
    realise(second, [people["met"], people["pppk"]], recorded_by=widyaiswara_a, start_date=date(2025, 9, 1))
    return first, second


def ledger_url(programme_opd, **params):
    url = reverse("learning_records:jp_ledger", args=[programme_opd.pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def rows_of(response):
    return {person.name: person for person in response.context["page"].object_list}


def test_ledger_shows_met_short_and_pppk_cap(client_for, widyaiswara_a, programme_opd_a, credited):
    response = client_for(widyaiswara_a).get(ledger_url(programme_opd_a, tahun=2025))
    rows = rows_of(response)
    assert rows["Ayu Memenuhi"].total_jp == Decimal("30.0")
    assert rows["Ayu Memenuhi"].meets_minimum
    assert rows["Bayu Kurang"].total_jp == Decimal("18.0")
    assert rows["Bayu Kurang"].shortfall == Decimal("2.0")
    assert rows["Cici Kontrak"].total_jp == Decimal("24.0")
    assert rows["Cici Kontrak"].cap_reached
    assert rows["Cici Kontrak"].jp_over_cap == Decimal("6.0")
    content = response.content.decode()
    assert "Memenuhi" in content
    assert "Kurang 2 JP" in content
    assert "Batas 24 JP tercapai" in content
    summary = response.context["summary"]
    assert (summary["pns_count"], summary["pns_met"], summary["pns_short"]) == (2, 1, 1)
    assert (summary["pppk_count"], summary["pppk_capped"]) == (1, 1)
    assert summary["total_jp"] == Decimal("72.0")


def test_ledger_defaults_to_the_latest_year_with_credits(client_for, kepala_a, programme_opd_a, credited):
    response = client_for(kepala_a).get(ledger_url(programme_opd_a))
    assert response.context["year"] == 2025
    assert "Buku JP tahun 2025" in response.content.decode()


def test_ledger_of_another_year_shows_nothing_credited(client_for, admin_user, programme_opd_a, credited):
    rows = rows_of(client_for(admin_user).get(ledger_url(programme_opd_a, tahun=2024)))
    assert rows["Ayu Memenuhi"].total_jp == Decimal("0")
    assert rows["Ayu Memenuhi"].shortfall == Decimal("20")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"capaian": "memenuhi"}, {"Ayu Memenuhi"}),
        ({"capaian": "kurang"}, {"Bayu Kurang"}),
        ({"capaian": "batas"}, {"Cici Kontrak"}),
        ({"status": "pppk"}, {"Cici Kontrak"}),
        ({"status": "pns"}, {"Ayu Memenuhi", "Bayu Kurang"}),
        ({"q": "bayu"}, {"Bayu Kurang"}),
        ({"capaian": "nonsense", "status": "xyz", "tahun": "abc"}, {"Ayu Memenuhi", "Bayu Kurang", "Cici Kontrak"}),
    ],
)
def test_ledger_filters(client_for, widyaiswara_a, programme_opd_a, credited, params, expected):
    response = client_for(widyaiswara_a).get(ledger_url(programme_opd_a, **params))
    assert response.status_code == 200
    assert set(rows_of(response)) == expected


def test_ledger_filters_by_unit_of_this_opd_only(client_for, widyaiswara_a, programme_opd_a, opd_b, credited, unit_a):
    client = client_for(widyaiswara_a)
    assert set(rows_of(client.get(ledger_url(programme_opd_a, unit=unit_a.pk)))) == {"Ayu Memenuhi"}
    foreign_unit = UnitKerjaFactory(opd=opd_b)
    assert len(rows_of(client.get(ledger_url(programme_opd_a, unit=foreign_unit.pk)))) == 3


def test_ledger_lists_only_this_opds_staff(client_for, widyaiswara_a, programme_opd_a, opd_b, credited):
    PegawaiFactory(opd=opd_b, name="Pegawai Tetangga")
    content = client_for(widyaiswara_a).get(ledger_url(programme_opd_a)).content.decode()
    assert "Pegawai Tetangga" not in content


def test_person_page_lists_credits_with_activity_form_dates_and_jp(
    client_for, kepala_a, programme_opd_a, credited, people
):
    url = reverse("learning_records:jp_person", args=[programme_opd_a.pk, people["pppk"].pk])
    response = client_for(kepala_a).get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Pelatihan teknis arsip" in content and "Bimtek layanan" in content
    assert "KL03" in content
    assert "04-08-2025" in content
    assert "batas PPPK 24 JP." in content  # the cut credit says why
    totals = response.context["totals"]
    assert totals[0]["year"] == 2025 and totals[0]["jp"] == Decimal("24.0") and totals[0]["cap_reached"]


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_other_opd_gets_404(client_for, everyone, programme_opd_a, credited, people, who):
    client = client_for(everyone[who])
    assert client.get(ledger_url(programme_opd_a)).status_code == 404
    url = reverse("learning_records:jp_person", args=[programme_opd_a.pk, people["met"].pk])
    assert client.get(url).status_code == 404


def test_person_of_another_opd_is_404_under_this_opd(client_for, admin_user, programme_opd_a, opd_b):
    stranger = PegawaiFactory(opd=opd_b)
    url = reverse("learning_records:jp_person", args=[programme_opd_a.pk, stranger.pk])
    assert client_for(admin_user).get(url).status_code == 404


def test_overview_shows_each_opd_in_scope(client_for, everyone, programme_opd_a, programme_opd_b, credited):
    response = client_for(everyone["kepala_a"]).get(reverse("learning_records:jp_overview"))
    rows = list(response.context["page"].object_list)
    assert [row.pk for row in rows] == [programme_opd_a.pk]
    assert (rows[0].pns_met, rows[0].pns_count, rows[0].pppk_capped) == (1, 2, 1)
    assert rows[0].credited_jp == Decimal("72.0")
    assert "Ekspor riwayat kursus semua OPD" not in response.content.decode()
    admin_page = client_for(everyone["admin"]).get(reverse("learning_records:jp_overview"))
    assert {row.pk for row in admin_page.context["page"].object_list} == {programme_opd_a.pk, programme_opd_b.pk}
    assert "Ekspor riwayat kursus semua OPD" in admin_page.content.decode()


def test_menu_shows_jam_pelajaran_to_every_role(client_for, everyone):
    for user in everyone.values():
        content = client_for(user).get(reverse("insights:home")).content.decode()
        assert reverse("learning_records:jp_overview") in content


def _bulk_staff_with_credits(opd, programme_opd, widyaiswara, size):
    Pegawai.objects.bulk_create(
        Pegawai(
            opd=opd,
            nip=valid_nip(10_000 + i) if i % 5 else valid_nip(10_000 + i, employment_type="pppk"),
            name=f"Pegawai {i:04d}",
            employment_type=EmploymentType.PNS if i % 5 else EmploymentType.PPPK,
        )
        for i in range(size)
    )
    activity = approved_activity(programme_opd, jp=12)
    realisation = realise(activity, Pegawai.objects.filter(opd=opd)[:1], recorded_by=widyaiswara)
    JpCredit.objects.bulk_create(
        JpCredit(realisation=realisation, pegawai=person, year=2025, jp=Decimal(12), jp_before_cap=Decimal(12))
        for person in Pegawai.objects.filter(opd=opd).exclude(jp_credits__realisation=realisation)
    )
    assert Realisation.objects.count() == 1


@pytest.mark.parametrize("size", [10, 1000])
def test_ledger_queries_do_not_grow(
    client_for, widyaiswara_a, programme_opd_a, opd_a, size, django_assert_max_num_queries
):
    _bulk_staff_with_credits(opd_a, programme_opd_a, widyaiswara_a, size)
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(14):
        response = client.get(ledger_url(programme_opd_a, tahun=2025))
    assert response.context["summary"]["staff_count"] == size
    with django_assert_max_num_queries(14):
        client.get(ledger_url(programme_opd_a, tahun=2025, capaian="kurang", status="pns"))


@pytest.mark.parametrize("size", [10, 1000])
def test_overview_and_person_queries_do_not_grow(
    client_for, admin_user, widyaiswara_a, programme_opd_a, opd_a, size, django_assert_max_num_queries
):
    _bulk_staff_with_credits(opd_a, programme_opd_a, widyaiswara_a, size)
    client = client_for(admin_user)
    with django_assert_max_num_queries(12):
        overview = client.get(reverse("learning_records:jp_overview"))
    assert opd_a.name in overview.content.decode()
    person = Pegawai.objects.filter(opd=opd_a).first()
    with django_assert_max_num_queries(14):
        page = client.get(reverse("learning_records:jp_person", args=[programme_opd_a.pk, person.pk]))
    assert person.name in page.content.decode()
