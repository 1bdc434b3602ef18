from typing import Any
from uuid import UUID

from domain.audit.models import AuditEvent
from domain.common.actors import Actor


async def record(
    organization_id: UUID,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: UUID,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write an audit row; call inside the transaction of the change it describes."""
    return await AuditEvent.create(
        organization_id=organization_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_kind=actor.kind,
        actor_id=actor.id,
        changes=changes or {},
    )
