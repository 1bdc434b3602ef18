"""Logging touchpoints. Each call is one transaction.

The alumni profile's `last_touchpoint_at` only ever moves forward: it is set by one
conditional UPDATE (`IS NULL OR < happened_at`), never read and written back, so a
backdated touchpoint leaves it alone and two touchpoints logged at once end at the later.
"""

from datetime import datetime, timedelta
from uuid import UUID

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.choices import NotAChoice, one_of
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.organizations.models import Organization
from domain.people.access import Viewer, managed_among
from domain.people.models import AlumniProfile, Person, PersonStatus
from domain.touchpoints.error_codes import MESSAGES, TouchpointErrorCode
from domain.touchpoints.models import MAX_NOTE_LENGTH, Touchpoint, TouchpointKind

# Clocks of staff devices drift: a touchpoint a few minutes ahead is still "now".
CLOCK_SKEW = timedelta(minutes=5)


def _error(code: TouchpointErrorCode, field: str, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def _checked(
    kind: TouchpointKind | str, happened_at: datetime, note: str | None
) -> tuple[TouchpointKind, datetime, str]:
    """Every problem of the input at once (DomainErrors), or the checked values."""
    errors: list[DomainError] = []
    checked_kind = None
    try:
        checked_kind = one_of(TouchpointKind, kind)
    except NotAChoice as wrong:
        errors.append(_error(TouchpointErrorCode.INVALID, "kind", str(wrong)))
    if happened_at.tzinfo is None:
        errors.append(
            _error(TouchpointErrorCode.INVALID, "happened_at", "Give a time zone offset.")
        )
    elif happened_at > clock.now() + CLOCK_SKEW:
        errors.append(_error(TouchpointErrorCode.IN_THE_FUTURE, "happened_at"))
    cleaned = (note or "").strip()
    if has_control_characters(cleaned):
        errors.append(
            _error(TouchpointErrorCode.INVALID, "note", "Control characters are refused.")
        )
    elif len(cleaned) > MAX_NOTE_LENGTH:
        errors.append(_error(TouchpointErrorCode.TOO_LONG, "note"))
    if errors:
        raise DomainErrors(errors)
    assert checked_kind is not None
    return checked_kind, happened_at, cleaned


async def may_log_for(viewer: Viewer, person_id: UUID) -> bool:
    """hr and executives for every alumnus; managers for their former reports (one query)."""
    if viewer.sees_everyone:
        return True
    return person_id in await managed_among(viewer, [person_id])


async def log_touchpoint(
    organization: Organization,
    viewer: Viewer,
    actor: Actor,
    person_id: UUID,
    kind: TouchpointKind | str,
    happened_at: datetime,
    note: str | None = None,
) -> Touchpoint:
    """Add a touchpoint to an alumnus's timeline and move their last touchpoint forward.

    The person must be a current (not archived) alumnus of the organization whom the viewer
    may log for; anyone else, including another organization's person, is NOT_FOUND."""
    checked_kind, happened_at, cleaned = _checked(kind, happened_at, note)
    person = await Person.get_or_none(
        id=person_id,
        organization_id=organization.id,
        status=PersonStatus.ALUMNUS,
        archived_at=None,
    )
    if person is None or not await may_log_for(viewer, person_id):
        raise _error(TouchpointErrorCode.NOT_FOUND, "person_id")
    async with in_transaction():
        touchpoint = await Touchpoint.create(
            organization_id=organization.id,
            person_id=person_id,
            kind=checked_kind,
            happened_at=happened_at,
            note=cleaned,
            logged_by_kind=actor.kind,
            logged_by_id=actor.id,
        )
        moved = (
            await AlumniProfile.filter(organization_id=organization.id, person_id=person_id)
            .filter(Q(last_touchpoint_at=None) | Q(last_touchpoint_at__lt=happened_at))
            .update(last_touchpoint_at=happened_at)
        )
        await audit(
            organization.id,
            actor,
            "touchpoint.logged",
            "person",
            person_id,
            {
                "touchpoint_id": str(touchpoint.id),
                "kind": checked_kind.value,
                "happened_at": happened_at.isoformat(),
                "last_touchpoint_moved": bool(moved),
            },
        )
    return touchpoint
