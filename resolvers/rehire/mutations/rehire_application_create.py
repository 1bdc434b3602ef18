from typing import Any

from domain.rehire.models import RehireApplication
from domain.rehire.services import ApplicationDraft, apply
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.rehire.mutations.ids import key_of


async def rehire_application_create(
    context: Context, data: Any
) -> tuple[RehireApplication | None, list[FieldError]]:
    principal = context.require_member()
    assert principal.organization is not None
    key, errors = key_of(data.opening_id, "JobOpening", "openingId")
    if key is None:
        return None, errors
    draft = ApplicationDraft(
        motivation=data.motivation,
        current_situation=data.current_situation,
        desired_start_on=data.desired_start_on,
    )
    found, errors = await run(
        apply(principal.organization, context.actor, context.viewer, key, draft)
    )
    if found is not None:
        await found.fetch_related("opening")
    return found, errors
