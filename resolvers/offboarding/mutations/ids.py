"""Global ids in off-boarding inputs, read into keys or a precise field error."""

from uuid import UUID

from domain.offboarding.error_codes import MESSAGES, OffboardingErrorCode
from resolvers import ids
from resolvers.mutations import FieldError


def key_of(global_id: str, type_name: str, field: str) -> tuple[UUID | None, list[FieldError]]:
    key = ids.decode(global_id, type_name)
    if key is None:
        code = OffboardingErrorCode.NOT_FOUND
        return None, [FieldError(field, code, MESSAGES[code])]
    return key, []
