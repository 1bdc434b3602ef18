"""A verified departure reported by an HRIS starts off-boarding, once per event id.

The answer to each event is stored with it (`InboundWebhookEvent`): a replay of a processed
event gets the same answer and writes nothing. An event that failed (an unknown employee, a
leave date before the hire date) is stored as failed with its 422 answer and nothing else,
so that the HRIS's retry, after hr fixed the data, is processed again.

A report without a leave date (HiBob's `employee.left`, Gusto's `employee.terminated`) leaves
on the day the event happened, in the organization's time zone.
"""

from dataclasses import dataclass
from datetime import date, datetime
from hashlib import sha256
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from domain.common.actors import Actor, ActorKind
from domain.common.errors import DomainError
from domain.common.text import nfkc, normalize_email
from domain.hris.error_codes import INBOUND_MESSAGES, InboundErrorCode
from domain.hris.models import HrisEmployeeId, HrisProvider, InboundEventStatus, InboundWebhookEvent
from domain.offboarding.error_codes import OffboardingErrorCode
from domain.offboarding.models import Offboarding, OffboardingSource
from domain.offboarding.services import OffboardingAlreadyStarted, start_offboarding
from domain.organizations.models import Organization
from domain.people.models import EmployeeNumber, Person


@dataclass(frozen=True)
class ReportedDeparture:
    """What an HRIS reported (integrations.hris.DepartureReport, in domain terms)."""

    provider: HrisProvider
    event_id: str
    employee_number: str | None
    email: str | None
    provider_employee_id: str | None
    left_on: date | None
    occurred_at: datetime


@dataclass(frozen=True)
class Outcome:
    """The HTTP answer to an event: its status code and JSON body."""

    status: int
    body: dict[str, Any]


def refused(status: int, code: str, message: str) -> Outcome:
    return Outcome(status, {"error": {"code": code, "message": message}})


async def find_employee(organization_id: UUID, report: ReportedDeparture) -> UUID | None:
    """The person the report names: by employee number, then work or personal email, then
    the HRIS's own id for them. Archived people are never matched."""
    people = Person.filter(organization_id=organization_id, archived_at=None)
    if report.employee_number:
        number = nfkc(report.employee_number)
        owners = EmployeeNumber.filter(organization_id=organization_id, number=number)
        found = await people.filter(id__in=Subquery(owners.values("person_id"))).first()
        if found is not None:
            return found.id
    if report.email:
        email = normalize_email(report.email)
        found = await people.filter(Q(work_email=email) | Q(personal_email=email)).first()
        if found is not None:
            return found.id
    if report.provider_employee_id:
        known = HrisEmployeeId.filter(
            organization_id=organization_id,
            provider=report.provider,
            employee_id=nfkc(report.provider_employee_id),
        )
        found = await people.filter(id__in=Subquery(known.values("person_id"))).first()
        if found is not None:
            return found.id
    return None


def _started(offboarding: Offboarding, outcome: str) -> Outcome:
    return Outcome(200, {"outcome": outcome, "leaveDate": offboarding.leave_date.isoformat()})


async def _offboard(
    organization: Organization, report: ReportedDeparture, person_id: UUID
) -> tuple[Outcome, Offboarding | None]:
    leave_date = (
        report.left_on or report.occurred_at.astimezone(ZoneInfo(organization.time_zone)).date()
    )
    actor = Actor(ActorKind.WEBHOOK, f"hris:{report.provider.value}")
    try:
        offboarding = await start_offboarding(
            organization, actor, person_id, leave_date, OffboardingSource.HRIS
        )
    except OffboardingAlreadyStarted as started:
        return _started(started.offboarding, "already_started"), started.offboarding
    except DomainError as refusal:
        if refusal.code == OffboardingErrorCode.NOT_EMPLOYED:
            # Gone already (SmartHR reports every later update of a retired crew again).
            return Outcome(200, {"ignored": refusal.message}), None
        return refused(422, refusal.code.value, refusal.message), None
    return _started(offboarding, "offboarding_started"), offboarding


async def _remember(
    organization: Organization,
    report: ReportedDeparture,
    event_id: str,
    outcome: Outcome,
    offboarding: Offboarding | None,
    earlier: InboundWebhookEvent | None,
) -> None:
    values = {
        "status": InboundEventStatus.PROCESSED
        if outcome.status < 300
        else InboundEventStatus.FAILED,
        "response_status": outcome.status,
        "response_body": outcome.body,
        "offboarding_id": None if offboarding is None else offboarding.id,
    }
    if earlier is None:
        await InboundWebhookEvent.create(
            organization_id=organization.id,
            provider=report.provider,
            event_id=event_id,
            **values,
        )
        return
    retried = await InboundWebhookEvent.filter(
        id=earlier.id, status=InboundEventStatus.FAILED, attempts=earlier.attempts
    ).update(attempts=earlier.attempts + 1, **values)
    if retried != 1:
        raise IntegrityError("the event was processed at the same moment elsewhere")


def _event_key(event_id: str) -> str:
    return event_id if len(event_id) <= 200 else sha256(event_id.encode()).hexdigest()


async def _stored(organization_id: UUID, provider: HrisProvider, event_id: str):
    return await InboundWebhookEvent.get_or_none(
        organization_id=organization_id, provider=provider, event_id=event_id
    )


async def receive_departure(organization: Organization, report: ReportedDeparture) -> Outcome:
    event_id = _event_key(report.event_id)
    earlier = await _stored(organization.id, report.provider, event_id)
    if earlier is not None and earlier.status == InboundEventStatus.PROCESSED:
        return Outcome(earlier.response_status, earlier.response_body)
    try:
        async with in_transaction():
            person_id = await find_employee(organization.id, report)
            offboarding = None
            if person_id is None:
                code = InboundErrorCode.UNKNOWN_EMPLOYEE
                outcome = refused(422, code.value, INBOUND_MESSAGES[code])
            else:
                outcome, offboarding = await _offboard(organization, report, person_id)
            await _remember(organization, report, event_id, outcome, offboarding, earlier)
    except IntegrityError:
        # The same event, delivered twice at once: the other delivery's answer stands.
        stored = await _stored(organization.id, report.provider, event_id)
        if stored is None:
            raise
        return Outcome(stored.response_status, stored.response_body)
    return outcome
