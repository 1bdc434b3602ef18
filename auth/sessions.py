"""Signed-in sessions: a short-lived access token and an opaque refresh token, rotated on use.

Presenting a refresh token that was already used means it was copied: the whole session
(its family of refresh tokens and every access token under it) is revoked.
"""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from auth.principal_cache import forget_session
from auth.tokens import issue_access_token
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.identity.models import RefreshToken, Session, SignInMethod
from domain.identity.secrets import digest, new_secret
from domain.identity.sessions import open_session, revoke_session

SESSION_LIFETIME = timedelta(days=30)  # a sign-in lasts at most this long, however refreshed
REFRESH_TOKEN_LIFETIME = timedelta(days=14)  # an unused refresh token lapses after this


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str | None
    expires_in: int  # seconds the access token is valid
    session_id: UUID


class RefreshRefused(Exception):
    """The refresh token is unknown, expired, used before (its session is now revoked), or
    its session has ended."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _actor(session: Session) -> Actor:
    if session.user_id is not None:
        return Actor.user(session.user_id)
    return Actor(ActorKind.API_CLIENT, str(session.app_id))


async def _new_refresh_token(session: Session, connection: object | None = None) -> str:
    secret = new_secret()
    expires = min(clock.now() + REFRESH_TOKEN_LIFETIME, session.expires_at)
    await RefreshToken.create(
        session_id=session.id, token_hash=digest(secret), expires_at=expires, using_db=connection
    )
    return secret


async def start_session(
    secret_key: str,
    organization_id: UUID,
    user_id: UUID | None,
    method: SignInMethod,
    *,
    access_minutes: int,
    client_address: str = "",
    app_id: UUID | None = None,
    scope: str | None = None,
    with_refresh_token: bool = True,
) -> TokenPair:
    """Open a session and issue its first tokens; audited as `session.started`."""
    async with in_transaction() as connection:
        session = await open_session(
            organization_id,
            user_id=user_id,
            method=method,
            lifetime=SESSION_LIFETIME,
            app_id=app_id,
            scope=scope,
            client_address=client_address,
        )
        refresh = await _new_refresh_token(session, connection) if with_refresh_token else None
        await audit(
            organization_id,
            _actor(session),
            "session.started",
            "session",
            session.id,
            {"method": method.value, "client_address": client_address, "scope": scope},
        )
    access = issue_access_token(secret_key, session, minutes=access_minutes)
    return TokenPair(access, refresh, access_minutes * 60, session.id)


async def refresh_session(
    secret_key: str, presented: str, *, access_minutes: int, app_id: UUID | None = None
) -> TokenPair:
    """Exchange a refresh token for new tokens. `app_id` must match the session's app (None
    for first-party sessions): an app cannot use another's refresh tokens."""
    now = clock.now()
    token = (
        await RefreshToken.filter(token_hash=digest(presented)).select_related("session").first()
    )
    if token is None or token.session.app_id != app_id:
        raise RefreshRefused("unknown")
    session = token.session
    if session.revoked_at is not None or session.expires_at <= now:
        raise RefreshRefused("session_ended")
    if token.used_at is None and token.expires_at <= now:
        raise RefreshRefused("expired")  # lapsed, not copied: refused without a write
    async with in_transaction() as connection:
        # Conditional update: of two concurrent uses of one token, exactly one rotates it;
        # the new token is written in the same transaction, so a crash loses neither.
        rotated = (
            await RefreshToken.filter(id=token.id, used_at=None)
            .using_db(connection)
            .update(used_at=now)
        )
        if rotated and token.expires_at > now:
            await Session.filter(id=session.id).using_db(connection).update(last_used_at=now)
            refresh = await _new_refresh_token(session, connection)
    if not rotated:
        if await revoke_session(session.id, "refresh_token_reused", now):
            forget_session(session.id)
            await audit(
                session.organization_id,
                _actor(session),
                "session.revoked",
                "session",
                session.id,
                {"reason": "refresh_token_reused"},
            )
        raise RefreshRefused("reused")
    if token.expires_at <= now:
        raise RefreshRefused("expired")
    access = issue_access_token(secret_key, session, minutes=access_minutes)
    return TokenPair(access, refresh, access_minutes * 60, session.id)


async def end_session(session_id: UUID, actor: Actor, reason: str = "signed_out") -> bool:
    """Sign out: the session and every token under it stop working (within the principal
    cache's few seconds in other server processes)."""
    session = await Session.get_or_none(id=session_id)
    if session is None or not await revoke_session(session_id, reason):
        return False
    forget_session(session_id)
    await audit(
        session.organization_id, actor, "session.revoked", "session", session_id, {"reason": reason}
    )
    return True
