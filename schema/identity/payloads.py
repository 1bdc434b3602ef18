import strawberry

from schema.identity.errors import SessionError
from schema.identity.types import SessionTokens


@strawberry.type(description="The new session's tokens, or why not.")
class SignInPayload:
    tokens: SessionTokens | None
    organizations: list[str] | None = strawberry.field(
        description="Slugs of the account's organizations, once its password was verified."
    )
    errors: list[SessionError]


@strawberry.type(description="New tokens for the same session, or why not.")
class SessionRefreshPayload:
    tokens: SessionTokens | None
    errors: list[SessionError]


@strawberry.type(description="Whether the caller's session ended now.")
class SignOutPayload:
    signed_out: bool = strawberry.field(
        description="False when the session had already ended (nothing left to do)."
    )
    errors: list[SessionError]


@strawberry.type(description="Whether the password was changed, or why not.")
class PasswordChangePayload:
    password_changed: bool
    errors: list[SessionError]


@strawberry.type(
    description="Whether the request was taken. It is true for unknown emails too: the "
    "answer never tells who has an account."
)
class MagicLinkRequestPayload:
    accepted: bool
    errors: list[SessionError]


@strawberry.type(description="The new session's tokens, or why not.")
class MagicLinkRedeemPayload:
    tokens: SessionTokens | None
    errors: list[SessionError]
