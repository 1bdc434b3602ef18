"""Registered apps as authlib sees its clients."""

import hmac

from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.errors import InvalidScopeError

from domain.identity.models import OAuthApp
from domain.identity.secrets import digest

CONFIDENTIAL_GRANTS = {"authorization_code", "client_credentials", "refresh_token"}
PUBLIC_GRANTS = {"authorization_code", "refresh_token"}


class AppClient(ClientMixin):
    def __init__(self, app: OAuthApp) -> None:
        self.app = app

    @property
    def confidential(self) -> bool:
        return self.app.secret_hash is not None

    def get_client_id(self) -> str:
        return self.app.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.app.redirect_uris[0] if self.app.redirect_uris else None

    def get_allowed_scope(self, scope: str) -> str:
        """All the app was granted when it asks for nothing; refused when it asks for more
        (rather than silently narrowed), so that a misconfigured app learns it at once."""
        if not scope:
            return " ".join(self.app.scopes)
        wanted = set(scope.split())
        if not wanted <= set(self.app.scopes):
            raise InvalidScopeError(
                "The app was not granted: " + " ".join(sorted(wanted - set(self.app.scopes)))
            )
        return " ".join(sorted(wanted))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.app.redirect_uris  # exact match (RFC 9700 §4.1.3)

    def check_client_secret(self, client_secret: str) -> bool:
        if self.app.secret_hash is None:
            return False
        return hmac.compare_digest(digest(client_secret), self.app.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.confidential:
            return method in ("client_secret_basic", "client_secret_post")
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in (CONFIDENTIAL_GRANTS if self.confidential else PUBLIC_GRANTS)
