"""authlib's authorization server, bridged to Starlette and to our async models.

authlib's server core is synchronous and framework-neutral. Each OAuth request is read in
the event loop (headers, query, form), then handed to authlib in a worker thread; authlib's
hooks (find a client, issue a token, find a token) call back into the event loop with
`anyio.from_thread.run` to use the database. Tokens are ours: a session per grant, a signed
access token naming it, and rotating refresh tokens (auth/sessions.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from anyio import from_thread
from authlib.oauth2.rfc6749 import AuthorizationServer, OAuth2Payload, OAuth2Request, grants
from authlib.oauth2.rfc6749.errors import (
    InvalidGrantError,
    InvalidRequestError,
    UnauthorizedClientError,
)
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from starlette.datastructures import FormData, Headers, QueryParams

from auth.oauth.clients import AppClient
from auth.oauth.codes import IssuedCode, claim_code, member_of_code, save_code
from auth.oauth.tokens import TokenRecord, find_token, revoke, start_app_session
from auth.sessions import RefreshRefused, refresh_session
from domain.identity.models import OAuthApp
from domain.identity.scopes import Scope


class _Payload(OAuth2Payload):
    def __init__(self, query: QueryParams, form: FormData) -> None:
        self._data = {**dict(query), **{k: v for k, v in form.items() if isinstance(v, str)}}
        self._datalist: dict[str, list] = defaultdict(list)
        for source in (query, form):
            for key, value in source.multi_items():
                self._datalist[key].append(value)

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list]:
        return self._datalist


class StarletteRequest(OAuth2Request):
    """A Starlette request, already read, in the shape authlib expects."""

    def __init__(self, method: str, url: str, headers: Headers, query: QueryParams, form: FormData):
        super().__init__(method=method, uri=url, headers=headers)
        self._query, self._form = query, form
        self.payload = _Payload(query, form)

    @property
    def args(self) -> QueryParams:
        return self._query

    @property
    def form(self) -> FormData:
        return self._form


@dataclass(frozen=True)
class ServerSettings:
    secret_key: str
    access_token_minutes: int
    issuer: str


async def _load_client(client_id: str) -> OAuthApp | None:
    if not client_id or len(client_id) > 64:
        return None
    return await OAuthApp.get_or_none(client_id=client_id, revoked_at=None)


class KizunaAuthorizationServer(AuthorizationServer):
    def __init__(self, settings: ServerSettings) -> None:
        super().__init__(scopes_supported=[scope.value for scope in Scope])
        self.settings = settings
        self.register_token_generator("default", self._generate_token)
        self.register_grant(ClientCredentialsGrant)
        self.register_grant(AuthorizationCodeGrant, [RequiredS256()])
        self.register_grant(RefreshTokenGrant)
        self.register_endpoint(Revocation)
        self.register_endpoint(Introspection)

    # --- hooks authlib calls (in its worker thread) -------------------------------------
    def query_client(self, client_id: str) -> AppClient | None:
        app = from_thread.run(_load_client, client_id)
        return None if app is None else AppClient(app)

    def save_token(self, token: dict, request: OAuth2Request) -> None:
        """Nothing to do: the session behind the token was saved when it was generated."""

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        return request

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError("no JSON endpoints")

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """authlib's notifications; what matters is audited where it happens."""

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, Any]:
        return status, body, headers

    def _generate_token(
        self,
        grant_type: str,
        client: AppClient,
        user: Any = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict:
        return from_thread.run(
            start_app_session,
            self.settings,
            client.app,
            None if user is None else user.user_id,
            grant_type,
            client.get_allowed_scope(scope or ""),
            include_refresh_token,
        )


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    """A confidential app acting on its own, within the scopes granted to it."""

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar = ["client_secret_basic", "client_secret_post"]

    def validate_requested_scope(self) -> None:
        super().validate_requested_scope()
        self.request.client.get_allowed_scope(self.request.payload.scope)  # refuses extras


class RequiredS256(CodeChallenge):
    """PKCE on every authorization request, S256 only (the `plain` method is refused)."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge (S256).")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Only code_challenge_method=S256 is supported.")
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    """A user grants an app part of what they may do; the app gets a session of its own."""

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar = ["client_secret_basic", "client_secret_post", "none"]

    def validate_requested_scope(self) -> None:
        super().validate_requested_scope()
        self.request.client.get_allowed_scope(self.request.payload.scope)  # refuses extras

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        from_thread.run(
            save_code,
            code,
            request.client.app.id,
            request.user,
            request.payload.redirect_uri or request.client.get_default_redirect_uri(),
            request.client.get_allowed_scope(request.payload.scope or ""),
            data["code_challenge"],
            data["code_challenge_method"],
        )

    def query_authorization_code(self, code: str, client: AppClient) -> IssuedCode | None:
        return from_thread.run(claim_code, code, client.app.id)

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing to do: claiming the code spent it."""

    def authenticate_user(self, authorization_code: IssuedCode) -> Any:
        return from_thread.run(member_of_code, authorization_code)


class RefreshTokenGrant(grants.RefreshTokenGrant):
    """Rotation within the app's session (auth/sessions.py): a reused refresh token ends the
    session, as for first-party sessions."""

    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar = ["client_secret_basic", "client_secret_post", "none"]

    def validate_token_request(self) -> None:
        client = self.authenticate_token_endpoint_client()
        if not client.check_grant_type(self.GRANT_TYPE):
            raise UnauthorizedClientError("This app may not use refresh tokens.")
        if not self.request.form.get("refresh_token"):
            raise InvalidRequestError("Missing 'refresh_token' in request.")
        self.request.client = client

    def create_token_response(self) -> tuple[int, dict, list]:
        settings = self.server.settings
        try:
            pair = from_thread.run(
                partial(
                    refresh_session,
                    settings.secret_key,
                    self.request.form["refresh_token"],
                    access_minutes=settings.access_token_minutes,
                    app_id=self.request.client.app.id,
                )
            )
        except RefreshRefused as refused:
            raise InvalidGrantError(f"The refresh token is not valid ({refused.reason}).") from None
        token = {
            "token_type": "Bearer",
            "access_token": pair.access_token,
            "refresh_token": pair.refresh_token,
            "expires_in": pair.expires_in,
        }
        return 200, token, self.TOKEN_RESPONSE_HEADER


class _TokenEndpointAuth:
    CLIENT_AUTH_METHODS: ClassVar = ["client_secret_basic", "client_secret_post", "none"]
    SUPPORTED_TOKEN_TYPES: ClassVar = ("access_token", "refresh_token")

    def query_token(self, token_string: str, token_type_hint: str | None) -> TokenRecord | None:
        return from_thread.run(find_token, self.server.settings.secret_key, token_string)


class Revocation(_TokenEndpointAuth, RevocationEndpoint):
    """RFC 7009: revoking either token of a session ends the whole session."""

    def revoke_token(self, token: TokenRecord, request: OAuth2Request) -> None:
        from_thread.run(revoke, token)


class Introspection(_TokenEndpointAuth, IntrospectionEndpoint):
    """RFC 7662: only the app a token was issued to may look into it."""

    def check_permission(self, token: TokenRecord, client: AppClient, request: Any) -> bool:
        return token.check_client(client)

    def introspect_token(self, token: TokenRecord) -> dict:
        return token.introspection(self.server.settings.issuer)
