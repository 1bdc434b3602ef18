import strawberry

from schema.privacy.errors import PrivacyError
from schema.privacy.types import PersonErasure


@strawberry.type(
    description="What the erasure did, or why not. When the person was erased before, "
    "`erasure` gives that time (nothing done this time) and `errors` holds ALREADY_ERASED."
)
class PersonErasePayload:
    erasure: PersonErasure | None
    errors: list[PrivacyError]
