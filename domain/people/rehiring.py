"""Coming back: a new employment period on the same person, and the role that follows it.

The inverse of a departure (domain.people.services.record_departure): on the first day of
the new period the person's status turns back to employee and their alumnus memberships to
employee; a start date in the future is applied by the outbox on that day, as a departure is.
Called inside the transaction of the hire that causes it.
"""

from datetime import date
from uuid import UUID

from domain.accounts.models import Membership, Role
from domain.common import clock
from domain.common.actors import Actor
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people import events
from domain.people.models import EmploymentPeriod, Person, PersonStatus


async def become_employee(organization_id: UUID, person_id: UUID) -> bool:
    """Same person, back on staff: status and alumnus memberships turn to employee (roles
    given on purpose, such as hr, stay). Idempotent."""
    changed = await Person.filter(
        id=person_id, organization_id=organization_id, status=PersonStatus.ALUMNUS
    ).update(status=PersonStatus.EMPLOYEE)
    await Membership.filter(
        organization_id=organization_id, person_id=person_id, role=Role.ALUMNUS
    ).update(role=Role.EMPLOYEE)
    return changed == 1


async def reopen_employment(
    organization: Organization,
    actor: Actor,
    person: Person,
    start_date: date,
    *,
    title: str,
    department_id: UUID | None,
    manager_id: UUID | None,
    tenure_counted_from: date | None,
) -> EmploymentPeriod:
    """The new period; the caller checked that none is open and that it starts after the
    last one ended. The employee number stays the person's (EmployeeNumber)."""
    last = await EmploymentPeriod.filter(person_id=person.id).order_by("-hire_date").first()
    period = EmploymentPeriod(
        organization_id=organization.id,
        person_id=person.id,
        hire_date=start_date,
        department_id=department_id,
        title=title,
        manager_id=manager_id,
        employee_number=None if last is None else last.employee_number,
        tenure_counted_from=tenure_counted_from,
    )
    period.stamp(actor, created=True)
    await period.save()
    if start_date <= clock.today_in(organization.time_zone):
        await become_employee(organization.id, person.id)
    else:
        await enqueue(
            events.REHIRE_EFFECTIVE,
            {"person_id": str(person.id), "period_id": str(period.id)},
            organization_id=organization.id,
            available_at=clock.start_of_day(start_date, organization.time_zone),
        )
    return period


async def apply_rehire(organization_id: UUID, person_id: UUID, period_id: UUID) -> bool:
    """Outbox handler body: the start date has come; the period must still be open."""
    period = await EmploymentPeriod.get_or_none(
        id=period_id, person_id=person_id, organization_id=organization_id
    )
    if period is None or period.leave_date is not None:
        return False
    return await become_employee(organization_id, person_id)
