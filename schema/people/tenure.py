"""Tenure of an employment period, as the rehire policy counted it."""

from datetime import date, timedelta

import strawberry

from domain.people import tenure


@strawberry.type(
    description="How long the person has worked here, counting earlier periods when the "
    "rehire policy carried them over."
)
class Tenure:
    counted_from: date = strawberry.field(
        description="The day tenure counts from: the hire date, or earlier when earlier "
        "periods were carried over."
    )
    as_of: date = strawberry.field(
        description="The last day counted: the leave date, or today (the first day of a "
        "period not yet started)."
    )
    years: int
    months: int = strawberry.field(description="Whole months beyond `years`.")
    days: int = strawberry.field(description="Days beyond `months`.")


def tenure_of(
    hire_date: date, leave_date: date | None, counted_from: date | None, today: date
) -> Tenure:
    start = counted_from or hire_date
    last = leave_date if leave_date is not None else max(today, hire_date)
    length = tenure.between(start, last + timedelta(days=1))
    years, months = divmod(length.months, 12)
    return Tenure(counted_from=start, as_of=last, years=years, months=months, days=length.days)
