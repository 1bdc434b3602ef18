from typing import Any

from domain.rehire.models import RehireApplication, RehireStage
from domain.rehire.pipeline import Move, move_application
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.rehire.mutations.ids import key_of


async def rehire_application_withdraw(
    context: Context, data: Any
) -> tuple[RehireApplication | None, list[FieldError]]:
    """The applicant takes back their own application (hr may too, with the stage set)."""
    principal = context.require_member()
    assert principal.organization is not None
    key, errors = key_of(data.id, "RehireApplication", "id")
    if key is None:
        return None, errors
    return await run(
        move_application(
            principal.organization,
            context.actor,
            context.viewer,
            key,
            Move(target=RehireStage.WITHDRAWN),
        )
    )
