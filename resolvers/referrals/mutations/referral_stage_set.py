from typing import Any

from domain.referrals.models import Referral, ReferralStage
from domain.referrals.pipeline import move_referral
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.referrals.mutations.ids import key_of


async def referral_stage_set(
    context: Context, data: Any
) -> tuple[Referral | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.id, "Referral", "id")
    if key is None:
        return None, errors
    found, errors = await run(
        move_referral(
            principal.organization_id,
            context.actor,
            context.viewer,
            key,
            ReferralStage(data.stage),
            data.rejection_reason,
        )
    )
    if found is not None:
        await found.fetch_related("opening")
    return found, errors
