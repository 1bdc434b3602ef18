"""An organization's referral rules: defaults until hr sets them."""

from uuid import UUID

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.referrals import claims, ownership
from domain.referrals.error_codes import MESSAGES, ReferralErrorCode
from domain.referrals.models import Referral, ReferralSettings, ReferralStage
from domain.referrals.ownership import Rules

# Days: at least one, at most about three years (a SmallIntField holds it).
DAY_RANGE = range(1, 1096)


async def settings_of(organization_id: UUID) -> ReferralSettings:
    """The stored rules, or an unsaved row with the defaults."""
    found = await ReferralSettings.get_or_none(organization_id=organization_id)
    return found or ReferralSettings(organization_id=organization_id)


def rules_of(settings: ReferralSettings) -> Rules:
    return Rules(ownership_days=settings.ownership_days, expiry_days=settings.expiry_days)


async def _reclaim(organization_id: UUID, rules: Rules) -> None:
    """Rewrite the expiry of every live claim under the new rules, in the settings'
    transaction, so that the claims stay the one answer to who owns a candidate until when.
    A settings change is rare; one statement per referral keeps it plain."""
    now = clock.now()
    holding = claims.held(organization_id, now).values("referral_id")
    for referral in await Referral.filter(id__in=Subquery(holding)):
        facts = ownership.Facts(
            referral.id,
            referral.created_at,
            ReferralStage(referral.stage),
            referral.stage_changed_at,
        )
        until = ownership.expires_at(facts, rules)
        assert until is not None  # released referrals hold no claims
        await (
            claims.held(organization_id, now)
            .filter(referral_id=referral.id)
            .update(expires_at=until)
        )


async def set_settings(
    organization_id: UUID,
    actor: Actor,
    ownership_days: int | None,
    expiry_days: int | None,
    share_rejection_reason: bool | None,
) -> ReferralSettings:
    """hr changes the given rules; the others stay. They apply at once to the referrals that
    hold their candidate now; one whose claim lapsed (or was taken over) stays expired."""
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
        await _reclaim(organization_id, rules_of(settings))
        await audit(
            organization_id,
            actor,
            "referral_settings.changed",
            "organization",
            organization_id,
            changes,
        )
    return settings
