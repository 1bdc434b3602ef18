from typing import Any

from domain.offboarding.models import ChecklistItem, Offboarding
from domain.offboarding.services import check_off
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.offboarding.mutations.ids import key_of


async def offboarding_checklist_update(
    context: Context, data: Any
) -> tuple[Offboarding | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.id, "Offboarding", "id")
    sender = None
    if data.sent_by_id is not None:
        sender, sender_errors = key_of(data.sent_by_id, "Person", "sentById")
        errors += sender_errors
    if key is None or errors:
        return None, errors
    return await run(
        check_off(
            principal.organization,
            context.actor,
            key,
            ChecklistItem(data.item),
            context.viewer,
            sender,
        )
    )
