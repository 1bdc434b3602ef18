"""Recording a departure: alumnus at once for a past leave date, or on the leave date (in the
organization's time zone) through the outbox worker. Real database, real worker, moved clock."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from domain.accounts.models import Membership, Role
from domain.outbox.models import OutboxEvent, OutboxStatus
from domain.outbox.runner import run_until_idle
from domain.people import events
from domain.people.models import EmploymentPeriod, Person, PersonStatus
from domain.people.services import apply_departure, record_departure
from kizuna.worker import build_registry
from tests.factories import SEED, make_employee, make_member, make_org

# 16:00 UTC on 10 April is already 01:00 on 11 April in Tokyo: "today" differs by zone.
NOW = datetime(2030, 4, 10, 16, 0, tzinfo=UTC)
TODAY_IN_TOKYO = date(2030, 4, 11)
LEAVE = date(2030, 4, 30)
LEAVE_STARTS = datetime(2030, 4, 29, 15, 0, tzinfo=UTC)  # 2030-04-30 00:00 JST


async def employee_with_membership():
    org = await make_org()
    person = await make_employee(org)
    membership, _ = await make_member(org, Role.EMPLOYEE, person=person)
    return org, person, membership


async def state(person: Person, membership: Membership) -> tuple[PersonStatus, Role]:
    status = (await Person.get(id=person.id)).status
    role = (await Membership.get(id=membership.id)).role
    return status, role


def departure_rows():
    return OutboxEvent.filter(event_type=events.DEPARTURE_EFFECTIVE)


@pytest.mark.parametrize(
    "leave_date",
    [TODAY_IN_TOKYO, TODAY_IN_TOKYO - timedelta(days=1), date(2029, 12, 31)],
    ids=["today-in-tokyo", "yesterday", "months-ago"],
)
async def test_a_departure_today_or_earlier_makes_an_alumnus_at_once(database_url, leave_date):
    org, person, membership = await employee_with_membership()
    with time_machine.travel(NOW, tick=False):
        returned = await record_departure(org, SEED, person.id, leave_date)

    assert returned.status == PersonStatus.ALUMNUS
    assert await state(person, membership) == (PersonStatus.ALUMNUS, Role.ALUMNUS)
    period = await EmploymentPeriod.get(person_id=person.id)
    assert period.leave_date == leave_date
    assert await departure_rows().count() == 0  # nothing left to do on a later date
    departed = await OutboxEvent.get(event_type=events.PERSON_DEPARTED)
    assert departed.payload == {"person_id": str(person.id), "leave_date": leave_date.isoformat()}


async def test_a_future_departure_takes_effect_at_midnight_tokyo_through_the_worker(
    database_url,
):
    org, person, membership = await employee_with_membership()
    with time_machine.travel(NOW, tick=False) as traveller:
        returned = await record_departure(org, SEED, person.id, LEAVE)
        assert returned.status == PersonStatus.EMPLOYEE
        assert await state(person, membership) == (PersonStatus.EMPLOYEE, Role.EMPLOYEE)

        row = await departure_rows().get()
        period = await EmploymentPeriod.get(person_id=person.id)
        assert row.available_at == LEAVE_STARTS
        assert row.organization_id == org.id
        assert row.payload == {"person_id": str(person.id), "period_id": str(period.id)}
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)

        # The other rows (person.created, person.departed) run now; the departure does not.
        assert await run_until_idle(build_registry(), "early") == 2
        traveller.move_to(LEAVE_STARTS - timedelta(microseconds=1))
        assert await run_until_idle(build_registry(), "early") == 0
        assert await apply_departure(org.id, person.id, period.id) is False  # not yet
        row = await departure_rows().get()
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
        assert await state(person, membership) == (PersonStatus.EMPLOYEE, Role.EMPLOYEE)

        traveller.move_to(LEAVE_STARTS)
        assert await run_until_idle(build_registry(), "on-time") == 1
        assert await state(person, membership) == (PersonStatus.ALUMNUS, Role.ALUMNUS)
        traveller.shift(timedelta(days=3))
        assert await run_until_idle(build_registry(), "later") == 0

    row = await departure_rows().get()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DONE, 1, None)
    assert row.finished_at == LEAVE_STARTS
    assert await OutboxEvent.exclude(status=OutboxStatus.DONE).count() == 0


async def test_a_rehire_before_the_leave_date_keeps_the_person_an_employee(database_url):
    org, person, membership = await employee_with_membership()
    with time_machine.travel(NOW, tick=False) as traveller:
        await record_departure(org, SEED, person.id, LEAVE)
        await EmploymentPeriod.create(
            organization_id=org.id,
            person_id=person.id,
            hire_date=date(2030, 5, 7),
            created_by_kind=SEED.kind,
            created_by_id=SEED.id,
            updated_by_kind=SEED.kind,
            updated_by_id=SEED.id,
        )
        traveller.move_to(LEAVE_STARTS + timedelta(hours=1))
        assert await run_until_idle(build_registry(), "w") == 3

    row = await departure_rows().get()
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DONE, 1, None)
    assert await state(person, membership) == (PersonStatus.EMPLOYEE, Role.EMPLOYEE)


async def test_applying_a_departure_is_idempotent(database_url):
    org, person, membership = await employee_with_membership()
    with time_machine.travel(NOW, tick=False) as traveller:
        await record_departure(org, SEED, person.id, LEAVE)
        period = await EmploymentPeriod.get(person_id=person.id)
        traveller.move_to(LEAVE_STARTS)
        assert await apply_departure(org.id, person.id, period.id) is True
        assert await apply_departure(org.id, person.id, period.id) is False
        assert await state(person, membership) == (PersonStatus.ALUMNUS, Role.ALUMNUS)

        # The worker then finds the departure already applied: it runs the row, changes nothing.
        assert await run_until_idle(build_registry(), "w") == 3
        assert await state(person, membership) == (PersonStatus.ALUMNUS, Role.ALUMNUS)
    row = await departure_rows().get()
    assert (row.status, row.attempts) == (OutboxStatus.DONE, 1)
