"""Tenure in calendar months and days, and the date it counts from after a rehire.

A period counts from its hire date through its leave date, both included (a leave date is
the last day worked). Carrying earlier periods over moves the new period's counting date
back by their lengths — whole months first, then days — so three years worked are three
years of tenure on the first day back, whatever the leap days in between.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class Length:
    months: int
    days: int

    def __add__(self, other: "Length") -> "Length":
        return Length(self.months + other.months, self.days + other.days)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 31st becomes the month's last day where needed."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def between(start: date, end_exclusive: date) -> Length:
    """Whole months from `start`, then the days left before `end_exclusive`."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if add_months(start, months) > end_exclusive:
        months -= 1
    return Length(months, (end_exclusive - add_months(start, months)).days)


def worked(hire_date: date, leave_date: date) -> Length:
    return between(hire_date, leave_date + timedelta(days=1))


def counted_from(hire_date: date, carried: Iterable[Length]) -> date:
    total = sum(carried, Length(0, 0))
    return add_months(hire_date, -total.months) - timedelta(days=total.days)


def within_years(last_leave: date, hire_date: date, years: int) -> bool:
    """Away at most `years`: the first day back is no later than `years` after the first
    day away (the day after the last day worked)."""
    return hire_date <= add_months(last_leave + timedelta(days=1), 12 * years)
