"""Sign-in, sessions and partner apps: the rows behind every access token.

Secrets (refresh tokens, magic links, authorization codes, app secrets) are stored only as
SHA-256 hashes (passwords as argon2id): a copy of the database signs nobody in.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class SignInMethod(StrEnum):
    PASSWORD = "password"
    MAGIC_LINK = "magic_link"
    OIDC = "oidc"
    AUTHORIZATION_CODE = "authorization_code"
    CLIENT_CREDENTIALS = "client_credentials"
    OPERATOR = "operator"  # `kizuna token`


class Session(Model):
    """One sign-in or one app authorization, and the family of its refresh tokens.

    Every access token names its session (`sid`); revoking the session ends all of them.
    A first-party session (no app) acts with the user's whole role; an app's session acts
    within `scope`, never beyond the user's role. A client-credentials session has no user.
    """

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    user = fields.ForeignKeyField("models.User", related_name="sessions", null=True, db_index=True)
    app = fields.ForeignKeyField("models.OAuthApp", related_name=False, null=True, db_index=True)
    scope = fields.CharField(max_length=1000, null=True)
    method = fields.CharEnumField(SignInMethod, max_length=24)
    client_address = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "auth_session"


class RefreshToken(Model):
    """A refresh token: used once, then replaced. Presenting a used one revokes its session."""

    id = fields.UUIDField(primary_key=True)
    session = fields.ForeignKeyField("models.Session", related_name="refresh_tokens")
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_token"


class MagicLink(Model):
    """A one-time sign-in link sent to an alumnus's personal email."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    user = fields.ForeignKeyField("models.User", related_name=False, db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    requested_from = fields.CharField(max_length=64, default="")

    class Meta:
        table = "magic_link"


class OAuthApp(TrackedModel):
    """A partner app registered by hr or an executive, limited to the scopes granted here."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    name = fields.CharField(max_length=100)
    client_id = fields.CharField(max_length=64, unique=True)
    # None for a public client (a browser or mobile app), which must use PKCE and has no secret.
    secret_hash = fields.CharField(max_length=64, null=True)
    redirect_uris = fields.JSONField(default=list)
    scopes = fields.JSONField(default=list)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_app"


class AuthorizationCode(Model):
    """An authorization code: one exchange, a few minutes, bound to its PKCE challenge."""

    id = fields.UUIDField(primary_key=True)
    app = fields.ForeignKeyField("models.OAuthApp", related_name=False, db_index=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False)
    user = fields.ForeignKeyField("models.User", related_name=False)
    code_hash = fields.CharField(max_length=64, unique=True)
    redirect_uri = fields.CharField(max_length=2000)
    scope = fields.CharField(max_length=1000)
    code_challenge = fields.CharField(max_length=128)
    code_challenge_method = fields.CharField(max_length=8)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "authorization_code"


class SignInProvider(TrackedModel):
    """The organization's OpenID Connect provider for staff sign-in."""

    organization = fields.OneToOneField("models.Organization", related_name=False)
    issuer = fields.CharField(max_length=500)
    client_id = fields.CharField(max_length=200)
    client_secret = fields.CharField(max_length=500)
    enabled = fields.BooleanField(default=True)

    class Meta:
        table = "sign_in_provider"


class Throttle(Model):
    """Attempts against one key (an account, a client address) in the current window."""

    key = fields.CharField(max_length=200, primary_key=True)
    window_started_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)
    blocked_until = fields.DatetimeField(null=True)

    class Meta:
        table = "throttle"
