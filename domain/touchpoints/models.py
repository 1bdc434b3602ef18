"""Touchpoints: moments when someone from the organization was in touch with an alumnus."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.actors import Actor, ActorKind

MAX_NOTE_LENGTH = 2000


class TouchpointKind(StrEnum):
    MESSAGE = "message"
    SOCIAL_REACTION = "social_reaction"
    CALL = "call"
    COFFEE = "coffee"
    MEETING = "meeting"
    EVENT_ATTENDANCE = "event_attendance"
    NEWSLETTER_REPLY = "newsletter_reply"


class Touchpoint(Model):
    """One entry of an alumnus's timeline, as staff logged it. Never changed afterwards."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.ForeignKeyField("models.Person", related_name=False)
    kind = fields.CharEnumField(TouchpointKind, max_length=32)
    happened_at = fields.DatetimeField()
    note = fields.CharField(max_length=MAX_NOTE_LENGTH, default="")
    logged_by_kind = fields.CharEnumField(ActorKind, max_length=16)
    logged_by_id = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "touchpoint"
        # The timeline and "the latest touchpoint" are one index range each.
        indexes = (("person_id", "happened_at"),)

    @property
    def logged_by(self) -> Actor:
        return Actor(ActorKind(self.logged_by_kind), self.logged_by_id)
