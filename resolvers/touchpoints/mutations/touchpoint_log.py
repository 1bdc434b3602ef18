from typing import Any

from domain.touchpoints.error_codes import TouchpointErrorCode
from domain.touchpoints.models import Touchpoint
from domain.touchpoints.services import log_touchpoint
from resolvers import ids
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def touchpoint_log(context: Context, data: Any) -> tuple[Touchpoint | None, list[FieldError]]:
    principal = context.require_member()
    key = ids.decode(data.person_id, "Person")
    if key is None:
        return None, [FieldError("personId", TouchpointErrorCode.NOT_FOUND, "No such alumnus.")]
    return await run(
        log_touchpoint(
            principal.organization,
            context.viewer,
            context.actor,
            key,
            data.kind,
            data.happened_at,
            data.note,
        )
    )
