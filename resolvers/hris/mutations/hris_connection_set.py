from typing import Any

from domain.hris.models import HrisConnection, HrisProvider
from domain.hris.services import set_connection
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def hris_connection_set(
    context: Context, data: Any
) -> tuple[HrisConnection | None, list[FieldError]]:
    principal = context.require_member()
    return await run(
        set_connection(
            principal.organization_id, context.actor, HrisProvider(data.provider), data.secret
        )
    )
