"""Creating, changing and publishing job openings. Each call is one transaction, checks the
organization of every row it names, and writes an audit row; status changes also an outbox
row (for job-information mail and webhooks later)."""

from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.jobs import events
from domain.jobs.access import may_edit
from domain.jobs.error_codes import MESSAGES, JobOpeningErrorCode
from domain.jobs.models import EmploymentType, JobOpening, OpeningStatus
from domain.jobs.transitions import may_move
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import Department, EmploymentPeriod

MAX_DESCRIPTION = 10_000
# Field → its longest value; title is required.
TEXT_LIMITS = {"title": 100, "description": MAX_DESCRIPTION, "location": 100}
FIELDS = (
    "title",
    "department_id",
    "description",
    "location",
    "employment_type",
    "hiring_manager_id",
    "visible_to_alumni",
    "accepting_referrals",
)


def refusal(code: JobOpeningErrorCode, field: str | None = None) -> DomainError:
    return DomainError(code, MESSAGES[code], field)


def _text(name: str, value: str) -> str:
    cleaned = value.strip()
    if has_control_characters(cleaned):
        raise refusal(JobOpeningErrorCode.INVALID, name)
    if name == "title" and not cleaned:
        raise refusal(JobOpeningErrorCode.REQUIRED, name)
    if len(cleaned) > TEXT_LIMITS[name]:
        raise DomainError(
            JobOpeningErrorCode.TOO_LONG, f"At most {TEXT_LIMITS[name]} characters.", name
        )
    return cleaned


async def _checked(organization_id: UUID, values: dict[str, Any]) -> dict[str, Any]:
    """The values to store, or every field's problem at once."""
    checked: dict[str, Any] = {}
    problems: list[DomainError] = []
    for name, value in values.items():
        try:
            if name in TEXT_LIMITS:
                checked[name] = _text(name, value)
            elif name == "employment_type":
                checked[name] = EmploymentType(value)
            elif name == "department_id" and value is not None:
                if not await Department.exists(id=value, organization_id=organization_id):
                    raise refusal(JobOpeningErrorCode.DEPARTMENT_NOT_FOUND, name)
                checked[name] = value
            elif name == "hiring_manager_id" and value is not None:
                # A current employee: someone with an open employment period here.
                if not await EmploymentPeriod.exists(
                    person_id=value,
                    organization_id=organization_id,
                    leave_date=None,
                    person__archived_at=None,
                ):
                    raise refusal(JobOpeningErrorCode.HIRING_MANAGER_NOT_FOUND, name)
                checked[name] = value
            else:
                checked[name] = value
        except DomainError as problem:
            problems.append(problem)
    if problems:
        raise DomainErrors(problems)
    return checked


async def create_opening(organization_id: UUID, actor: Actor, values: dict[str, Any]) -> JobOpening:
    """A new opening, as a DRAFT: hr publishes it with `change_status`."""
    async with in_transaction():
        checked = await _checked(organization_id, values)
        opening = JobOpening(
            organization_id=organization_id,
            status=OpeningStatus.DRAFT,
            status_changed_at=clock.now(),
            **checked,
        )
        opening.stamp(actor, created=True)
        await opening.save()
        await audit(
            organization_id,
            actor,
            "job_opening.created",
            "job_opening",
            opening.id,
            _plain(checked),
        )
    return opening


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON for the audit row (description left out: long free text)."""
    return {
        name: value if isinstance(value, bool | None) else str(value)
        for name, value in values.items()
        if name != "description"
    }


async def _to_change(organization_id: UUID, opening_id: UUID, acting: Viewer) -> JobOpening:
    opening = (
        await JobOpening.select_for_update()
        .filter(id=opening_id, organization_id=organization_id)
        .first()
    )
    if opening is None or not may_edit(acting, opening):
        raise refusal(JobOpeningErrorCode.NOT_FOUND, "id")
    return opening


async def update_opening(
    organization_id: UUID, actor: Actor, opening_id: UUID, values: dict[str, Any], acting: Viewer
) -> JobOpening:
    """Only the fields given change. A closed opening is history and stays as it was."""
    async with in_transaction():
        opening = await _to_change(organization_id, opening_id, acting)
        if opening.status == OpeningStatus.CLOSED:
            raise refusal(JobOpeningErrorCode.CLOSED, "id")
        checked = await _checked(organization_id, values)
        if checked:
            await JobOpening.filter(id=opening.id).update(
                updated_by_kind=actor.kind, updated_by_id=actor.id, **checked
            )
            await audit(
                organization_id,
                actor,
                "job_opening.updated",
                "job_opening",
                opening.id,
                _plain(checked),
            )
    return await JobOpening.get(id=opening_id)


async def change_status(
    organization_id: UUID, actor: Actor, opening_id: UUID, target: OpeningStatus, acting: Viewer
) -> JobOpening:
    async with in_transaction():
        opening = await _to_change(organization_id, opening_id, acting)
        current = OpeningStatus(opening.status)
        if not may_move(current, target):
            raise refusal(JobOpeningErrorCode.TRANSITION_NOT_ALLOWED, "status")
        # Conditional on the status read: of two changes at once, one applies.
        changed = await JobOpening.filter(id=opening.id, status=current).update(
            status=target,
            status_changed_at=clock.now(),
            updated_by_kind=actor.kind,
            updated_by_id=actor.id,
        )
        if changed != 1:
            raise refusal(JobOpeningErrorCode.TRANSITION_NOT_ALLOWED, "status")
        change = {"from": current.value, "to": target.value}
        await audit(
            organization_id, actor, "job_opening.status_changed", "job_opening", opening.id, change
        )
        await enqueue(
            events.JOB_OPENING_STATUS_CHANGED,
            {"opening_id": str(opening.id), **change},
            organization_id=organization_id,
        )
    return await JobOpening.get(id=opening_id)
