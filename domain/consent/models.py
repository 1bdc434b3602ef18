"""The consent ledger: one row per change of a person's consent, never updated or deleted.

A person's consent to a purpose on a channel is the decision of their latest row for that
(purpose, channel). No row means they were never asked, which counts as not consented.
"""

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from domain.common.actors import Actor, ActorKind


class ConsentPurpose(StrEnum):
    COMMUNITY = "community"  # being part of the alumni community and hearing from it
    NEWSLETTER = "newsletter"
    EVENT_INVITATIONS = "event_invitations"
    JOB_INFORMATION = "job_information"
    DIRECTORY_LISTING = "directory_listing"  # shown to other members; not about contact
    REFERRAL_ASKS = "referral_asks"


class ConsentChannel(StrEnum):
    EMAIL = "email"
    POSTAL_MAIL = "postal_mail"
    PHONE = "phone"
    CHAT = "chat"


class ConsentDecision(StrEnum):
    GRANTED = "granted"
    WITHDRAWN = "withdrawn"


class ConsentSource(StrEnum):
    """How the decision reached the organization."""

    OFFBOARDING_FORM = "offboarding_form"
    IMPORT = "import"
    SELF_SERVICE = "self_service"
    HR_ON_PERSONS_WORD = "hr_on_persons_word"
    HRIS = "hris"


# Purposes that are about being shown, not contacted: recorded without a channel.
CHANNELLESS_PURPOSES = frozenset({ConsentPurpose.DIRECTORY_LISTING})
MAX_NOTE_LENGTH = 1000


class AppendOnly(Exception):
    """Raised on an attempt to change or delete a ledger row."""


class ConsentRecord(Model):
    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.ForeignKeyField("models.Person", related_name=False)
    purpose = fields.CharEnumField(ConsentPurpose, max_length=32)
    # Null only for purposes in CHANNELLESS_PURPOSES.
    channel = fields.CharEnumField(ConsentChannel, max_length=16, null=True)
    decision = fields.CharEnumField(ConsentDecision, max_length=16)
    source = fields.CharEnumField(ConsentSource, max_length=32)
    note = fields.CharField(max_length=MAX_NOTE_LENGTH, default="")
    # Strictly increasing per (person, purpose, channel): the latest row is the current state.
    recorded_at = fields.DatetimeField()
    recorded_by_kind = fields.CharEnumField(ActorKind, max_length=16)
    recorded_by_id = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "consent_record"
        # The current state of one consent is one index lookup: latest row of the key.
        indexes = (("person_id", "purpose", "channel", "recorded_at"),)

    @property
    def recorded_by(self) -> Actor:
        return Actor(ActorKind(self.recorded_by_kind), self.recorded_by_id)

    @property
    def granted(self) -> bool:
        return self.decision == ConsentDecision.GRANTED

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise AppendOnly("A consent record is never changed: record a new decision.")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AppendOnly("A consent record is never deleted: the ledger keeps every change.")
