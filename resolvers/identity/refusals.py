"""Refusals of the session mutations as payload errors, and the Retry-After header."""

from dataclasses import dataclass

from auth.sign_in import SignInRefused
from domain.common.errors import DomainError, DomainErrors
from resolvers.context import Context, SessionSettings
from resolvers.mutations import camel_path


@dataclass(frozen=True, slots=True)
class SessionFieldError:
    field: str | None
    code: object
    message: str
    retry_after: int | None = None


def session_errors(
    context: Context, refused: DomainError | DomainErrors
) -> list[SessionFieldError]:
    """The payload errors; a rate-limited caller is also told when to retry by the HTTP
    `Retry-After` header, which clients and proxies understand without reading the body."""
    errors = refused.errors if isinstance(refused, DomainErrors) else [refused]
    found = []
    for error in errors:
        retry_after = error.retry_after if isinstance(error, SignInRefused) else None
        if retry_after is not None and context.response is not None:
            context.response.headers["Retry-After"] = str(retry_after)
        found.append(
            SessionFieldError(camel_path(error.field), error.code, error.message, retry_after)
        )
    return found


def session_settings(context: Context) -> SessionSettings:
    assert context.settings is not None, "the app puts its settings on every context"
    return context.settings
