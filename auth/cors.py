"""CORS for the organizations' own frontends.

A preflight carries no token, so it is answered for an origin that any organization allows
(the union, cached for a few seconds per process). The actual request is answered with CORS
headers only when its origin is allowed by the caller's own organization (or, for a caller
without a token — signing in — by any organization). Otherwise the browser withholds the
answer from the page.
"""

import time

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth.middleware import PrincipalUser
from domain.organizations.cors import all_cors_origins

CACHE_SECONDS = 5.0
ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-ID"
EXPOSED_HEADERS = "X-Request-ID, Retry-After"
_union: tuple[float, set[str]] = (0.0, set())


def forget_origins() -> None:
    """After a change in this process, read the origins again on the next request."""
    global _union
    _union = (0.0, set())


async def _any_organization_allows(origin: str) -> bool:
    global _union
    if time.monotonic() >= _union[0]:
        _union = (time.monotonic() + CACHE_SECONDS, await all_cors_origins())
    return origin in _union[1]


class CorsMiddleware:
    """Runs after authentication, so that it knows the caller's organization."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        origin = None if headers is None else headers.get("origin")
        if origin is None:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin)(scope, receive, send)
            return
        allowed = await self._allowed(scope, origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start" and allowed:
                response_headers = MutableHeaders(scope=message)
                response_headers["Access-Control-Allow-Origin"] = origin
                response_headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
                response_headers.add_vary_header("Origin")
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _allowed(self, scope: Scope, origin: str) -> bool:
        user = scope.get("user")
        principal = user.principal if isinstance(user, PrincipalUser) else None
        if principal is None or principal.organization is None:
            return await _any_organization_allows(origin)
        return origin in (principal.organization.cors_origins or [])

    def _preflight(self, origin: str) -> ASGIApp:
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            if not await _any_organization_allows(origin):
                body = {"errors": [{"message": f"The origin {origin} is not allowed."}]}
                await JSONResponse(body, status_code=403, headers={"Vary": "Origin"})(
                    scope, receive, send
                )
                return
            headers = {
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": "600",
                "Vary": "Origin",
            }
            await Response(status_code=204, headers=headers)(scope, receive, send)

        return answer
