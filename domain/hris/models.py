"""The organization's HR systems (HRIS): the secret each one signs its webhooks with, the
ids it knows employees by, and every departure event it reported."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class HrisProvider(StrEnum):
    """The HR systems whose departure webhooks Kizuna reads (integrations.hris)."""

    SMARTHR = "smarthr"
    HIBOB = "hibob"
    GUSTO = "gusto"


class HrisConnection(TrackedModel):
    """The secret an HRIS signs (or, for SmartHR, sends) with its webhooks. Checking an HMAC
    needs the secret itself, so it is stored as given, like the OpenID Connect client secret
    (domain.identity.models.SignInProvider), and never shown again."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    provider = fields.CharEnumField(HrisProvider, max_length=16)
    signing_secret = fields.CharField(max_length=500)

    class Meta:
        table = "hris_connection"
        unique_together = (("organization", "provider"),)


class HrisEmployeeId(TrackedModel):
    """The id an HRIS knows a person by (HiBob and Gusto report departures by it alone)."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    provider = fields.CharEnumField(HrisProvider, max_length=16)
    employee_id = fields.CharField(max_length=100)
    person = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)

    class Meta:
        table = "hris_employee_id"
        unique_together = (("organization", "provider", "employee_id"), ("person", "provider"))


class InboundEventStatus(StrEnum):
    PROCESSED = "processed"  # answered 2xx: a replay answers the same and does nothing
    FAILED = "failed"  # answered 4xx (e.g. unknown employee): a retry is processed again


class InboundWebhookEvent(Model):
    """A departure event received from an HRIS, keyed by its event id, with the answer."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    provider = fields.CharEnumField(HrisProvider, max_length=16)
    event_id = fields.CharField(max_length=200)
    status = fields.CharEnumField(InboundEventStatus, max_length=16)
    response_status = fields.SmallIntField()
    response_body = fields.JSONField(default=dict)
    offboarding = fields.ForeignKeyField(
        "models.Offboarding", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    attempts = fields.IntField(default=1)
    received_at = fields.DatetimeField(auto_now_add=True)
    processed_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "inbound_webhook_event"
        unique_together = (("organization", "provider", "event_id"),)
