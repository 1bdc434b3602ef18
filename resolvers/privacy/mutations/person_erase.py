from typing import Any

from auth.principal_cache import forget_session
from domain.common.errors import DomainError
from domain.privacy.erasure import Erasure
from domain.privacy.error_codes import MESSAGES, PrivacyErrorCode
from domain.privacy.services import AlreadyErased, erase_person
from resolvers import ids
from resolvers.context import Context
from resolvers.mutations import FieldError, field_error

RENAMES = {"person_id": "personId"}


async def person_erase(context: Context, data: Any) -> tuple[Erasure | None, list[FieldError]]:
    """What the erasure did; when the person was erased before, that time with
    ALREADY_ERASED (and nothing done)."""
    principal = context.require_member()
    key = ids.decode(data.person_id, "Person")
    if key is None:
        code = PrivacyErrorCode.NOT_FOUND
        return None, [FieldError("personId", code, MESSAGES[code])]
    try:
        erasure = await erase_person(
            principal.organization, context.actor, key, confirm=data.confirm
        )
    except AlreadyErased as before:
        done_before = Erasure(key, context.actor, erased_at=before.erased_at)
        return done_before, [field_error(before, RENAMES)]
    except DomainError as refused:
        return None, [field_error(refused, RENAMES)]
    for session_id in erasure.sessions_ended:  # at once in this process, not after the cache
        forget_session(session_id)
    return erasure, []
