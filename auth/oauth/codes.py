"""Authorization codes: five minutes, one exchange, bound to the app, the user, the redirect
URI and the PKCE challenge. Only their digest is stored."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from domain.accounts.models import Membership
from domain.common import clock
from domain.identity.models import AuthorizationCode
from domain.identity.secrets import digest

LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedCode:
    """An authorization code as authlib reads it."""

    row: AuthorizationCode

    @property
    def code_challenge(self) -> str:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str:
        return self.row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope


async def save_code(
    code: str,
    app_id: UUID,
    membership: Membership,
    redirect_uri: str,
    scope: str,
    challenge: str,
    method: str,
) -> None:
    await AuthorizationCode.create(
        app_id=app_id,
        organization_id=membership.organization_id,
        user_id=membership.user_id,
        code_hash=digest(code),
        redirect_uri=redirect_uri,
        scope=scope,
        code_challenge=challenge,
        code_challenge_method=method,
        expires_at=clock.now() + LIFETIME,
    )


async def claim_code(code: str, app_id: UUID) -> IssuedCode | None:
    """The code, spent by this call: a replayed (or concurrently used) code finds nothing.
    Spending it before the PKCE check means a wrong verifier also burns it, as it should:
    whoever tries one has the code."""
    if not code or len(code) > 200:
        return None
    row = await AuthorizationCode.get_or_none(code_hash=digest(code), app_id=app_id)
    now = clock.now()
    if row is None or not await AuthorizationCode.filter(
        id=row.id, used_at=None, expires_at__gt=now
    ).update(used_at=now):
        return None
    return IssuedCode(row)


async def member_of_code(code: IssuedCode) -> Membership | None:
    return await Membership.get_or_none(
        user_id=code.row.user_id, organization_id=code.row.organization_id
    )
