from typing import Any

from domain.referrals.models import Referral, ReferralStage
from domain.referrals.pipeline import move_referral
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.referrals.mutations.ids import key_of


async def referral_withdraw(
    context: Context, data: Any
) -> tuple[Referral | None, list[FieldError]]:
    """The referrer takes back their own referral (hr may too, with referralStageSet)."""
    principal = context.require_member()
    key, errors = key_of(data.id, "Referral", "id")
    if key is None:
        return None, errors
    found, errors = await run(
        move_referral(
            principal.organization_id, context.actor, context.viewer, key, ReferralStage.WITHDRAWN
        )
    )
    if found is not None:
        await found.fetch_related("opening")
    return found, errors
