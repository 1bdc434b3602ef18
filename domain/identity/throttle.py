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

KEY_LENGTH = 200  # Throttle.key's column length
# Limits whose first key part is an account's email, registered as they are defined, so
# that erasing the account can name its keys exactly (forget_account).
ACCOUNT_LIMITS: list["Limit"] = []


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: timedelta
    block: timedelta
    by_account: bool = False  # the first key part is an account's email

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a limit allows at least one attempt")
        if self.by_account:
            ACCOUNT_LIMITS.append(self)

    def key(self, *parts: str) -> str:
        return ":".join((self.name, *parts))[:KEY_LENGTH]


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


async def forget_account(email: str) -> None:
    """Delete the account's keys: each account limit's key for the email, alone or followed
    by more parts. Compared as text, never as a LIKE pattern, and with the same truncation
    as `Limit.key`, so a long email's keys go and no other account's key does."""
    exact = [limit.key(email) for limit in ACCOUNT_LIMITS]
    prefixes = [limit.key(email, "") for limit in ACCOUNT_LIMITS]
    found: set[str] = set(await Throttle.filter(key__in=exact).values_list("key", flat=True))
    for prefix in prefixes:
        # startswith narrows in the database; the Python test decides (SQLite's LIKE ignores
        # case, and the pattern is only a filter here).
        keys = await Throttle.filter(key__startswith=prefix).values_list("key", flat=True)
        found.update(key for key in keys if key.startswith(prefix))
    await Throttle.filter(key__in=sorted(found)).delete()
