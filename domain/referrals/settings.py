"""An organization's referral rules: defaults until hr sets them."""

from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.referrals.error_codes import MESSAGES, ReferralErrorCode
from domain.referrals.models import ReferralSettings
from domain.referrals.ownership import Rules

# Days: at least one, at most about three years (a SmallIntField holds it).
DAY_RANGE = range(1, 1096)


async def settings_of(organization_id: UUID) -> ReferralSettings:
    """The stored rules, or an unsaved row with the defaults."""
    found = await ReferralSettings.get_or_none(organization_id=organization_id)
    return found or ReferralSettings(organization_id=organization_id)


def rules_of(settings: ReferralSettings) -> Rules:
    return Rules(ownership_days=settings.ownership_days, expiry_days=settings.expiry_days)


async def set_settings(
    organization_id: UUID,
    actor: Actor,
    ownership_days: int | None,
    expiry_days: int | None,
    share_rejection_reason: bool | None,
) -> ReferralSettings:
    """hr changes the given rules; the others stay. They apply from now on: a claim taken
    before keeps the expiry it was given until the referral next moves."""
    problems = [
        DomainError(
            ReferralErrorCode.OUT_OF_RANGE,
            f"{MESSAGES[ReferralErrorCode.OUT_OF_RANGE]} "
            f"Days are from {DAY_RANGE.start} to {DAY_RANGE.stop - 1}.",
            field,
        )
        for field, value in (("ownership_days", ownership_days), ("expiry_days", expiry_days))
        if value is not None and value not in DAY_RANGE
    ]
    if problems:
        raise DomainErrors(problems)
    changes = {
        name: value
        for name, value in (
            ("ownership_days", ownership_days),
            ("expiry_days", expiry_days),
            ("share_rejection_reason", share_rejection_reason),
        )
        if value is not None
    }
    async with in_transaction() as connection:
        # Insert-or-nothing, then lock and write only what changed: two first-time callers
        # never collide on the organization's row, nor undo each other's other fields.
        await ReferralSettings.bulk_create(
            [ReferralSettings(organization_id=organization_id)],
            ignore_conflicts=True,
            using_db=connection,
        )
        rows = ReferralSettings.filter(organization_id=organization_id).using_db(connection)
        await rows.select_for_update().get()
        await rows.update(**changes, updated_at=clock.now())
        settings = await rows.get()
        await audit(
            organization_id,
            actor,
            "referral_settings.changed",
            "organization",
            organization_id,
            changes,
        )
    return settings
