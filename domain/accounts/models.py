"""Sign-in accounts and their role in each organization."""

from enum import StrEnum

from tortoise import fields

from domain.common.models import TrackedModel


class Role(StrEnum):
    EXECUTIVE = "executive"
    HR = "hr"
    MANAGER = "manager"
    EMPLOYEE = "employee"
    ALUMNUS = "alumnus"


class User(TrackedModel):
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=100, default="")
    # argon2id; None for accounts that sign in only by magic link or OpenID Connect.
    password_hash = fields.CharField(max_length=200, null=True)
    password_changed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "user_account"


class Membership(TrackedModel):
    """A user's role in one organization, tied to their person record there."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    user = fields.ForeignKeyField("models.User", related_name="memberships", db_index=True)
    person = fields.ForeignKeyField(
        "models.Person", related_name=False, null=True, db_index=True, on_delete=fields.SET_NULL
    )
    role = fields.CharEnumField(Role, max_length=16)

    class Meta:
        table = "membership"
        unique_together = (("organization", "user"),)
