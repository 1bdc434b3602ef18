"""Signed access tokens (JWT, HS256), each naming the session it was issued under.

Claims: `org` the organization acted in, `sid` the session, `sub` the user (absent for an app
acting on its own), `cid` the partner app and `scope` its scopes (absent for first-party
sessions).
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from auth.principal import AnonymousReason, Principal
from auth.principal_cache import PrincipalCache
from domain.accounts.models import Membership
from domain.common import clock
from domain.identity.models import Session, SignInMethod
from domain.identity.sessions import open_session

ISSUER = "kizuna"
ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    organization_id: UUID
    session_id: UUID
    user_id: UUID | None
    app_id: UUID | None
    scopes: frozenset[str] | None
    expires_at: int


def _key(secret: str) -> OctKey:
    return OctKey.import_key(secret.encode())


def issue_access_token(
    secret: str, session: Session, *, minutes: int, now: float | None = None
) -> str:
    issued = int(time.time() if now is None else now)
    claims: dict[str, object] = {
        "iss": ISSUER,
        "org": str(session.organization_id),
        "sid": str(session.id),
        "iat": issued,
        "exp": issued + minutes * 60,
    }
    if session.user_id is not None:
        claims["sub"] = str(session.user_id)
    if session.app_id is not None:
        claims["cid"] = str(session.app_id)
    if session.scope is not None:
        claims["scope"] = session.scope
    return jwt.encode({"alg": ALGORITHM}, claims, _key(secret), algorithms=[ALGORITHM])


async def operator_token(secret: str, membership: Membership, *, minutes: int) -> str:
    """A token for an existing member without signing in (`kizuna token`, the demo, tests):
    its own session, which lasts as long as the token."""
    session = await open_session(
        membership.organization_id,
        user_id=membership.user_id,
        method=SignInMethod.OPERATOR,
        lifetime=timedelta(minutes=max(minutes, 0)),
    )
    return issue_access_token(secret, session, minutes=minutes)


class TokenRejected(Exception):
    def __init__(self, reason: AnonymousReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _uuid_or_none(value: object) -> UUID | None:
    return None if value is None else UUID(str(value))


def read_access_token(secret: str, token: str, *, now: float | None = None) -> TokenClaims:
    try:
        claims = jwt.decode(token, _key(secret), algorithms=[ALGORITHM]).claims
        if claims.get("iss") != ISSUER:
            raise TokenRejected(AnonymousReason.MALFORMED)
        scope = claims.get("scope")
        if scope is not None and not isinstance(scope, str):
            raise TokenRejected(AnonymousReason.MALFORMED)
        read = TokenClaims(
            organization_id=UUID(claims["org"]),
            session_id=UUID(claims["sid"]),
            user_id=_uuid_or_none(claims.get("sub")),
            app_id=_uuid_or_none(claims.get("cid")),
            scopes=None if scope is None else frozenset(scope.split()),
            expires_at=int(claims["exp"]),
        )
    except (JoseError, KeyError, ValueError, TypeError):
        raise TokenRejected(AnonymousReason.MALFORMED) from None
    if read.user_id is None and read.app_id is None:
        raise TokenRejected(AnonymousReason.MALFORMED)
    if read.expires_at <= (time.time() if now is None else now):
        raise TokenRejected(AnonymousReason.EXPIRED)
    return read


async def _principal_from_claims(claims: TokenClaims) -> Principal | None:
    """The principal whose session is still open (and whose membership still exists)."""
    live = {"revoked_at": None, "expires_at__gt": clock.now()}
    base = {"session_id": claims.session_id, "app_id": claims.app_id, "scopes": claims.scopes}
    if claims.user_id is None:
        session = (
            await Session.filter(
                id=claims.session_id, organization_id=claims.organization_id, user_id=None, **live
            )
            .select_related("organization")
            .first()
        )
        if session is None:
            return None
        return Principal(organization=session.organization, **base)
    # One statement: the membership, joined to the token's session to prove it is open.
    membership = await (
        Membership.filter(
            user_id=claims.user_id,
            organization_id=claims.organization_id,
            user__sessions__id=claims.session_id,
            user__sessions__organization_id=claims.organization_id,
            **{f"user__sessions__{name}": value for name, value in live.items()},
        )
        .select_related("user", "organization")
        .first()
    )
    if membership is None:
        return None
    return Principal(organization=membership.organization, membership=membership, **base)


async def principal_for(
    secret: str, authorization: str | None, cache: PrincipalCache | None = None
) -> Principal:
    """The `Authorization` header turned into a principal; bad tokens say why."""
    if not authorization:
        return Principal()
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return Principal(anonymous_reason=AnonymousReason.MALFORMED)
    if cache is not None and (cached := cache.get(token)) is not None:
        return cached
    try:
        claims = read_access_token(secret, token)
    except TokenRejected as rejected:
        return Principal(anonymous_reason=rejected.reason)
    principal = await _principal_from_claims(claims)
    if principal is None:
        return Principal(anonymous_reason=AnonymousReason.REVOKED)
    if cache is not None:
        cache.put(token, principal, claims.expires_at)
    return principal
