"""Starlette authentication: every request gets a principal, anonymous when no token is valid."""

from starlette.authentication import AuthCredentials, AuthenticationBackend, BaseUser
from starlette.requests import HTTPConnection

from auth.principal import Principal
from auth.principal_cache import PrincipalCache
from auth.tokens import principal_for


class PrincipalUser(BaseUser):
    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return self.principal.authenticated

    @property
    def display_name(self) -> str:
        membership = self.principal.membership
        if membership is None:
            return "" if self.principal.app_id is None else f"app {self.principal.app_id}"
        return membership.user.email


class TokenBackend(AuthenticationBackend):
    def __init__(self, secret: str, cache: PrincipalCache) -> None:
        self.secret = secret
        self.cache = cache

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        principal = await principal_for(self.secret, conn.headers.get("authorization"), self.cache)
        scopes = ["authenticated"] if principal.authenticated else []
        return AuthCredentials(scopes), PrincipalUser(principal)
