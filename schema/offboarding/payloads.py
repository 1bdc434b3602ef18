import strawberry

from schema.offboarding.errors import OffboardingError
from schema.offboarding.types import ExitInterview, Offboarding


@strawberry.type(
    description="The new off-boarding, or why not. When one already stands for this "
    "departure, `offboarding` is that one and `errors` holds ALREADY_STARTED."
)
class OffboardingStartPayload:
    offboarding: Offboarding | None
    errors: list[OffboardingError]


@strawberry.type(description="The off-boarding with the item done, or why not.")
class OffboardingChecklistUpdatePayload:
    offboarding: Offboarding | None
    errors: list[OffboardingError]


@strawberry.type(description="The cancelled off-boarding, or why not.")
class OffboardingCancelPayload:
    offboarding: Offboarding | None
    errors: list[OffboardingError]


@strawberry.type(description="The recorded exit interview, or why not.")
class ExitInterviewRecordPayload:
    exit_interview: ExitInterview | None
    errors: list[OffboardingError]
