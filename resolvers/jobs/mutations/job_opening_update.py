from typing import Any

from domain.jobs.models import JobOpening
from domain.jobs.services import FIELDS, update_opening
from resolvers.context import Context
from resolvers.jobs.mutations.ids import key_of
from resolvers.mutations import FieldError, camel_path, run


async def job_opening_update(
    context: Context, data: Any
) -> tuple[JobOpening | None, list[FieldError]]:
    """Only the fields the client sent (strawberry's Maybe: None when absent)."""
    principal = context.require_member()
    key, errors = key_of(data.id, "id")
    values = {}
    for name in FIELDS:
        given = getattr(data, name)
        if given is None:
            continue
        value = given.value
        if name.endswith("_id"):
            value, id_errors = key_of(value, camel_path(name) or name)
            errors += id_errors
        values[name] = value
    if key is None or errors:
        return None, errors
    return await run(
        update_opening(principal.organization_id, context.actor, key, values, context.viewer)
    )
