from dataclasses import dataclass, field
from typing import Any

from auth import sign_in as signing_in
from auth.sessions import TokenPair
from resolvers.context import Context
from resolvers.identity.refusals import SessionFieldError, session_errors, session_settings


@dataclass
class SignInResult:
    tokens: TokenPair | None = None
    organizations: list[str] | None = None
    errors: list[SessionFieldError] = field(default_factory=list)


async def sign_in(context: Context, data: Any) -> SignInResult:
    settings = session_settings(context)
    try:
        signed_in = await signing_in.sign_in(
            settings.secret_key,
            data.email,
            data.password,
            data.organization,
            access_minutes=settings.access_token_minutes,
            client_address=context.client_address,
        )
    except signing_in.SignInRefused as refused:
        return SignInResult(
            organizations=refused.organizations, errors=session_errors(context, refused)
        )
    return SignInResult(tokens=signed_in.tokens, organizations=signed_in.organizations)
