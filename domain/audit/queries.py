"""Reading the audit log: one organization's events, newest first."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.audit.models import AuditEvent


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def audit_events(organization_id: UUID, wanted: AuditFilter) -> QuerySet[AuditEvent]:
    events = AuditEvent.filter(organization_id=organization_id)
    if wanted.action is not None:
        events = events.filter(action=wanted.action)
    if wanted.since is not None:
        events = events.filter(created_at__gte=wanted.since)
    if wanted.until is not None:
        events = events.filter(created_at__lt=wanted.until)
    return events
