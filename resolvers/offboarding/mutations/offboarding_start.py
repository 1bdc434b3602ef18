from typing import Any

from domain.accounts.models import Role
from domain.common.errors import DomainError
from domain.offboarding.models import Offboarding, OffboardingSource
from domain.offboarding.services import OffboardingAlreadyStarted, start_offboarding
from resolvers.context import Context
from resolvers.mutations import FieldError, field_error
from resolvers.offboarding.mutations.ids import key_of


async def offboarding_start(
    context: Context, data: Any
) -> tuple[Offboarding | None, list[FieldError]]:
    """The new off-boarding; when one already stands for the departure, that one with
    ALREADY_STARTED."""
    principal = context.require_member()
    key, errors = key_of(data.person_id, "Person", "personId")
    if key is None:
        return None, errors
    viewer = context.viewer
    source = OffboardingSource.MANAGER if viewer.role == Role.MANAGER else OffboardingSource.HR
    try:
        started = await start_offboarding(
            principal.organization, context.actor, key, data.leave_date, source, viewer
        )
    except OffboardingAlreadyStarted as standing:
        return standing.offboarding, [field_error(standing)]
    except DomainError as refused:
        return None, [field_error(refused)]
    return started, []
