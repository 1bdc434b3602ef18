"""Claims outbox rows and runs their handlers after commit, with retries and a dead state.

A row is claimed by one conditional UPDATE that also takes a lease (`locked_until`). On
PostgreSQL the candidate row is picked `FOR UPDATE SKIP LOCKED`, so concurrent workers never
take the same row; on SQLite the single writer lock serialises claims. A worker that dies
mid-handler leaves a lease that expires, and the row is claimed again: handlers are
idempotent, keyed by the event id.
"""

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from tortoise import connections

from domain.common import clock
from domain.outbox.models import OutboxEvent, OutboxStatus

Handler = Callable[[OutboxEvent], Awaitable[None]]
log = logging.getLogger("kizuna.outbox")

LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(hours=1)


class HandlerRegistry:
    """Event type → handler; later features only add handlers."""

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, event_type: str, handler: Handler) -> None:
        if event_type in self._handlers:
            raise ValueError(f"a handler for {event_type!r} is already registered")
        self._handlers[event_type] = handler

    def get(self, event_type: str) -> Handler | None:
        return self._handlers.get(event_type)

    @property
    def event_types(self) -> list[str]:
        return sorted(self._handlers)


def backoff(attempts: int) -> timedelta:
    """1s, 2s, 4s … capped at an hour, after the n-th failed attempt."""
    return timedelta(seconds=min(2 ** (attempts - 1), MAX_BACKOFF.total_seconds()))


def _db_value(field_name: str, value: Any) -> Any:
    return OutboxEvent._meta.fields_map[field_name].to_db_value(value, OutboxEvent)


async def claim(worker_id: str, lease: timedelta = LEASE) -> OutboxEvent | None:
    """Take one due row (or one whose lease expired) for this worker, or None."""
    connection = connections.get("default")
    now = clock.now()
    postgres = connection.capabilities.dialect == "postgres"
    values = [
        worker_id,
        _db_value("locked_until", now + lease),
        _db_value("available_at", now),
        _db_value("locked_until", now),
    ]
    if postgres:
        marks = ["$1", "$2", "$3", "$4"]
        lock = "FOR UPDATE SKIP LOCKED"
    else:
        marks = ["?"] * 4
        lock = ""
    sql = (
        "UPDATE outbox_event SET status = 'running', attempts = attempts + 1, "
        f"locked_by = {marks[0]}, locked_until = {marks[1]} "
        "WHERE id = (SELECT id FROM outbox_event "
        f"WHERE (status = 'pending' AND available_at <= {marks[2]}) "
        f"OR (status = 'running' AND locked_until < {marks[3]}) "
        f"ORDER BY available_at LIMIT 1 {lock}) RETURNING id"
    )
    rows = await connection.execute_query_dict(sql, values)
    if not rows:
        return None
    return await OutboxEvent.get(id=rows[0]["id"])


async def _finish(event: OutboxEvent, worker_id: str, **changes: Any) -> bool:
    """Write the outcome only while this worker still holds the row's lease."""
    updated = await OutboxEvent.filter(
        id=event.id, status=OutboxStatus.RUNNING, locked_by=worker_id
    ).update(locked_by=None, locked_until=None, **changes)
    return updated == 1


async def run_one(registry: HandlerRegistry, worker_id: str, lease: timedelta = LEASE) -> bool:
    """Claim and run one row. Returns False when nothing was due."""
    event = await claim(worker_id, lease)
    if event is None:
        return False
    handler = registry.get(event.event_type)
    if event.attempts > event.max_attempts:
        await _dead(event, worker_id, "lease expired on the last attempt")
        return True
    if handler is None:
        await _dead(event, worker_id, f"no handler registered for {event.event_type!r}")
        return True
    try:
        await asyncio.wait_for(handler(event), timeout=lease.total_seconds() * 0.8)
    except Exception as error:  # a handler's failure is recorded, never lost
        detail = "".join(traceback.format_exception_only(error)).strip()
        log.warning("outbox handler failed", extra={"event_id": str(event.id), "error": detail})
        if event.attempts >= event.max_attempts:
            await _dead(event, worker_id, detail)
        else:
            await _finish(
                event,
                worker_id,
                status=OutboxStatus.PENDING,
                available_at=clock.now() + backoff(event.attempts),
                last_error=detail,
            )
        return True
    await _finish(event, worker_id, status=OutboxStatus.DONE, finished_at=clock.now())
    return True


async def _dead(event: OutboxEvent, worker_id: str, detail: str) -> None:
    log.error("outbox row is dead", extra={"event_id": str(event.id), "error": detail})
    await _finish(
        event, worker_id, status=OutboxStatus.DEAD, last_error=detail, finished_at=clock.now()
    )


async def run_until_idle(registry: HandlerRegistry, worker_id: str, limit: int = 1000) -> int:
    """Run due rows until none is left (or `limit` ran); returns how many ran."""
    ran = 0
    while ran < limit and await run_one(registry, worker_id):
        ran += 1
    return ran


async def run_forever(
    registry: HandlerRegistry, worker_id: str, stop: asyncio.Event, poll_seconds: float = 0.5
) -> None:
    while not stop.is_set():
        try:
            ran = await run_until_idle(registry, worker_id, limit=100)
        except Exception:  # keep the loop alive through a database hiccup
            log.exception("outbox worker loop failed; retrying")
            ran = 0
        if not ran:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=poll_seconds)
