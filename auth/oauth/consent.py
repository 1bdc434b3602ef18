"""The authorization endpoint: a minimal consent page, and the user's decision.

The user proves who they are with a first-party Kizuna access token, sent as
`Authorization: Bearer …` when their organization's frontend opens the page. There are no
cookies, so a forged cross-site form has nothing to ride on; the page hands the decision
form a short-lived signed ticket (user, session, the exact request) instead of the token.
"""

import time
from html import escape
from typing import Any

from anyio import to_thread
from authlib.oauth2 import OAuth2Error
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from starlette.datastructures import FormData, QueryParams
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from auth.oauth.server import KizunaAuthorizationServer, StarletteRequest
from auth.principal import Principal
from auth.tokens import principal_for
from domain.accounts.models import Membership
from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.identity.models import Session
from domain.identity.scopes import DESCRIPTIONS, Scope

TICKET_SECONDS = 600
NO_STORE = {"Cache-Control": "no-store"}


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        '<!doctype html><html lang="ja"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def _refusal(message: str, status: int) -> HTMLResponse:
    return _page("アプリを認可できません / Cannot authorize", f"<p>{escape(message)}</p>", status)


class ConsentEndpoint:
    def __init__(self, server: KizunaAuthorizationServer) -> None:
        self.server = server
        self.key = OctKey.import_key(server.settings.secret_key.encode())

    async def _member(self, principal: Principal) -> Membership | None:
        if principal.membership is None or principal.scopes is not None:
            return None  # only a person's own session may grant access to an app
        return principal.membership

    def _oauth_request(self, request: Request, query: QueryParams) -> StarletteRequest:
        url = str(request.url.replace(query=str(query)))
        return StarletteRequest("GET", url, request.headers, query, FormData())

    async def _grant(self, oauth_request: StarletteRequest, member: Membership) -> Any:
        grant = await to_thread.run_sync(self.server.get_consent_grant, oauth_request, member)
        if grant.client.app.organization_id != member.organization_id:
            raise PermissionError("This app is not registered in your organization.")
        return grant

    def _error(self, oauth_request: StarletteRequest, error: OAuth2Error) -> Response:
        status, _, headers = self.server.handle_error_response(oauth_request, error)
        location = dict(headers).get("Location")
        if status == 302 and location:
            return RedirectResponse(location, status_code=302, headers=NO_STORE)
        description = getattr(error, "description", "") or error.error
        return _refusal(f"{error.error}: {description}", 400)

    async def show(self, request: Request) -> Response:
        principal = await principal_for(
            self.server.settings.secret_key, request.headers.get("authorization")
        )
        member = await self._member(principal)
        if member is None:
            return _refusal(
                "Sign in first: open this page from your organization's site, which sends your "
                "session as `Authorization: Bearer …`.",
                401,
            )
        oauth_request = self._oauth_request(request, request.query_params)
        try:
            grant = await self._grant(oauth_request, member)
        except OAuth2Error as error:
            return self._error(oauth_request, error)
        except PermissionError as refused:
            return _refusal(str(refused), 403)
        scope = grant.client.get_allowed_scope(request.query_params.get("scope", ""))
        ticket = jwt.encode(
            {"alg": "HS256"},
            {
                "typ": "consent",
                "sub": str(member.user_id),
                "org": str(member.organization_id),
                "sid": str(principal.session_id),
                "q": str(request.query_params),
                "exp": int(time.time()) + TICKET_SECONDS,
            },
            self.key,
        )
        items = "".join(
            f"<li><code>{escape(name)}</code>: {escape(DESCRIPTIONS[Scope(name)])}</li>"
            for name in scope.split()
        )
        body = (
            f"<p><strong>{escape(grant.client.app.name)}</strong> asks to act for you "
            f"({escape(member.user.email)}) with:</p><ul>{items}</ul>"
            '<form method="post" action="/oauth/authorize">'
            f'<input type="hidden" name="ticket" value="{escape(ticket, quote=True)}">'
            '<button name="decision" value="approve">許可する / Allow</button> '
            '<button name="decision" value="deny">拒否する / Deny</button></form>'
        )
        return _page("アプリの認可 / Authorize an app", body)

    async def decide(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        claims = self._ticket(form.get("ticket"))
        if claims is None:
            return _refusal("This consent form has expired or is not valid: start again.", 400)
        member = await Membership.get_or_none(
            user_id=claims["sub"], organization_id=claims["org"]
        ).select_related("user")
        live = await Session.exists(id=claims["sid"], revoked_at=None)
        if member is None or not live:
            return _refusal("Your session has ended: sign in and start again.", 401)
        query = QueryParams(claims["q"])
        oauth_request = self._oauth_request(request, query)
        try:
            grant = await self._grant(oauth_request, member)
        except OAuth2Error as error:
            return self._error(oauth_request, error)
        except PermissionError as refused:
            return _refusal(str(refused), 403)
        approved = form.get("decision") == "approve"
        status, _, headers = await to_thread.run_sync(
            lambda: self.server.create_authorization_response(
                oauth_request, grant_user=member if approved else None, grant=grant
            )
        )
        if approved and status == 302:
            await audit(
                member.organization_id,
                Actor.user(member.user_id),
                "oauth.consent_granted",
                "oauth_app",
                grant.client.app.id,
                {"scope": grant.client.get_allowed_scope(query.get("scope", ""))},
            )
        return RedirectResponse(dict(headers)["Location"], status_code=302, headers=NO_STORE)

    def _ticket(self, value: object) -> dict | None:
        if not isinstance(value, str) or len(value) > 4000:
            return None
        try:
            claims = jwt.decode(value, self.key, algorithms=["HS256"]).claims
        except (JoseError, ValueError):
            return None
        if claims.get("typ") != "consent" or int(claims.get("exp", 0)) <= time.time():
            return None
        return claims
