import strawberry

from domain.consent.models import MAX_NOTE_LENGTH
from schema.consent.enums import ConsentChannel, ConsentPurpose, ConsentSource


@strawberry.input(description="A consent decision to record.")
class ConsentRecordInput:
    person_id: strawberry.ID | None = strawberry.field(
        default=None, description="Whose consent; omit it (or give your own) for your own."
    )
    purpose: ConsentPurpose
    channel: ConsentChannel | None = strawberry.field(
        default=None, description="Required, except for DIRECTORY_LISTING (which has none)."
    )
    granted: bool = strawberry.field(description="True to grant, false to withdraw.")
    source: ConsentSource | None = strawberry.field(
        default=None,
        description="How the decision reached you. Your own consent: SELF_SERVICE (the "
        "default). hr for someone else: HR_ON_PERSONS_WORD or OFFBOARDING_FORM (a partner app "
        "acting on its own also HRIS).",
    )
    note: str | None = strawberry.field(
        default=None, description=f"At most {MAX_NOTE_LENGTH} characters."
    )
