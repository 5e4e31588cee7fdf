"""The shared validation rules, every branch."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from intan_wpl.validators import check_period, check_unit_of_opd


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), (date(2025, 7, 1), None), (None, date(2025, 7, 1)), (date(2025, 7, 1), date(2025, 7, 1))],
)
def test_a_period_may_be_open_or_one_day(start, end):
    check_period(start, end)


def test_a_period_that_ends_before_it_starts_is_refused_at_its_end_field():
    with pytest.raises(ValidationError) as raised:
        check_period(date(2025, 7, 2), date(2025, 7, 1), field="selesai")
    assert raised.value.message_dict == {"selesai": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}


def test_a_unit_of_the_same_opd_or_none_passes():
    check_unit_of_opd(None, None, 1)
    check_unit_of_opd(5, SimpleNamespace(opd_id=1), 1)
    check_unit_of_opd(5, SimpleNamespace(opd_id=1), None)


def test_a_unit_of_another_opd_is_refused():
    with pytest.raises(ValidationError) as raised:
        check_unit_of_opd(5, SimpleNamespace(opd_id=2), 1)
    assert raised.value.message_dict == {"unit": ["Unit kerja ini milik OPD lain."]}
