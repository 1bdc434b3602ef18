"""Touchpoints and nudges; each field declares who may read it."""

from datetime import datetime

import strawberry

from auth.scopes import Scope
from domain.touchpoints.models import Touchpoint as TouchpointModel
from domain.touchpoints.models import TouchpointKind as TouchpointKindValue
from resolvers import ids
from schema.common.node import Node
from schema.common.pagination import Edge, PageInfo
from schema.common.permissions import STAFF_WHO_MANAGE, guarded, guarded_type

TouchpointKind = strawberry.enum(
    TouchpointKindValue,
    name="TouchpointKind",
    description="How someone from the organization was in touch with an alumnus.",
)


@guarded_type(description="A moment someone from the organization was in touch with an alumnus.")
class Touchpoint(Node):
    model: strawberry.Private[TouchpointModel]

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Touchpoint", self.model.id))

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Message, call, coffee, meeting …")
    def kind(self) -> TouchpointKind:
        return self.model.kind

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "When it happened.")
    def happened_at(self) -> datetime:
        return self.model.happened_at

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "What was said or done; may be empty.")
    def note(self) -> str:
        return self.model.note

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Who logged it: `user:<id>`, `api_client:<id>`.")
    def logged_by(self) -> str:
        actor = self.model.logged_by
        return actor.kind.value if actor.id is None else f"{actor.kind.value}:{actor.id}"

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "When it was logged.")
    def created_at(self) -> datetime:
        return self.model.created_at


@strawberry.type(description="A page of touchpoints, newest first.")
class TouchpointConnection:
    edges: list[Edge[Touchpoint]]
    page_info: PageInfo
