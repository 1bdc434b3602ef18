"""Privacy rights: a person's data exported, or erased. Both are audited.

Export: hr and executives for anyone in the organization, every other member for
themself only (the answer for anyone else is FORBIDDEN, whether or not the id exists).

Erasure: hr only (the field's permission), in one transaction. Refused while the person is
still an employee: the organization keeps an employee's record while they work there, and a
departure whose leave date has not come can still be cancelled. Erasing again changes
nothing and answers ALREADY_ERASED with the first erasure's time.

Consent after erasure: the ledger rows stay as proof of what was agreed, and no withdrawal
is written on the person's behalf (they did not decide it). The gate refuses anyway, because
it only lets a current person through: erasure archives the person and marks them erased.
"""

from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import Person, PersonStatus
from domain.privacy import events
from domain.privacy.erasure import STEPS, Erasure
from domain.privacy.error_codes import MESSAGES, PrivacyErrorCode
from domain.privacy.export import FORMAT_VERSION, export_of
from domain.privacy.subject import subject_of


def refusal(code: PrivacyErrorCode, field: str | None = "person_id") -> DomainError:
    return DomainError(code, MESSAGES[code], field)


class AlreadyErased(DomainError):
    """Erasing again: nothing changes; the answer carries the first erasure's time."""

    def __init__(self, person: Person) -> None:
        code = PrivacyErrorCode.ALREADY_ERASED
        super().__init__(code, MESSAGES[code], "person_id")
        self.erased_at = person.erased_at


def may_export(viewer: Viewer, person_id: UUID) -> bool:
    return viewer.sees_everyone or viewer.person_id == person_id


async def export_person(
    organization: Organization, viewer: Viewer, actor: Actor, person_id: UUID
) -> dict[str, Any]:
    """Everything held about the person in the organization (domain.privacy.export)."""
    if not may_export(viewer, person_id):
        raise refusal(PrivacyErrorCode.FORBIDDEN)
    async with in_transaction():  # one consistent read, and its audit row with it
        person = await Person.get_or_none(id=person_id, organization_id=organization.id)
        if person is None:
            raise refusal(PrivacyErrorCode.NOT_FOUND)
        held = await export_of(await subject_of(organization, person))
        await audit(
            organization.id,
            actor,
            "person.exported",
            "person",
            person.id,
            {"format_version": FORMAT_VERSION, "own": viewer.person_id == person.id},
        )
    return held


async def erase_person(
    organization: Organization, actor: Actor, person_id: UUID, *, confirm: bool
) -> Erasure:
    """Remove the person's personal data and keep the counts (domain.privacy.erasure)."""
    if not confirm:
        raise refusal(PrivacyErrorCode.CONFIRMATION_REQUIRED, "confirm")
    async with in_transaction():
        # Locked (PostgreSQL): an erasure and another change of the person never interleave.
        person = (
            await Person.filter(id=person_id, organization_id=organization.id)
            .select_for_update()
            .first()
        )
        if person is None:
            raise refusal(PrivacyErrorCode.NOT_FOUND)
        if person.erased_at is not None:
            raise AlreadyErased(person)
        if person.status == PersonStatus.EMPLOYEE:
            raise refusal(PrivacyErrorCode.STILL_EMPLOYED)
        subject = await subject_of(organization, person)
        erasure = Erasure(person.id, actor)
        for step in STEPS:
            await step.run(subject, erasure)
        await audit(
            organization.id,
            actor,
            "person.erased",
            "person",
            person.id,
            {
                "account_deleted": erasure.account_deleted,
                "sessions_ended": len(erasure.sessions_ended),
            },
        )
        await enqueue(
            events.PERSON_ERASED, {"person_id": str(person.id)}, organization_id=organization.id
        )
    return erasure
