"""Model mixins shared by every organization-owned table."""

from tortoise import fields
from tortoise.models import Model

from domain.common.actors import Actor, ActorKind


class TrackedModel(Model):
    """UUID key, timestamps, and the actor who created and last changed the row."""

    id = fields.UUIDField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    created_by_kind = fields.CharEnumField(ActorKind, max_length=16)
    created_by_id = fields.CharField(max_length=64, null=True)
    updated_by_kind = fields.CharEnumField(ActorKind, max_length=16)
    updated_by_id = fields.CharField(max_length=64, null=True)

    class Meta:
        abstract = True

    def stamp(self, actor: Actor, *, created: bool = False) -> None:
        if created:
            self.created_by_kind, self.created_by_id = actor.kind, actor.id
        self.updated_by_kind, self.updated_by_id = actor.kind, actor.id

    @property
    def created_by(self) -> Actor:
        return Actor(ActorKind(self.created_by_kind), self.created_by_id)

    @property
    def updated_by(self) -> Actor:
        return Actor(ActorKind(self.updated_by_kind), self.updated_by_id)
