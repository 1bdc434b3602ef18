"""An off-boarding's status is derived from its rows, never stored.

cancelled: someone cancelled it. completed: not cancelled, the leave date has come (in the
organization's time zone) and every checklist item is done. An imported off-boarding records
a departure from before Kizuna, with no checklist to work through: it is completed once its
leave date has come. open: anything else. Deriving it
means no job has to flip it on the leave date, and an item done after the leave date
completes the off-boarding at once.
"""

from datetime import date

from tortoise.expressions import Q

from domain.offboarding.models import (
    CHECKLIST_COLUMNS,
    Offboarding,
    OffboardingSource,
    OffboardingStatus,
)

DONE_COLUMNS = [done_at for done_at, _ in CHECKLIST_COLUMNS.values()]


def status_of(offboarding: Offboarding, today: date) -> OffboardingStatus:
    if offboarding.cancelled_at is not None:
        return OffboardingStatus.CANCELLED
    done = offboarding.source == OffboardingSource.IMPORT or all(
        getattr(offboarding, column) is not None for column in DONE_COLUMNS
    )
    if done and offboarding.leave_date <= today:
        return OffboardingStatus.COMPLETED
    return OffboardingStatus.OPEN


def having_status(status: OffboardingStatus, today: date) -> Q:
    """The same rule as status_of, as a database filter."""
    if status is OffboardingStatus.CANCELLED:
        return Q(cancelled_at__isnull=False)
    checked = Q(**{f"{column}__isnull": False for column in DONE_COLUMNS})
    done = Q(source=OffboardingSource.IMPORT) | checked
    if status is OffboardingStatus.COMPLETED:
        return Q(cancelled_at=None, leave_date__lte=today) & done
    not_done = ~Q(source=OffboardingSource.IMPORT) & Q(
        join_type=Q.OR, **{column: None for column in DONE_COLUMNS}
    )
    return Q(cancelled_at=None) & (Q(leave_date__gt=today) | not_done)
