"""The cost model a finance officer accepts: unit costs per development form and year, the SBM
session rate for Widyaiswara, each activity against its cheapest classroom alternative, a
classroom activity equal on both sides, and a page whose totals a reviewer recomputes by hand
from the page's own figures (this test does exactly that)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from insights.models import SbmRate, UnitCost
from tests.factories import PegawaiFactory, approved_activity, development_form

pytestmark = pytest.mark.django_db


def rp(text):
    """'Rp1.250.000' / '-Rp50.000' -> int, as a reviewer reads it."""
    value = int(re.sub(r"[^\d]", "", text))
    return -value if text.strip().startswith("-") else value


@pytest.fixture
def tariffs(programme):
    year = programme.start_date.year
    SbmRate.objects.create(year=year, widyaiswara_session_rate=Decimal(300_000), basis="PMK SBM")
    UnitCost.objects.create(  # bimtek: the cheapest classroom form
        form=development_form("KL10"),
        year=year,
        per_activity=2_000_000,
        per_head=500_000,
        per_day=150_000,
        jp_per_day=8,
        widyaiswara_sessions_per_jp=1,
    )
    UnitCost.objects.create(
        form=development_form("KL03"),
        year=year,
        per_activity=5_000_000,
        per_head=1_500_000,
        per_day=380_000,
        jp_per_day=8,
        widyaiswara_sessions_per_jp=1,
    )
    UnitCost.objects.create(
        form=development_form("NKL01"),
        year=year,
        per_activity=0,
        per_head=50_000,
        per_day=0,
        jp_per_day=4,
        widyaiswara_sessions_per_jp=Decimal("0.5"),
    )
    # An older year that must not be used while the programme's own year is there.
    UnitCost.objects.create(form=development_form("NKL01"), year=year - 1, per_activity=9_999_999)
    return year


@pytest.fixture
def plan(programme_opd_a, opd_a, tariffs):
    people = [PegawaiFactory(opd=opd_a) for _ in range(5)]
    coaching = approved_activity(programme_opd_a, form_code="NKL01", jp=10, participants=people, title="Coaching arsip")
    approved_activity(
        programme_opd_a, form_code="KL03", jp=16, participants=people[:3], title="Pelatihan teknis", plan=coaching.plan
    )
    approved_activity(
        programme_opd_a, form_code="NKL11", jp=6, participants=people[:2], title="OJT", plan=coaching.plan
    )
    return coaching.plan


def page_of(client, plan):
    response = client.get(reverse("insights:plan_cost", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def cells(html, attribute):
    return [rp(m) for m in re.findall(rf'data-{attribute}="[^"]*">\s*(-?Rp[\d.]+)', html)]


def test_a_reviewer_recomputes_every_total_from_the_page(client_for, widyaiswara_a, plan):
    html = page_of(client_for(widyaiswara_a), plan)
    rows = re.findall(r'<tr class="cost-line">(.*?)</tr>', html, re.S)
    assert len(rows) == 3
    wpl_sum = classroom_sum = 0
    for row in rows:
        if 'data-line="wpl"' not in row:
            continue  # unpriced: named, left out of the sums
        sides = re.findall(r'<td class="small cost-terms">(.*?)</td>', row, re.S)
        line = {name: rp(value) for name, value in re.findall(r'data-line="(\w+)">\s*(-?Rp[\d.]+)', row)}
        terms = [[rp(t) for t in re.findall(r"<span data-term>(-?Rp[\d.]+)</span>", side)] for side in sides]
        assert sum(terms[0]) == line["wpl"]  # the WPL side is the sum of its four terms
        if len(terms) == 2:
            assert sum(terms[1]) == line["classroom"]
        else:
            assert line["classroom"] == line["wpl"]  # already classroom: the same on both sides
        assert line["saving"] == line["classroom"] - line["wpl"]
        wpl_sum += line["wpl"]
        classroom_sum += line["classroom"]
    totals = {name: rp(value) for name, value in re.findall(r'data-total="(\w+)">\s*(-?Rp[\d.]+)', html)}
    assert totals == {"wpl": wpl_sum, "classroom": classroom_sum, "saving": classroom_sum - wpl_sum}


def test_coaching_is_priced_against_the_cheapest_classroom_form_and_the_course_saves_nothing(
    client_for, widyaiswara_a, plan
):
    html = page_of(client_for(widyaiswara_a), plan)
    coaching = re.search(r'<tr class="cost-line">\s*<td>\s*Coaching arsip(.*?)</tr>', html, re.S).group(1)
    # Coaching, 10 JP, 5 people: 0 + 50.000×5 + 0 + 300.000×5 sessions = 1.750.000.
    assert 'data-line="wpl">Rp1.750.000' in coaching
    # Cheapest classroom (KL10): 2.000.000 + 500.000×5 + 150.000×5×2 days + 300.000×10 = 9.000.000.
    assert "Rp9.000.000" in coaching and "KL10" in coaching
    course = re.search(r'<tr class="cost-line">\s*<td>\s*Pelatihan teknis(.*?)</tr>', html, re.S).group(1)
    assert "Sudah klasikal: sama di kedua sisi." in course
    assert 'data-line="saving">Rp0' in course
    assert "Belum ada tarif satuan untuk NKL11" in html
    assert "1 kegiatan tidak dihitung karena tarifnya belum ada" in html
    assert "9.999.999" not in html  # the older year's tariff is not used


def test_the_inputs_are_on_the_page(client_for, kepala_a, plan):
    html = page_of(client_for(kepala_a), plan)
    assert "Honorarium Widyaiswara per sesi: Rp300.000" in html
    assert "NKL01 Coaching (2025): Rp0 per penyelenggaraan, Rp50.000 per peserta" in html
    assert "0,50 sesi Widyaiswara per JP" in html
    assert "alternatif klasikal sebuah kegiatan = bentuk klasikal termurah" in html.lower()


@pytest.mark.parametrize("who", ["widyaiswara_b", "kepala_b"])
def test_another_opd_gets_404(client_for, everyone, plan, who):
    assert client_for(everyone[who]).get(reverse("insights:plan_cost", args=[plan.pk])).status_code == 404


@pytest.mark.parametrize("who", ["widyaiswara_a", "kepala_a"])
@pytest.mark.parametrize("name", ["unit_cost_list", "unit_cost_create", "sbm_rate_create"])
def test_only_the_admin_edits_the_tariffs(client_for, everyone, who, name):
    assert client_for(everyone[who]).get(reverse(f"insights:{name}")).status_code == 403


def test_admin_enters_a_unit_cost_and_a_second_one_for_the_same_year_is_refused_at_the_field(client_for, admin_user):
    data = {
        "form": development_form("KL08").pk,
        "year": 2025,
        "per_activity": "1000000",
        "per_head": "250000",
        "per_day": "0",
        "jp_per_day": "8",
        "widyaiswara_sessions_per_jp": "1",
        "basis": "Pergub SSH 2025",
    }
    client = client_for(admin_user)
    assert client.post(reverse("insights:unit_cost_create"), data).status_code == 302
    unit = UnitCost.objects.get(form__lan_code="KL08")
    assert unit.history.count() == 1
    again = client.post(reverse("insights:unit_cost_create"), data)
    assert again.status_code == 200
    assert again.context["form"].errors
    assert UnitCost.objects.filter(form__lan_code="KL08").count() == 1


@pytest.mark.parametrize("count", [2, 20])
def test_the_cost_page_costs_the_same_queries_whatever_the_plan_size(
    client_for, widyaiswara_a, programme_opd_a, opd_a, tariffs, django_assert_max_num_queries, count
):
    people = [PegawaiFactory(opd=opd_a) for _ in range(3)]
    first = approved_activity(programme_opd_a, form_code="NKL01", jp=4, participants=people)
    for i in range(count - 1):
        approved_activity(programme_opd_a, form_code="KL10", jp=8, participants=people, plan=first.plan, title=f"K{i}")
    client = client_for(widyaiswara_a)
    with django_assert_max_num_queries(16):
        client.get(reverse("insights:plan_cost", args=[first.plan.pk]))
