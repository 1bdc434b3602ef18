import strawberry

from schema.touchpoints.errors import TouchpointError
from schema.touchpoints.types import Touchpoint


@strawberry.type(description="The logged touchpoint, or why not.")
class TouchpointLogPayload:
    touchpoint: Touchpoint | None
    errors: list[TouchpointError]
