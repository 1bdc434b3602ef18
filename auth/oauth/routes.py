"""The OAuth 2.0 endpoints: token (RFC 6749), revocation (RFC 7009), introspection
(RFC 7662) and server metadata (RFC 8414)."""

from datetime import timedelta
from typing import Any

from anyio import to_thread
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from auth.oauth.consent import ConsentEndpoint
from auth.oauth.server import KizunaAuthorizationServer, ServerSettings, StarletteRequest
from domain.identity import throttle
from domain.identity.scopes import Scope

MAX_FORM_FIELDS = 20
# Per client address and per client id: generous for a real integration, short for guessing.
PER_ADDRESS = throttle.Limit(
    "oauth:address", 120, window=timedelta(minutes=1), block=timedelta(minutes=1)
)
PER_CLIENT = throttle.Limit(
    "oauth:client", 60, window=timedelta(minutes=1), block=timedelta(minutes=1)
)


def _respond(result: tuple[int, Any, Any]) -> Response:
    status, body, headers = result
    response = JSONResponse(body, status_code=status)
    for name, value in headers:
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _too_many(wait: int) -> Response:
    body = {"error": "slow_down", "error_description": f"Too many requests; retry in {wait}s."}
    return JSONResponse(body, status_code=429, headers={"Retry-After": str(wait)})


async def _read(request: Request) -> StarletteRequest:
    form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    return StarletteRequest(
        request.method, str(request.url), request.headers, request.query_params, form
    )


def oauth_routes(secret_key: str, access_token_minutes: int, public_url: str) -> list[Route]:
    issuer = public_url.rstrip("/")
    server = KizunaAuthorizationServer(ServerSettings(secret_key, access_token_minutes, issuer))
    metadata = AuthorizationServerMetadata(
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/oauth/authorize",
            "token_endpoint": f"{issuer}/oauth/token",
            "revocation_endpoint": f"{issuer}/oauth/revoke",
            "introspection_endpoint": f"{issuer}/oauth/introspect",
            "scopes_supported": [scope.value for scope in Scope],
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "revocation_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "introspection_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "code_challenge_methods_supported": ["S256"],
        }
    )
    metadata.validate()

    async def limited(request: Request, oauth_request: StarletteRequest) -> Response | None:
        address = "" if request.client is None else request.client.host
        if (wait := await throttle.record_attempt(PER_ADDRESS, address)) is not None:
            return _too_many(wait)
        client_id = oauth_request.payload.client_id or _basic_client_id(request)
        if client_id and (wait := await throttle.record_attempt(PER_CLIENT, client_id[:64])):
            return _too_many(wait)
        return None

    async def token(request: Request) -> Response:
        oauth_request = await _read(request)
        if (refused := await limited(request, oauth_request)) is not None:
            return refused
        return _respond(await to_thread.run_sync(server.create_token_response, oauth_request))

    def endpoint(name: str):
        async def handle(request: Request) -> Response:
            oauth_request = await _read(request)
            if (refused := await limited(request, oauth_request)) is not None:
                return refused
            result = await to_thread.run_sync(server.create_endpoint_response, name, oauth_request)
            return _respond(result)

        return handle

    async def server_metadata(request: Request) -> Response:
        return JSONResponse(dict(metadata))

    consent = ConsentEndpoint(server)
    return [
        Route("/oauth/authorize", consent.show, methods=["GET"]),
        Route("/oauth/authorize", consent.decide, methods=["POST"]),
        Route("/oauth/token", token, methods=["POST"]),
        Route("/oauth/revoke", endpoint("revocation"), methods=["POST"]),
        Route("/oauth/introspect", endpoint("introspection"), methods=["POST"]),
        Route("/.well-known/oauth-authorization-server", server_metadata, methods=["GET"]),
    ]


def _basic_client_id(request: Request) -> str | None:
    client_id, _ = extract_basic_authorization(request.headers)
    return client_id
