"""Claim rows: the database's own guarantee that one referral owns a candidate key.

Taking a key is an `INSERT … ON CONFLICT DO NOTHING` (a free key) or else an `UPDATE … WHERE
expires_at <= now` (a key whose claim has expired): single statements, never read-then-write.
On PostgreSQL a second transaction inserting the same key waits for the first to commit, then
finds the live claim and takes nothing; SQLite runs one writing transaction at a time. Either
way two submissions at the same moment cannot both own. Rejecting or withdrawing a referral
deletes its claims in the same transaction, which frees the candidate at once; expiry needs
no job: a claim past `expires_at` is simply taken over by the next submission. Changing the
organization's expiry or ownership days rewrites `expires_at` of the live claims
(domain.referrals.settings); a lapsed claim stays lapsed.
"""

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet

from domain.referrals.models import ReferralClaim


def _db(field_name: str, value: Any) -> Any:
    return ReferralClaim._meta.fields_map[field_name].to_db_value(value, ReferralClaim)


async def _insert(
    connection: BaseDBAsyncClient,
    organization_id: UUID,
    key: str,
    referral_id: UUID,
    now: datetime,
    until: datetime,
) -> bool:
    postgres = connection.capabilities.dialect == "postgres"
    marks = [f"${n}" for n in range(1, 7)] if postgres else ["?"] * 6
    sql = (
        "INSERT INTO referral_claim (id, organization_id, candidate_key, referral_id, "
        f"claimed_at, expires_at) VALUES ({', '.join(marks)}) "
        "ON CONFLICT (organization_id, candidate_key) DO NOTHING RETURNING id"
    )
    values = [
        _db("id", uuid.uuid4()),
        _db("organization_id", organization_id),
        key,
        _db("referral_id", referral_id),
        _db("claimed_at", now),
        _db("expires_at", until),
    ]
    return bool(await connection.execute_query_dict(sql, values))


async def take(
    connection: BaseDBAsyncClient,
    organization_id: UUID,
    keys: list[str],
    referral_id: UUID,
    now: datetime,
    until: datetime,
) -> bool:
    """Claim every key for the referral, or report False (the caller rolls back)."""
    for key in keys:
        if await _insert(connection, organization_id, key, referral_id, now, until):
            continue
        taken = (
            await ReferralClaim.filter(
                organization_id=organization_id, candidate_key=key, expires_at__lte=now
            )
            .using_db(connection)
            .update(referral_id=referral_id, claimed_at=now, expires_at=until)
        )
        if taken != 1:
            return False
    return True


def held(organization_id: UUID, now: datetime) -> QuerySet[ReferralClaim]:
    """Live claims. A referral owns its candidate — and may move on — while it has one: the
    claim's `expires_at` is the one answer to "until when" (the settings rewrite it, a
    takeover moves the row to the new referral), so nothing else recomputes it."""
    return ReferralClaim.filter(organization_id=organization_id, expires_at__gt=now)


async def extend(referral_id: UUID, now: datetime, until: datetime) -> bool:
    """Progress moves the expiry of the claims the referral still holds (never past the
    ownership window: see ownership); False when it holds none. One conditional statement:
    a submission taking over a lapsed claim and this move cannot both win."""
    moved = await ReferralClaim.filter(referral_id=referral_id, expires_at__gt=now).update(
        expires_at=until
    )
    return moved > 0


async def release(referral_id: UUID) -> None:
    """One key at a time, in key order as `take` claims them: a plain delete locks the rows
    in whatever order the database meets them, and could hold the phone while waiting for
    the email that a submission holds while waiting for the phone (a deadlock)."""
    mine = ReferralClaim.filter(referral_id=referral_id)
    for key in await mine.order_by("candidate_key").values_list("candidate_key", flat=True):
        await mine.filter(candidate_key=key).delete()
