import strawberry

from schema.consent.errors import ConsentError
from schema.consent.types import ConsentRecord


@strawberry.type(
    description="The consent's current row (the new one, or the existing one when the "
    "decision was already recorded), or why not."
)
class ConsentRecordPayload:
    consent: ConsentRecord | None
    errors: list[ConsentError]
