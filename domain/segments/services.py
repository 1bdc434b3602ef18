"""Saving and deleting segments. Each call is one transaction with its audit row."""

from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.common.text import has_control_characters
from domain.organizations.models import Organization
from domain.people.queries import AlumniFilter
from domain.segments.error_codes import MESSAGES, SegmentErrorCode
from domain.segments.filters import to_json
from domain.segments.models import MAX_NAME_LENGTH, Segment


def _error(code: SegmentErrorCode, field: str, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def _name(value: str) -> str:
    if has_control_characters(value):
        raise _error(SegmentErrorCode.INVALID, "name", "Control characters are refused.")
    cleaned = value.strip()
    if not cleaned:
        raise _error(SegmentErrorCode.REQUIRED, "name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise _error(SegmentErrorCode.TOO_LONG, "name")
    return cleaned


async def save_segment(
    organization: Organization, actor: Actor, name: str, wanted: AlumniFilter
) -> Segment:
    """Create the segment of this name, or replace the filter of the one that has it. The
    filter must already be checked as the `alumni` query checks it."""
    cleaned = _name(name)
    stored = to_json(wanted)
    async with in_transaction():
        segment = await Segment.get_or_none(organization_id=organization.id, name=cleaned)
        created = segment is None
        if segment is None:
            segment = Segment(organization_id=organization.id, name=cleaned, alumni_filter=stored)
            segment.stamp(actor, created=True)
            try:
                async with in_transaction():  # a savepoint: two creates of one name at once
                    await segment.save()
            except IntegrityError:
                created = False
                segment = await Segment.get(organization_id=organization.id, name=cleaned)
        if not created:
            segment.alumni_filter = stored
            segment.stamp(actor)
            await segment.save(
                update_fields=["alumni_filter", "updated_at", "updated_by_kind", "updated_by_id"]
            )
        action = "segment.created" if created else "segment.updated"
        await audit(
            organization.id,
            actor,
            action,
            "segment",
            segment.id,
            {"name": cleaned, "filter": stored},
        )
    return segment


async def delete_segment(organization: Organization, actor: Actor, segment_id: UUID) -> Segment:
    async with in_transaction():
        segment = await Segment.get_or_none(id=segment_id, organization_id=organization.id)
        if segment is None:
            raise _error(SegmentErrorCode.NOT_FOUND, "id")
        await segment.delete()
        await audit(
            organization.id, actor, "segment.deleted", "segment", segment_id, {"name": segment.name}
        )
    return segment
