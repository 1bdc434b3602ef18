from typing import Any

from auth.cors import forget_origins
from domain.organizations.cors import set_cors_origins
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def organization_cors_origins_set(
    context: Context, data: Any
) -> tuple[list[str] | None, list[FieldError]]:
    principal = context.require_member()
    origins, errors = await run(
        set_cors_origins(principal.organization_id, context.actor, list(data.origins))
    )
    if origins is not None:
        forget_origins()
    return origins, errors
