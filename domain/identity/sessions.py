"""Sessions: opened at sign-in (or app authorization), revoked at sign-out or on abuse."""

from datetime import datetime, timedelta
from uuid import UUID

from domain.common import clock
from domain.identity.models import Session, SignInMethod


async def open_session(
    organization_id: UUID,
    *,
    user_id: UUID | None,
    method: SignInMethod,
    lifetime: timedelta,
    app_id: UUID | None = None,
    scope: str | None = None,
    client_address: str = "",
) -> Session:
    now = clock.now()
    return await Session.create(
        organization_id=organization_id,
        user_id=user_id,
        app_id=app_id,
        scope=scope,
        method=method,
        client_address=client_address[:64],
        expires_at=now + lifetime,
    )


async def revoke_session(session_id: UUID, reason: str, at: datetime | None = None) -> bool:
    """End the session and with it every token issued under it; False if it had ended."""
    ended = await Session.filter(id=session_id, revoked_at=None).update(
        revoked_at=at or clock.now(), revoked_reason=reason
    )
    return ended == 1
