from typing import Any

from domain.common.errors import DomainError
from domain.privacy.error_codes import PrivacyErrorCode
from domain.privacy.services import export_person
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import Forbidden, NotFound


async def person_data_export(context: Context, person_id: str) -> dict[str, Any]:
    """The export, or a top-level FORBIDDEN (someone else's, for a member who is not hr or
    an executive) or NOT_FOUND (no such person in the organization)."""
    principal = context.require_member()
    key = ids.decode(person_id, "Person")
    try:
        if key is None:
            raise DomainError(PrivacyErrorCode.NOT_FOUND, "No such person in this organization.")
        return await export_person(principal.organization, context.viewer, context.actor, key)
    except DomainError as refused:
        if refused.code == PrivacyErrorCode.FORBIDDEN:
            raise Forbidden(refused.message) from None
        raise NotFound(refused.message, id=person_id) from None
