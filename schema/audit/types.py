from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from domain.audit.models import AuditEvent as AuditEventModel
from domain.common.actors import ActorKind as ActorKindValue
from schema.common.pagination import Edge, PageInfo

ActorKind = strawberry.enum(
    ActorKindValue, name="ActorKind", description="What kind of actor caused a change."
)


@strawberry.type(description="Who or what made a change.")
class AuditActor:
    kind: ActorKind
    id: str | None = strawberry.field(
        description="The user's id for a user, the app's id for an API client, the process's "
        "name for the system."
    )


@strawberry.type(description="One recorded change: who did what to which record, and when.")
class AuditEvent:
    model: strawberry.Private[AuditEventModel]

    @strawberry.field(description="Id of this event (a UUID).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field(description="What happened, e.g. `auth.sign_in`, `session.revoked`.")
    def action(self) -> str:
        return self.model.action

    @strawberry.field(description="Kind of record changed, e.g. `user`, `session`, `person`.")
    def subject_type(self) -> str:
        return self.model.subject_type

    @strawberry.field(description="Id (a UUID) of the record changed.")
    def subject_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.subject_id))

    @strawberry.field
    def actor(self) -> AuditActor:
        return AuditActor(kind=ActorKindValue(self.model.actor_kind), id=self.model.actor_id)

    @strawberry.field(description="Details of the change, as recorded.")
    def changes(self) -> JSON:
        return self.model.changes

    @strawberry.field
    def created_at(self) -> datetime:
        return self.model.created_at


@strawberry.type(description="A page of audit events, newest first.")
class AuditEventConnection:
    edges: list[Edge[AuditEvent]]
    page_info: PageInfo
