"""Global ids in rehire inputs, read into keys or a precise field error."""

from uuid import UUID

from domain.rehire.error_codes import MESSAGES, RehireErrorCode
from resolvers import ids
from resolvers.mutations import FieldError

CODES = {
    "JobOpening": RehireErrorCode.OPENING_NOT_FOUND,
    "RehireApplication": RehireErrorCode.NOT_FOUND,
}


def key_of(global_id: str, type_name: str, field: str) -> tuple[UUID | None, list[FieldError]]:
    key = ids.decode(global_id, type_name)
    if key is None:
        code = CODES[type_name]
        return None, [FieldError(field, code, MESSAGES[code])]
    return key, []
