"""create_app(): the Starlette application serving the GraphQL API."""

import asyncio
import contextlib
import gc
import logging
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from auth.cors import CorsMiddleware
from auth.magic_link_page import magic_link_routes
from auth.middleware import TokenBackend
from auth.oauth.routes import oauth_routes
from auth.oidc import oidc_routes
from auth.principal_cache import PrincipalCache
from integrations.hris.endpoint import hris_routes
from kizuna import db
from kizuna.settings import Settings
from kizuna.worker import build_registry, start_in_process_worker
from resolvers.context import Context
from resolvers.roster.export import export_routes
from schema.schema import build_schema

log = logging.getLogger("kizuna.app")
MAX_BODY_BYTES = 1_000_000
# A multipart request carries a file (a roster: at most 50 MB) and its form fields.
MAX_MULTIPART_BYTES = 51 * 1024 * 1024
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
GC_YOUNG_THRESHOLD = 20_000  # objects allocated between young-generation collections


class KizunaGraphQL(GraphQL):
    def __init__(self, schema: Any, settings: Settings, **options: Any) -> None:
        super().__init__(schema, **options)
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """As strawberry's, but a request refused before GraphQL runs (a body that is not
        JSON, a wrong content type, a mutation over GET) answers JSON, not plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as refused:
            response = JSONResponse(
                {"errors": [{"message": refused.reason}]}, status_code=refused.status_code
            )
        await response(scope, receive, send)

    async def parse_http_body(self, request: Any) -> Any:
        """Strawberry crashes on a JSON body that is not an object or a list (`"x"`, `5`,
        `null`); refuse such a body as a bad request instead. Looking at its first character
        is enough, and saves decoding every body twice."""
        if request.method == "POST" and "application/json" in (request.content_type or ""):
            first = (await request.get_body()).lstrip()[:1]
            if first and first not in b"{[":
                raise HTTPException(400, 'The request body must be a JSON object: {"query": …}.')
        return await super().parse_http_body(request)

    async def get_context(self, request: Any, response: Any) -> Context:
        return Context.of_request(request, response, self.settings)


class BodyTooLarge(Exception):
    """A body sent without its size, or with a false one, grew over the limit while read."""


def _too_large(request_id: str, limit: int) -> Response:
    return JSONResponse(
        {"errors": [{"message": f"The request body is over {limit} bytes."}]},
        status_code=413,
        headers={"x-request-id": request_id},
    )


class RequestGuard:
    """Gives each request an id (echoed as X-Request-ID) and refuses bodies over the limit."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        multipart = headers.get(b"content-type", b"").startswith(b"multipart/form-data")
        limit = MAX_MULTIPART_BYTES if multipart else MAX_BODY_BYTES
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit():
            await JSONResponse(
                {"errors": [{"message": "The Content-Length header is not a number."}]},
                status_code=400,
                headers={"x-request-id": request_id},
            )(scope, receive, send)
            return
        if int(declared) > limit:
            await _too_large(request_id, limit)(scope, receive, send)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # a chunked body that lied about its size
                raise BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_id)
        except BodyTooLarge:
            if started:
                raise
            await _too_large(request_id, limit)(scope, receive, send)


def create_app(settings: Settings | None = None, *, manage_database: bool = True) -> Starlette:
    """The API. With `manage_database`, the lifespan connects, checks migrations and runs
    the in-process worker; tests that own the database pass False."""
    settings = settings or Settings.from_env()
    settings.validate()
    schema = build_schema(production=settings.production)
    graphql = KizunaGraphQL(
        schema,
        settings,
        graphql_ide=None if settings.production else "graphiql",
        # Roster files arrive as GraphQL multipart requests. Multipart is off by default
        # because a cross-site form can send it without a preflight; Kizuna authenticates
        # by bearer token only, never by cookie, so such a form acts as nobody.
        multipart_uploads_enabled=True,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not manage_database:
            yield
            return
        await db.init(settings.database_url)
        try:
            await db.require_migrated()
            stop = asyncio.Event()
            worker = None
            if settings.runs_worker_in_process:
                worker = start_in_process_worker(build_registry(settings), stop)
            # What exists now (schema, models, libraries) lives as long as the process: keep it
            # out of every later garbage collection, which then only walks what requests make.
            gc.collect()
            gc.freeze()
            # A listed page allocates tens of thousands of objects. At the default threshold
            # (700) the young generation is collected dozens of times per request, and with
            # requests in flight their objects survive into older generations, whose
            # collections then multiply: a quarter of a page's time under load. A larger young
            # generation costs a few megabytes at most.
            gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
            yield
            stop.set()
            if worker is not None:
                await worker
        finally:
            await db.close()

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def home(request: Request) -> Response:
        return RedirectResponse("/graphql")

    show_magic_link, redeem_magic_link = magic_link_routes(settings)

    return Starlette(
        routes=[
            Route("/", home),
            Route("/health", health),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/auth/magic-link", show_magic_link, methods=["GET"]),
            Route("/auth/magic-link", redeem_magic_link, methods=["POST"]),
            *oauth_routes(settings.secret_key, settings.access_token_minutes, settings.public_url),
            *oidc_routes(settings.secret_key, settings.access_token_minutes, settings.public_url),
            *export_routes,
            *hris_routes(),
        ],
        middleware=[
            Middleware(RequestGuard),
            Middleware(
                AuthenticationMiddleware,
                backend=TokenBackend(
                    settings.secret_key, PrincipalCache(settings.principal_cache_seconds)
                ),
            ),
            Middleware(CorsMiddleware),
        ],
        lifespan=lifespan,
    )
