"""Staff sign-in through the organization's OpenID Connect provider (authorization code with
PKCE, authlib's client), answering the new session's tokens as JSON.

What the browser must bring back (state, nonce, PKCE verifier) travels in a short-lived,
encrypted, HttpOnly cookie: no server memory, nothing in the URL but the random state, and a
login started in another browser cannot be completed in this one.
"""

import hashlib
import json
import time
import warnings
from typing import Any

import httpx
from authlib.common.security import generate_token
from joserfc import jwe, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from auth.sessions import start_session
from domain.accounts.models import Membership, Role, User
from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.text import normalize_email
from domain.identity.models import SignInMethod, SignInProvider
from domain.organizations.models import Organization

with warnings.catch_warnings():
    # authlib 1.9 prefers the httpx2 package and warns when it falls back to httpx, which
    # is the client this project uses everywhere else.
    warnings.filterwarnings("ignore", message="The httpx module is deprecated")
    from authlib.integrations.httpx_client import AsyncOAuth2Client

COOKIE = "kizuna_oidc"
FLOW_SECONDS = 600
DISCOVERY_SECONDS = 300
HTTP_TIMEOUT = 10
STAFF = [Role.EXECUTIVE, Role.HR, Role.MANAGER, Role.EMPLOYEE]
_discovered: dict[str, tuple[float, dict]] = {}


class Refused(Exception):
    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


async def _discover(issuer: str) -> dict:
    cached = _discovered.get(issuer)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
            document = (await http.get(f"{issuer}/.well-known/openid-configuration")).json()
    except (httpx.HTTPError, ValueError):
        raise Refused("provider_unavailable", "The sign-in provider did not answer.", 502) from None
    if document.get("issuer") != issuer:
        raise Refused("provider_misconfigured", "The provider names another issuer.", 502)
    _discovered[issuer] = (time.monotonic() + DISCOVERY_SECONDS, document)
    return document


async def _provider(slug: str) -> tuple[Organization, SignInProvider]:
    organization = await Organization.get_or_none(slug=slug[:63])
    provider = None
    if organization is not None:
        provider = await SignInProvider.get_or_none(organization_id=organization.id, enabled=True)
    if organization is None or provider is None:
        raise Refused("no_provider", "This organization has no sign-in provider.", 404)
    return organization, provider


def _client(provider: SignInProvider, redirect_uri: str) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        redirect_uri=redirect_uri,
        scope="openid email profile",
        code_challenge_method="S256",
        timeout=HTTP_TIMEOUT,
    )


def _refusal(refused: Refused) -> Response:
    response = JSONResponse(
        {"error": refused.code, "message": refused.message}, status_code=refused.status
    )
    response.delete_cookie(COOKIE, path="/auth/oidc/")
    return response


def oidc_routes(secret_key: str, access_minutes: int, public_url: str) -> list[Route]:
    key = OctKey.import_key(hashlib.sha256(f"oidc-flow:{secret_key}".encode()).digest())
    secure = public_url.startswith("https://")

    def callback_url(slug: str) -> str:
        return f"{public_url.rstrip('/')}/auth/oidc/{slug}/callback"

    async def start(request: Request) -> Response:
        slug = request.path_params["slug"]
        try:
            _, provider = await _provider(slug)
            discovery = await _discover(provider.issuer)
        except Refused as refused:
            return _refusal(refused)
        flow = {
            "state": generate_token(32),
            "nonce": generate_token(32),
            "verifier": generate_token(64),
            "slug": slug,
            "exp": int(time.time()) + FLOW_SECONDS,
        }
        async with _client(provider, callback_url(slug)) as client:
            url, _ = client.create_authorization_url(
                discovery["authorization_endpoint"],
                state=flow["state"],
                nonce=flow["nonce"],
                code_verifier=flow["verifier"],
            )
        sealed = jwe.encrypt_compact(
            {"alg": "dir", "enc": "A256GCM"}, json.dumps(flow).encode(), key
        )
        response = RedirectResponse(url, status_code=302)
        response.set_cookie(
            COOKIE,
            sealed,
            max_age=FLOW_SECONDS,
            path="/auth/oidc/",
            httponly=True,
            secure=secure,
            samesite="lax",
        )
        return response

    def unseal(request: Request, slug: str) -> dict:
        sealed = request.cookies.get(COOKIE, "")
        try:
            flow = json.loads(jwe.decrypt_compact(sealed, key).plaintext)
        except (JoseError, ValueError, TypeError):
            raise Refused("flow_missing", "Start signing in again from the start page.") from None
        if flow.get("slug") != slug or flow.get("exp", 0) <= time.time():
            raise Refused("flow_expired", "Signing in took too long: start again.")
        if request.query_params.get("state") != flow["state"]:
            raise Refused("state_mismatch", "This answer does not belong to this sign-in.")
        return flow

    async def callback(request: Request) -> Response:
        slug = request.path_params["slug"]
        client_address = "" if request.client is None else request.client.host
        try:
            flow = unseal(request, slug)
            organization, provider = await _provider(slug)
            if "error" in request.query_params:
                raise Refused("provider_refused", "The sign-in provider refused.", 403)
            discovery = await _discover(provider.issuer)
            claims = await _verified_claims(provider, discovery, flow, request, callback_url(slug))
            membership = await _staff_member(organization, claims)
        except Refused as refused:
            return _refusal(refused)
        tokens = await start_session(
            secret_key,
            organization.id,
            membership.user_id,
            SignInMethod.OIDC,
            access_minutes=access_minutes,
            client_address=client_address,
        )
        await audit(
            organization.id,
            Actor.user(membership.user_id),
            "auth.sign_in",
            "session",
            tokens.session_id,
            {"method": "oidc", "client_address": client_address},
        )
        response = JSONResponse(
            {
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_in": tokens.expires_in,
                "token_type": "Bearer",
            },
            headers={"Cache-Control": "no-store"},
        )
        response.delete_cookie(COOKIE, path="/auth/oidc/")
        return response

    return [
        Route("/auth/oidc/{slug}/start", start, methods=["GET"]),
        Route("/auth/oidc/{slug}/callback", callback, methods=["GET"]),
    ]


async def _verified_claims(
    provider: SignInProvider, discovery: dict, flow: dict, request: Request, redirect_uri: str
) -> dict[str, Any]:
    code = request.query_params.get("code", "")
    try:
        async with _client(provider, redirect_uri) as client:
            token = await client.fetch_token(
                discovery["token_endpoint"], code=code, code_verifier=flow["verifier"]
            )
        async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
            keys = KeySet.import_key_set((await http.get(discovery["jwks_uri"])).json())
    except Exception:
        raise Refused(
            "code_refused", "The provider did not accept the sign-in code.", 403
        ) from None
    try:
        claims = jwt.decode(token.get("id_token", ""), keys, algorithms=["RS256", "ES256"]).claims
    except (JoseError, ValueError):
        raise Refused(
            "id_token_invalid", "The identity token's signature is not valid.", 403
        ) from None
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    checks = [
        (claims.get("iss") == provider.issuer, "it names another issuer"),
        (provider.client_id in audiences, "it is meant for another client"),
        (int(claims.get("exp", 0)) > time.time(), "it has expired"),
        (claims.get("nonce") == flow["nonce"], "it belongs to another sign-in"),
        (
            claims.get("email_verified") is True and bool(claims.get("email")),
            "its email is not verified",
        ),
    ]
    for passed, problem in checks:
        if not passed:
            raise Refused(
                "id_token_invalid", f"The identity token is not accepted: {problem}.", 403
            )
    return claims


async def _staff_member(organization: Organization, claims: dict[str, Any]) -> Membership:
    email = normalize_email(str(claims["email"]))
    membership = await Membership.get_or_none(
        user__email=email, organization_id=organization.id, role__in=STAFF
    )
    if membership is None:
        user = await User.get_or_none(email=email)
        if user is not None:
            await audit(
                organization.id,
                Actor.user(user.id),
                "auth.sign_in_failed",
                "user",
                user.id,
                {"method": "oidc", "reason": "not_staff"},
            )
        raise Refused(
            "no_staff_account", "No staff account of this organization has this email.", 403
        )
    return membership
