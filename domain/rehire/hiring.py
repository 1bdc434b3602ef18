"""A rehire application's hire: a new employment period on the same person, starting on the
given date, in the opening's department under its hiring manager, with tenure counted as
the application's policy version says (domain.rehire.policy.tenure_counted_from)."""

from typing import TYPE_CHECKING

from domain.common.actors import Actor
from domain.jobs.models import JobOpening
from domain.organizations.models import Organization
from domain.people.models import EmploymentPeriod, Person
from domain.people.rehiring import reopen_employment
from domain.rehire.error_codes import RehireErrorCode
from domain.rehire.models import RehireApplication
from domain.rehire.policy import tenure_counted_from
from domain.rehire.services import refusal

if TYPE_CHECKING:
    from domain.rehire.pipeline import Move

TITLE_LIMIT = 100


async def hire(
    organization: Organization,
    actor: Actor,
    application: RehireApplication,
    opening: JobOpening,
    move: "Move",
) -> EmploymentPeriod:
    assert move.start_date is not None
    title = opening.title if move.title is None else move.title.strip()
    if len(title) > TITLE_LIMIT:
        raise refusal(RehireErrorCode.TOO_LONG, "title")
    # Locked: two applications of one person hired at the same moment must not both see
    # no open period (each application's own row lock does not cover the other).
    person = await Person.select_for_update().get(
        id=application.applicant_id, organization_id=organization.id
    )
    periods = await EmploymentPeriod.filter(person_id=person.id).order_by("hire_date")
    if any(period.leave_date is None for period in periods):
        raise refusal(RehireErrorCode.ALREADY_EMPLOYED, "id")
    last_leave = max((p.leave_date for p in periods if p.leave_date), default=None)
    if last_leave is not None and move.start_date <= last_leave:
        raise refusal(RehireErrorCode.START_BEFORE_LEAVE, "start_date")
    return await reopen_employment(
        organization,
        actor,
        person,
        move.start_date,
        title=title,
        department_id=opening.department_id,
        manager_id=opening.hiring_manager_id,
        tenure_counted_from=tenure_counted_from(application.policy, periods, move.start_date),
    )
