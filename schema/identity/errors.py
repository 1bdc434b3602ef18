import strawberry

from domain.identity.error_codes import SessionErrorCode as SessionErrorCodeValue

SessionErrorCode = strawberry.enum(
    SessionErrorCodeValue,
    name="SessionErrorCode",
    description="Why signing in, refreshing, signing out or changing a password was refused.",
)


@strawberry.type(description="Why a session mutation was refused, and which input field.")
class SessionError:
    field: str | None = strawberry.field(description="Input field, e.g. `newPassword`.")
    code: SessionErrorCode
    message: str
    retry_after: int | None = strawberry.field(
        default=None,
        description="With RATE_LIMITED: seconds until trying again is allowed (also sent as "
        "the HTTP `Retry-After` header).",
    )


def as_session_errors(errors: list) -> list[SessionError]:
    """The resolvers' refusals (resolvers.identity.refusals.SessionFieldError) as GraphQL."""
    return [
        SessionError(field=e.field, code=e.code, message=e.message, retry_after=e.retry_after)
        for e in errors
    ]
