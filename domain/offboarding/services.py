"""Starting, checking off and cancelling an off-boarding. Each call is one transaction.

Starting records the departure through domain.people (the open employment period ends on
the leave date and the person becomes an alumnus on that date, through the outbox), so an
off-boarding and a departure never disagree. Who acts is passed in as a `Viewer` (role and
person), so that the rules hold whatever the caller: API, HRIS webhook or a test.
"""

from datetime import date
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.accounts.models import Membership, Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.common.errors import DomainError
from domain.offboarding import events
from domain.offboarding.access import may_act
from domain.offboarding.error_codes import MESSAGES, OffboardingErrorCode
from domain.offboarding.models import (
    CHECKLIST_COLUMNS,
    ChecklistItem,
    Offboarding,
    OffboardingSource,
)
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import AlumniLabel, AlumniProfile, EmploymentPeriod, Person
from domain.people.services import record_departure


def refusal(code: OffboardingErrorCode, field: str | None = None) -> DomainError:
    return DomainError(code, MESSAGES[code], field)


class OffboardingAlreadyStarted(DomainError):
    """Starting again answers the off-boarding that already stands for the period."""

    def __init__(self, offboarding: Offboarding) -> None:
        code = OffboardingErrorCode.ALREADY_STARTED
        super().__init__(code, MESSAGES[code], "person_id")
        self.offboarding = offboarding


def _may_start(
    source: OffboardingSource, actor: Actor, acting: Viewer | None, period: EmploymentPeriod
) -> bool:
    if source is OffboardingSource.HRIS:
        return acting is None and actor.kind == ActorKind.WEBHOOK
    if acting is None or acting.organization_id != period.organization_id:
        return False
    if source is OffboardingSource.HR:
        return acting.role == Role.HR
    return may_act(acting, period.manager_id, Role.MANAGER)


async def _start_departure(
    organization: Organization, actor: Actor, person: Person, leave_date: date
) -> None:
    try:
        await record_departure(organization, actor, person.id, leave_date)
    except DomainError as refused:
        raise DomainError(
            OffboardingErrorCode(refused.code.value), refused.message, refused.field
        ) from None


async def start_offboarding(
    organization: Organization,
    actor: Actor,
    person_id: UUID,
    leave_date: date,
    source: OffboardingSource,
    acting: Viewer | None = None,
) -> Offboarding:
    """hr (source HR), the person's current manager (MANAGER) or a verified HRIS report
    (HRIS, no `acting`) starts off-boarding the person's latest employment period. Anyone
    else is answered NOT_FOUND, as for a person of another organization."""
    async with in_transaction():
        person = await Person.get_or_none(id=person_id, organization_id=organization.id)
        period = None
        if person is not None:
            period = (
                await EmploymentPeriod.filter(person_id=person.id).order_by("-hire_date").first()
            )
        if person is None or period is None or not _may_start(source, actor, acting, period):
            raise refusal(OffboardingErrorCode.NOT_FOUND, "person_id")
        standing = await Offboarding.get_or_none(standing_period_id=period.id)
        if standing is not None:
            raise OffboardingAlreadyStarted(standing)
        try:
            await _start_departure(organization, actor, person, leave_date)
        except DomainError as refused:
            # Started at the same moment by someone else: their departure closed the period.
            if refused.code == OffboardingErrorCode.NOT_EMPLOYED:
                standing = await Offboarding.get_or_none(standing_period_id=period.id)
                if standing is not None:
                    raise OffboardingAlreadyStarted(standing) from None
            raise
        offboarding = Offboarding(
            organization_id=organization.id,
            person_id=person.id,
            employment_period_id=period.id,
            leave_date=leave_date,
            source=source,
            standing_period_id=period.id,
        )
        offboarding.stamp(actor, created=True)
        await offboarding.save()
        changes = {"leave_date": leave_date.isoformat(), "source": source.value}
        await audit(
            organization.id, actor, "offboarding.started", "offboarding", offboarding.id, changes
        )
        await enqueue(
            events.OFFBOARDING_STARTED,
            {"offboarding_id": str(offboarding.id), "person_id": str(person.id), **changes},
            organization_id=organization.id,
        )
    return offboarding


async def offboarding_to_act_on(
    organization: Organization, offboarding_id: UUID, acting: Viewer, *roles: Role
) -> tuple[Offboarding, EmploymentPeriod]:
    """The standing off-boarding, locked, if `acting` may act on it; NOT_FOUND otherwise."""
    offboarding = (
        await Offboarding.select_for_update()
        .filter(id=offboarding_id, organization_id=organization.id)
        .first()
    )
    period = None
    if offboarding is not None:
        period = await EmploymentPeriod.get(id=offboarding.employment_period_id)
    if offboarding is None or period is None or not may_act(acting, period.manager_id, *roles):
        raise refusal(OffboardingErrorCode.NOT_FOUND, "id")
    if offboarding.cancelled_at is not None:
        raise refusal(OffboardingErrorCode.CANCELLED, "id")
    return offboarding, period


async def _sender_of_positive_message(
    organization: Organization, acting: Viewer, period: EmploymentPeriod, sender_id: UUID | None
) -> UUID:
    """Who sent the positive message: given, or the acting manager or executive themself."""
    if sender_id is None and acting.role in (Role.MANAGER, Role.EXECUTIVE):
        sender_id = acting.person_id
    if sender_id is None:
        raise refusal(OffboardingErrorCode.SENDER_REQUIRED, "sent_by_id")
    if not await Person.exists(id=sender_id, organization_id=organization.id):
        raise refusal(OffboardingErrorCode.NOT_FOUND, "sent_by_id")
    if sender_id == period.manager_id or await Membership.exists(
        organization_id=organization.id, person_id=sender_id, role=Role.EXECUTIVE
    ):
        return sender_id
    raise refusal(OffboardingErrorCode.SENDER_NOT_ALLOWED, "sent_by_id")


async def check_off(
    organization: Organization,
    actor: Actor,
    offboarding_id: UUID,
    item: ChecklistItem,
    acting: Viewer,
    sender_id: UUID | None = None,
) -> Offboarding:
    """Record a checklist item as done, now. hr, executives and the period's manager may;
    the positive message names its sender (`sender_id`, by default the acting manager or
    executive), who must be the person's manager or an executive."""
    async with in_transaction():
        offboarding, period = await offboarding_to_act_on(
            organization, offboarding_id, acting, Role.HR, Role.EXECUTIVE, Role.MANAGER
        )
        done_at, recorded_by = CHECKLIST_COLUMNS[item]
        values = {done_at: clock.now(), recorded_by: actor.label}
        if item is ChecklistItem.POSITIVE_MESSAGE:
            values["positive_message_sender_id"] = await _sender_of_positive_message(
                organization, acting, period, sender_id
            )
        # Conditional: two people checking the item at once record it once.
        updated = await Offboarding.filter(
            id=offboarding.id, cancelled_at=None, **{done_at: None}
        ).update(updated_by_kind=actor.kind, updated_by_id=actor.id, **values)
        if updated != 1:
            raise refusal(OffboardingErrorCode.ALREADY_DONE, "item")
        await audit(
            organization.id,
            actor,
            "offboarding.checklist_updated",
            "offboarding",
            offboarding.id,
            {"item": item.value},
        )
        await enqueue(
            events.OFFBOARDING_CHECKLIST_UPDATED,
            {"offboarding_id": str(offboarding.id), "item": item.value},
            organization_id=organization.id,
        )
    return await Offboarding.get(id=offboarding.id)


async def _undo_departure(actor: Actor, offboarding: Offboarding) -> None:
    """Reopen the period; the alumni profile goes back to the previous departure (or away).
    The scheduled flip to alumnus stays in the outbox and finds nothing to do."""
    await EmploymentPeriod.filter(
        id=offboarding.employment_period_id, leave_date=offboarding.leave_date
    ).update(leave_date=None, updated_by_kind=actor.kind, updated_by_id=actor.id)
    earlier = (
        await EmploymentPeriod.filter(person_id=offboarding.person_id, leave_date__not_isnull=True)
        .order_by("-leave_date")
        .first()
    )
    profile = AlumniProfile.filter(person_id=offboarding.person_id)
    if earlier is None:
        await AlumniLabel.filter(person_id=offboarding.person_id).delete()
        await profile.delete()
    else:
        await profile.update(departed_on=earlier.leave_date)


async def cancel_offboarding(
    organization: Organization, actor: Actor, offboarding_id: UUID, acting: Viewer
) -> Offboarding:
    """hr or the period's manager cancels before the leave date: the departure is undone
    and the person stays an employee. On or after the leave date it stands."""
    async with in_transaction():
        offboarding, _ = await offboarding_to_act_on(
            organization, offboarding_id, acting, Role.HR, Role.MANAGER
        )
        if offboarding.leave_date <= clock.today_in(organization.time_zone):
            raise refusal(OffboardingErrorCode.LEAVE_DATE_PASSED, "id")
        cancelled_at = clock.now()
        updated = await Offboarding.filter(id=offboarding.id, cancelled_at=None).update(
            cancelled_at=cancelled_at,
            cancelled_by=actor.label,
            standing_period_id=None,
            updated_by_kind=actor.kind,
            updated_by_id=actor.id,
        )
        if updated != 1:
            raise refusal(OffboardingErrorCode.CANCELLED, "id")
        await _undo_departure(actor, offboarding)
        changes = {"leave_date": offboarding.leave_date.isoformat()}
        await audit(
            organization.id, actor, "offboarding.cancelled", "offboarding", offboarding.id, changes
        )
        await audit(
            organization.id,
            actor,
            "person.departure_cancelled",
            "person",
            offboarding.person_id,
            changes,
        )
        await enqueue(
            events.OFFBOARDING_CANCELLED,
            {"offboarding_id": str(offboarding.id), "person_id": str(offboarding.person_id)},
            organization_id=organization.id,
        )
    return await Offboarding.get(id=offboarding.id)
