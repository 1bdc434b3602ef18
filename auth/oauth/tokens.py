"""The tokens behind OAuth grants: sessions of an app, found again by either token."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from auth.principal_cache import forget_session
from auth.sessions import start_session
from auth.tokens import TokenRejected, read_access_token
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.identity.models import OAuthApp, RefreshToken, Session, SignInMethod
from domain.identity.secrets import digest
from domain.identity.sessions import revoke_session

METHODS = {
    "client_credentials": SignInMethod.CLIENT_CREDENTIALS,
    "authorization_code": SignInMethod.AUTHORIZATION_CODE,
}


async def start_app_session(
    settings: Any,
    app: OAuthApp,
    user_id: UUID | None,
    grant_type: str,
    scope: str,
    include_refresh_token: bool,
) -> dict:
    pair = await start_session(
        settings.secret_key,
        app.organization_id,
        user_id,
        METHODS[grant_type],
        access_minutes=settings.access_token_minutes,
        app_id=app.id,
        scope=scope,
        # Client credentials get no refresh token (RFC 6749 §4.4.3): the app asks again.
        with_refresh_token=include_refresh_token and user_id is not None,
    )
    token = {
        "token_type": "Bearer",
        "access_token": pair.access_token,
        "expires_in": pair.expires_in,
        "scope": scope,
    }
    if pair.refresh_token is not None:
        token["refresh_token"] = pair.refresh_token
    return token


@dataclass
class TokenRecord:
    """A presented token (access or refresh) and the session it belongs to."""

    session: Session
    app: OAuthApp
    kind: str
    expires_at: float  # epoch seconds
    issued_at: float
    used: bool = False

    def check_client(self, client: Any) -> bool:
        return self.session.app_id == client.app.id

    def is_expired(self) -> bool:
        now = clock.now()
        return self.expires_at <= now.timestamp() or self.session.expires_at <= now

    def is_revoked(self) -> bool:
        return self.session.revoked_at is not None or self.used

    def introspection(self, issuer: str) -> dict:
        found = {
            "active": True,
            "client_id": self.app.client_id,
            "token_type": self.kind,
            "scope": self.session.scope or "",
            "exp": int(self.expires_at),
            "iat": int(self.issued_at),
            "iss": issuer,
        }
        if self.session.user_id is not None:
            found["sub"] = str(self.session.user_id)
        return found


async def find_token(secret_key: str, presented: str) -> TokenRecord | None:
    """An app's access or refresh token (first-party tokens are not OAuth tokens here)."""
    if not presented or len(presented) > 4096:
        return None
    refresh = await RefreshToken.get_or_none(token_hash=digest(presented)).select_related("session")
    if refresh is not None:
        session = refresh.session
        expires, issued, kind = (
            refresh.expires_at.timestamp(),
            refresh.created_at.timestamp(),
            "refresh_token",
        )
        used = refresh.used_at is not None
    else:
        try:
            # now=0: an expired token is still one of ours; introspection calls it inactive.
            claims = read_access_token(secret_key, presented, now=0)
        except TokenRejected:
            return None
        session = await Session.get_or_none(id=claims.session_id)
        if session is None:
            return None
        expires, issued, kind, used = (
            claims.expires_at,
            session.created_at.timestamp(),
            "access_token",
            False,
        )
    if session.app_id is None:
        return None
    app = await OAuthApp.get(id=session.app_id)
    return TokenRecord(session, app, kind, expires, issued, used)


async def revoke(token: TokenRecord) -> None:
    if await revoke_session(token.session.id, "revoked_by_app"):
        forget_session(token.session.id)
        await audit(
            token.session.organization_id,
            Actor(ActorKind.API_CLIENT, str(token.app.id)),
            "session.revoked",
            "session",
            token.session.id,
            {"reason": "revoked_by_app", "token_type": token.kind},
        )
