import strawberry

from domain.touchpoints.error_codes import TouchpointErrorCode as TouchpointErrorCodeValue

TouchpointErrorCode = strawberry.enum(
    TouchpointErrorCodeValue,
    name="TouchpointErrorCode",
    description="Why a touchpoint was refused.",
)


@strawberry.type(description="Why a touchpoint mutation was refused, and which input field.")
class TouchpointError:
    field: str | None = strawberry.field(description="Input path, e.g. `happenedAt`.")
    code: TouchpointErrorCode
    message: str
