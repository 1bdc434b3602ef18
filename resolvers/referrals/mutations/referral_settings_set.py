from typing import Any

from domain.referrals.models import ReferralSettings
from domain.referrals.settings import set_settings
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def referral_settings_set(
    context: Context, data: Any
) -> tuple[ReferralSettings | None, list[FieldError]]:
    principal = context.require_member()
    return await run(
        set_settings(
            principal.organization_id,
            context.actor,
            data.ownership_days,
            data.expiry_days,
            data.share_rejection_reason,
        )
    )
