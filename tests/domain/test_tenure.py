"""Tenure arithmetic: calendar months then days, periods counted with both ends."""

from datetime import date

import pytest

from domain.people import tenure


@pytest.mark.parametrize(
    ("start", "end", "months", "days"),
    [
        (date(2020, 4, 1), date(2023, 4, 1), 36, 0),
        (date(2020, 4, 1), date(2020, 4, 1), 0, 0),
        (date(2020, 1, 31), date(2020, 3, 1), 1, 1),  # Jan 31 + 1 month = Feb 29
        (date(2019, 10, 16), date(2021, 1, 1), 14, 16),
    ],
)
def test_between(start, end, months, days):
    assert tenure.between(start, end) == tenure.Length(months, days)


def test_a_period_counts_its_last_day():
    assert tenure.worked(date(2020, 4, 1), date(2023, 3, 31)) == tenure.Length(36, 0)


def test_carried_periods_move_the_counting_date_back():
    three_years = tenure.worked(date(2015, 4, 1), date(2018, 3, 31))
    six_months = tenure.worked(date(2019, 4, 1), date(2019, 9, 30))
    assert tenure.counted_from(date(2026, 4, 1), [three_years, six_months]) == date(2022, 10, 1)
    assert tenure.counted_from(date(2026, 4, 1), []) == date(2026, 4, 1)


def test_within_years_counts_from_the_first_day_away_across_a_leap_year():
    left = date(2023, 2, 28)  # first day away: 2023-03-01
    assert tenure.within_years(left, date(2024, 3, 1), 1)
    assert not tenure.within_years(left, date(2024, 3, 2), 1)


def test_within_years_includes_the_anniversary_only():
    left = date(2023, 3, 31)
    assert tenure.within_years(left, date(2026, 4, 1), 3)
    assert not tenure.within_years(left, date(2026, 4, 2), 3)
