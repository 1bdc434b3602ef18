from tortoise import fields
from tortoise.models import Model


class Organization(Model):
    """The tenant: every other row belongs to exactly one organization."""

    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=63, unique=True)
    time_zone = fields.CharField(max_length=64, default="Asia/Tokyo")
    currency = fields.CharField(max_length=3, default="JPY")
    # Browser origins of the organization's own frontends, allowed to call the API (CORS).
    cors_origins = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"
