import strawberry

from schema.rehire.errors import RehireError
from schema.rehire.types import RehireApplication, RehirePolicy


@strawberry.type(description="The policy's new version, or why not.")
class RehirePolicySetPayload:
    policy: RehirePolicy | None
    errors: list[RehireError]


@strawberry.type(description="The new application, or why not.")
class RehireApplicationCreatePayload:
    application: RehireApplication | None
    errors: list[RehireError]


@strawberry.type(description="The application at its new stage, or why not.")
class RehireApplicationStageSetPayload:
    application: RehireApplication | None
    errors: list[RehireError]


@strawberry.type(description="The withdrawn application, or why not.")
class RehireApplicationWithdrawPayload:
    application: RehireApplication | None
    errors: list[RehireError]
