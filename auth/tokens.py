"""Signed access tokens (JWT, HS256): `sub` is the user, `org` the organization acted in."""

import time
from dataclasses import dataclass
from uuid import UUID

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from auth.principal import AnonymousReason, Principal
from auth.principal_cache import PrincipalCache
from domain.accounts.services import membership_for

ISSUER = "kizuna"
ALGORITHM = "HS256"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    user_id: UUID
    organization_id: UUID
    expires_at: int


def _key(secret: str) -> OctKey:
    return OctKey.import_key(secret.encode())


def issue_access_token(
    secret: str, user_id: UUID, organization_id: UUID, *, minutes: int, now: float | None = None
) -> str:
    issued = int(time.time() if now is None else now)
    claims = {
        "iss": ISSUER,
        "sub": str(user_id),
        "org": str(organization_id),
        "iat": issued,
        "exp": issued + minutes * 60,
    }
    return jwt.encode({"alg": ALGORITHM}, claims, _key(secret), algorithms=[ALGORITHM])


class TokenRejected(Exception):
    def __init__(self, reason: AnonymousReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


def read_access_token(secret: str, token: str, *, now: float | None = None) -> TokenClaims:
    try:
        decoded = jwt.decode(token, _key(secret), algorithms=[ALGORITHM])
        claims = decoded.claims
        if claims.get("iss") != ISSUER:
            raise TokenRejected(AnonymousReason.MALFORMED)
        expires_at = int(claims["exp"])
        user_id, organization_id = UUID(claims["sub"]), UUID(claims["org"])
    except (JoseError, KeyError, ValueError, TypeError):
        raise TokenRejected(AnonymousReason.MALFORMED) from None
    if expires_at <= (time.time() if now is None else now):
        raise TokenRejected(AnonymousReason.EXPIRED)
    return TokenClaims(user_id, organization_id, expires_at)


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
    membership = await membership_for(claims.user_id, claims.organization_id)
    if membership is None:
        return Principal(anonymous_reason=AnonymousReason.REVOKED)
    principal = Principal(membership=membership)
    if cache is not None:
        cache.put(token, principal, claims.expires_at)
    return principal
