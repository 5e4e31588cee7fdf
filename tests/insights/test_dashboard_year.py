"""Which year's JP the dashboard counts when nobody picks one."""

from datetime import date

import pytest
from django.urls import reverse

from insights.selectors.dashboard import default_jp_year
from tests.factories import PegawaiFactory, ProgrammeFactory, approved_activity, realise

pytestmark = pytest.mark.django_db


def test_a_chosen_year_wins():
    assert default_jp_year({"year": 2024, "date_to": date(2025, 1, 1)}, None) == 2024


def test_the_period_then_the_programme_decide():
    programme = ProgrammeFactory(start_date=date(2023, 7, 1), end_date=date(2023, 9, 30))
    assert default_jp_year({"date_from": date(2022, 3, 1)}, programme) == 2022
    assert default_jp_year({}, programme) == 2023  # no JP yet: the programme's last year


def test_a_programme_opens_on_its_latest_year_with_jp_and_says_so(programme_opd_a, opd_a, admin_user, client_for):
    """A pilot that ends in 2026 whose OPDs earned JP in 2025: coverage opens on 2025, not 0 %."""
    programme = programme_opd_a.programme
    programme.end_date = date(2026, 6, 30)
    programme.save()
    staff = PegawaiFactory(opd=opd_a)
    realise(approved_activity(programme_opd_a, participants=[staff]), [staff], end_date=date(2025, 8, 4))
    assert default_jp_year({}, programme) == 2025
    response = client_for(admin_user).get(reverse("insights:dashboard"), {"programme": programme.pk})
    assert response.context["filters"].year == 2025
    assert "tahun 2025 (tahun terakhir yang memiliki JP tercatat)" in response.content.decode()


def test_without_filters_the_latest_year_with_credited_jp_is_shown(programme_opd_a, opd_a, admin_user, client_for):
    staff = PegawaiFactory(opd=opd_a)
    realise(approved_activity(programme_opd_a, participants=[staff]), [staff], end_date=date(2025, 8, 4))
    assert default_jp_year({}, None) == 2025
    response = client_for(admin_user).get(reverse("insights:dashboard"))
    assert response.status_code == 200
    assert "2025" in response.content.decode()


def test_with_no_jp_at_all_it_is_this_year():
    assert default_jp_year({}, None) == date.today().year  # noqa: DTZ011
