from datetime import datetime

import strawberry

from schema.touchpoints.types import TouchpointKind


@strawberry.input(description="A touchpoint to add to an alumnus's timeline.")
class TouchpointLogInput:
    person_id: strawberry.ID = strawberry.field(description="The alumnus.")
    kind: TouchpointKind
    happened_at: datetime = strawberry.field(
        description="With a time zone offset; not in the future (a few minutes of clock skew "
        "are accepted)."
    )
    note: str = strawberry.field(default="", description="At most 2000 characters.")
