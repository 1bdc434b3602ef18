from typing import Any

from domain.offboarding.models import Offboarding
from domain.offboarding.services import cancel_offboarding
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.offboarding.mutations.ids import key_of


async def offboarding_cancel(
    context: Context, data: Any
) -> tuple[Offboarding | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.id, "Offboarding", "id")
    if key is None:
        return None, errors
    return await run(cancel_offboarding(principal.organization, context.actor, key, context.viewer))
