from typing import Any

from domain.jobs.models import JobOpening, OpeningStatus
from domain.jobs.services import change_status
from resolvers.context import Context
from resolvers.jobs.mutations.ids import key_of
from resolvers.mutations import FieldError, run


async def job_opening_status_set(
    context: Context, data: Any
) -> tuple[JobOpening | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.id, "id")
    if key is None:
        return None, errors
    return await run(
        change_status(
            principal.organization_id,
            context.actor,
            key,
            OpeningStatus(data.status),
            context.viewer,
        )
    )
