"""Recording consent decisions and reading them back. Each write is one transaction.

`record_consent` is the one way a decision enters the ledger, whoever brings it: the API
(hr, or the alumnus themself), the roster import, off-boarding, an HRIS. Recording the
decision a consent already has is a no-op that returns the current row, so that double
clicks and re-imports do not pile up rows; every real change appends a row, an audit event
and a `consent.changed` outbox row, in the same transaction.

Directory listing follows the ledger: granting or withdrawing `directory_listing` sets the
alumni profile's `directory_listed` flag in the same transaction, and a profile created later
starts from the ledger's state (see `domain.people.services`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.accounts.models import Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.common.choices import NotAChoice, one_of
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.consent import events
from domain.consent.error_codes import MESSAGES, ConsentErrorCode
from domain.consent.gate import current_record
from domain.consent.models import (
    CHANNELLESS_PURPOSES,
    MAX_NOTE_LENGTH,
    ConsentChannel,
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
)
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import AlumniProfile, Person

E = TypeVar("E", bound=StrEnum)

# What staff may give as the source when they record someone else's decision. hr heard it
# from the person or read it on the off-boarding form; a partner app acting on its own is
# an HRIS or similar system passing on what the person told it there.
STAFF_SOURCES = {
    ActorKind.USER: (ConsentSource.HR_ON_PERSONS_WORD, ConsentSource.OFFBOARDING_FORM),
    ActorKind.API_CLIENT: (
        ConsentSource.HR_ON_PERSONS_WORD,
        ConsentSource.OFFBOARDING_FORM,
        ConsentSource.HRIS,
    ),
}


@dataclass(frozen=True, slots=True)
class Entry:
    """A checked decision, ready to append."""

    purpose: ConsentPurpose
    channel: ConsentChannel | None
    decision: ConsentDecision
    source: ConsentSource
    note: str


def _error(code: ConsentErrorCode, field: str, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def _choice(kind: type[E], value: object, field: str) -> E:
    try:
        return one_of(kind, value)
    except NotAChoice as wrong:
        raise _error(ConsentErrorCode.INVALID, field, str(wrong)) from None


def _entry(purpose: Any, channel: Any, decision: Any, source: Any, note: str | None) -> Entry:
    """Every problem of the decision at once (DomainErrors), or the checked entry."""
    errors: list[DomainError] = []
    values: dict[str, Any] = {"channel": None}
    for name, kind, value in (
        ("purpose", ConsentPurpose, purpose),
        ("channel", ConsentChannel, channel),
        ("decision", ConsentDecision, decision),
        ("source", ConsentSource, source),
    ):
        if name == "channel" and channel is None:
            continue  # checked against the purpose below
        try:
            values[name] = _choice(kind, value, name)
        except DomainError as refused:
            errors.append(refused)
    purpose_value = values.get("purpose")
    if purpose_value in CHANNELLESS_PURPOSES and channel is not None:
        errors.append(_error(ConsentErrorCode.CHANNEL_NOT_APPLICABLE, "channel"))
    elif purpose_value is not None and purpose_value not in CHANNELLESS_PURPOSES and not channel:
        errors.append(_error(ConsentErrorCode.CHANNEL_REQUIRED, "channel"))
    cleaned = (note or "").strip()
    if has_control_characters(cleaned):
        errors.append(_error(ConsentErrorCode.INVALID, "note", "Control characters are refused."))
    elif len(cleaned) > MAX_NOTE_LENGTH:
        errors.append(_error(ConsentErrorCode.TOO_LONG, "note"))
    if errors:
        raise DomainErrors(errors)
    return Entry(note=cleaned, **values)


async def _append(
    organization: Organization, actor: Actor, person_id: UUID, entry: Entry
) -> ConsentRecord:
    """Inside the transaction that locked the person: the new row, or the current one."""
    current = await current_record(organization.id, person_id, entry.purpose, entry.channel)
    if current is not None and current.decision == entry.decision:
        return current
    recorded_at = clock.now()
    if current is not None and recorded_at <= current.recorded_at:
        # The clock is not monotonic across processes: keep the latest row the newest.
        recorded_at = current.recorded_at + timedelta(microseconds=1)
    record = ConsentRecord(
        organization_id=organization.id,
        person_id=person_id,
        purpose=entry.purpose,
        channel=entry.channel,
        decision=entry.decision,
        source=entry.source,
        note=entry.note,
        recorded_at=recorded_at,
        recorded_by_kind=actor.kind,
        recorded_by_id=actor.id,
    )
    await record.save()
    if entry.purpose is ConsentPurpose.DIRECTORY_LISTING:
        await AlumniProfile.filter(organization_id=organization.id, person_id=person_id).update(
            directory_listed=entry.decision is ConsentDecision.GRANTED,
            updated_by_kind=actor.kind,
            updated_by_id=actor.id,
        )
    details = {
        "record_id": str(record.id),
        "purpose": entry.purpose.value,
        "channel": None if entry.channel is None else entry.channel.value,
        "decision": entry.decision.value,
        "source": entry.source.value,
    }
    await audit(
        organization.id, actor, f"consent.{entry.decision.value}", "person", person_id, details
    )
    await enqueue(
        events.CONSENT_CHANGED,
        {"person_id": str(person_id), **details},
        organization_id=organization.id,
    )
    return record


async def record_consent(
    organization: Organization,
    actor: Actor,
    person: Person | UUID,
    purpose: ConsentPurpose | str,
    channel: ConsentChannel | str | None,
    decision: ConsentDecision | str,
    source: ConsentSource | str,
    note: str | None = None,
) -> ConsentRecord:
    """Record a person's decision about one purpose on one channel (no channel for
    `directory_listing`), and return the row that is now current.

    The same decision as the current one writes nothing and returns the current row. A
    person of another organization raises NOT_FOUND; bad values raise every problem at once
    (DomainErrors). Runs in its own transaction, or a savepoint of the caller's; the person
    row is locked (PostgreSQL) so that two decisions at once are applied one after the other.
    """
    entry = _entry(purpose, channel, decision, source, note)
    person_id = person.id if isinstance(person, Person) else person
    async with in_transaction():
        # FOR UPDATE applies to model queries only (not to values_list) in Tortoise.
        locked = (
            # An erased person has nothing left to decide: no new rows (or notes) for them.
            await Person.filter(id=person_id, organization_id=organization.id, erased_at=None)
            .select_for_update()
            .only("id")
            .first()
        )
        if locked is None:
            raise _error(ConsentErrorCode.NOT_FOUND, "person_id")
        return await _append(organization, actor, person_id, entry)


def _source_for_caller(
    viewer: Viewer, actor: Actor, own: bool, source: ConsentSource | str | None
) -> ConsentSource:
    if own:
        allowed: tuple[ConsentSource, ...] = (ConsentSource.SELF_SERVICE,)
        source = ConsentSource.SELF_SERVICE if source is None else source
    else:
        allowed = STAFF_SOURCES.get(actor.kind, ())
    if source not in allowed:
        names = ", ".join(value.value for value in allowed)
        who = "For your own consent" if own else "When hr records a person's consent"
        raise _error(
            ConsentErrorCode.INVALID_SOURCE, "source", f"{who} the source must be: {names}."
        )
    return ConsentSource(source)


async def record_consent_as(
    organization: Organization,
    viewer: Viewer,
    actor: Actor,
    person_id: UUID | None,
    purpose: ConsentPurpose | str,
    channel: ConsentChannel | str | None,
    decision: ConsentDecision | str,
    source: ConsentSource | str | None,
    note: str | None = None,
) -> ConsentRecord:
    """A signed-in caller records a decision. Everyone records their own (`person_id` None
    or their own person), always as `self_service`; hr records anyone's in the organization,
    as `hr_on_persons_word` or `offboarding_form` (a partner app on its own also `hris`).
    Someone else's person, for anyone but hr, is NOT_FOUND: existence does not leak."""
    own = person_id is None or person_id == viewer.person_id
    target = viewer.person_id if own else person_id
    if target is None or (not own and viewer.role != Role.HR):
        raise _error(ConsentErrorCode.NOT_FOUND, "person_id")
    checked_source = _source_for_caller(viewer, actor, own, source)
    return await record_consent(
        organization, actor, target, purpose, channel, decision, checked_source, note
    )


def source_for(actor: Actor) -> ConsentSource:
    """The source of a decision that arrives as a profile field (`directoryListed` in
    personCreate/personUpdate, a seed, an import) rather than through `consentRecord`."""
    if actor.kind == ActorKind.USER:
        return ConsentSource.HR_ON_PERSONS_WORD
    if actor.kind in (ActorKind.API_CLIENT, ActorKind.WEBHOOK):
        return ConsentSource.HRIS
    return ConsentSource.IMPORT


def _latest_per_consent(records: Iterable[ConsentRecord]) -> list[ConsentRecord]:
    """From rows newest first, the first of each (purpose, channel), in a stable order."""
    latest: dict[tuple[str, str], ConsentRecord] = {}
    for record in records:
        latest.setdefault((record.purpose, record.channel or ""), record)
    purposes = list(ConsentPurpose)
    channels = [None, *ConsentChannel]
    return sorted(
        latest.values(),
        key=lambda r: (purposes.index(r.purpose), channels.index(r.channel)),
    )


async def current_consents_of(
    organization_id: UUID, person_ids: list[UUID]
) -> dict[UUID, list[ConsentRecord]]:
    """The current row of each recorded consent of these people (one query). A purpose and
    channel without a row was never asked: not consented."""
    rows = await ConsentRecord.filter(
        organization_id=organization_id, person_id__in=person_ids
    ).order_by("-recorded_at")
    by_person: dict[UUID, list[ConsentRecord]] = {key: [] for key in person_ids}
    for row in rows:
        by_person[row.person_id].append(row)
    return {key: _latest_per_consent(rows) for key, rows in by_person.items()}


async def current_consents(organization_id: UUID, person_id: UUID) -> list[ConsentRecord]:
    return (await current_consents_of(organization_id, [person_id]))[person_id]


def consent_history(organization_id: UUID, person_id: UUID) -> QuerySet[ConsentRecord]:
    """Every decision of the person, for paging newest first (`recorded_at`, then `id`)."""
    return ConsentRecord.filter(organization_id=organization_id, person_id=person_id)
