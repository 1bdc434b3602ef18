"""Rate limits and lockouts kept in the database, so that every server process shares them.

A limit counts attempts per key (an account, a client address, an account from one address)
in a fixed window; past the limit the key is blocked for a fixed time and callers are told
when to retry. A block always ends: nobody can lock an account forever, and limits keyed by
account *and* address keep one attacker's failures from locking out the owner elsewhere.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from domain.common import clock
from domain.identity.models import Throttle


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: timedelta
    block: timedelta

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a limit allows at least one attempt")

    def key(self, *parts: str) -> str:
        return ":".join((self.name, *parts))[:200]


def _retry_after(blocked_until: datetime | None, now: datetime) -> int | None:
    if blocked_until is None or blocked_until <= now:
        return None
    return max(1, math.ceil((blocked_until - now).total_seconds()))


async def retry_after(limit: Limit, *parts: str) -> int | None:
    """Seconds until the key may try again, or None when it is not blocked."""
    row = await Throttle.get_or_none(key=limit.key(*parts))
    return None if row is None else _retry_after(row.blocked_until, clock.now())


async def record_attempt(limit: Limit, *parts: str) -> int | None:
    """Count one attempt; returns the seconds to wait when this attempt crossed the limit
    (or the key was already blocked), else None."""
    key = limit.key(*parts)
    async with in_transaction() as connection:
        # Insert-or-nothing, then lock: concurrent first attempts never collide on the key.
        await Throttle.bulk_create(
            [Throttle(key=key, window_started_at=clock.now(), attempts=0)],
            ignore_conflicts=True,
            using_db=connection,
        )
        row = await Throttle.select_for_update().using_db(connection).get(key=key)
        now = clock.now()  # after the lock: waiting for it must not stretch anyone's block
        if (waiting := _retry_after(row.blocked_until, now)) is not None:
            return waiting
        if row.window_started_at + limit.window <= now:
            row.window_started_at, row.attempts, row.blocked_until = now, 0, None
        row.attempts += 1
        if row.attempts > limit.attempts:
            row.blocked_until = now + limit.block
        await row.save(using_db=connection)
        return _retry_after(row.blocked_until, now)


async def clear(limit: Limit, *parts: str) -> None:
    """Forget the key's attempts (after a successful sign-in, say)."""
    await Throttle.filter(key=limit.key(*parts)).delete()
