"""A newsletter HR sends to the organization's alumni, and its delivery to each of them."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel

MAX_SUBJECT_LENGTH = 200
MAX_BODY_LENGTH = 50_000


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # queued, not yet handled
    SENDING = "sending"  # claimed by a worker, which sends and then marks it
    SENT = "sent"
    SKIPPED_NO_CONSENT = "skipped_no_consent"  # no newsletter consent by email at send time
    SKIPPED_NO_ADDRESS = "skipped_no_address"  # no personal email at send time
    FAILED = "failed"  # the mail server kept refusing, or a send was interrupted


FINISHED = (
    DeliveryStatus.SENT,
    DeliveryStatus.SKIPPED_NO_CONSENT,
    DeliveryStatus.SKIPPED_NO_ADDRESS,
    DeliveryStatus.FAILED,
)


class Newsletter(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    subject = fields.CharField(max_length=MAX_SUBJECT_LENGTH)
    body = fields.TextField()
    recipient_count = fields.IntField(default=0)

    class Meta:
        table = "newsletter"
        indexes = (("organization_id", "created_at"),)


class NewsletterDelivery(Model):
    """One newsletter to one person: at most one mail, whatever retries and workers do."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    newsletter = fields.ForeignKeyField("models.Newsletter", related_name=False)
    person = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    status = fields.CharEnumField(DeliveryStatus, max_length=24, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    # While SENDING: until when the worker that claimed it may still be sending.
    claimed_until = fields.DatetimeField(null=True)
    reason = fields.TextField(default="")  # why it was skipped or failed
    created_at = fields.DatetimeField(auto_now_add=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "newsletter_delivery"
        unique_together = (("newsletter", "person"),)
        indexes = (("newsletter_id", "status"),)
