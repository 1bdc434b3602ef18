"""Writing outbox rows: always inside the transaction of the change that causes them."""

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.common import clock
from domain.outbox.models import OutboxEvent


async def enqueue(
    event_type: str,
    payload: dict[str, Any],
    *,
    organization_id: UUID | None,
    available_at: datetime | None = None,
    max_attempts: int = 8,
) -> OutboxEvent:
    return await OutboxEvent.create(
        event_type=event_type,
        payload=payload,
        organization_id=organization_id,
        available_at=available_at or clock.now(),
        max_attempts=max_attempts,
    )


async def enqueue_many(
    event_type: str,
    payloads: list[dict[str, Any]],
    *,
    organization_id: UUID | None,
    max_attempts: int = 8,
) -> None:
    """One row per payload, in batched inserts: for fan-outs to many recipients."""
    now = clock.now()
    await OutboxEvent.bulk_create(
        [
            OutboxEvent(
                event_type=event_type,
                payload=payload,
                organization_id=organization_id,
                available_at=now,
                max_attempts=max_attempts,
            )
            for payload in payloads
        ],
        batch_size=500,
    )
