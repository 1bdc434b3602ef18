"""A small, real OpenID Connect provider for tests: discovery, JWKS, an authorization
endpoint that signs in one configured person at once, and a token endpoint that checks the
client, the code and the PKCE verifier and issues an RS256 ID token."""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route


@dataclass
class Provider:
    issuer: str
    client_id: str = "kizuna-client"
    client_secret: str = "provider-secret"
    email: str = "hr@acme.example"
    email_verified: bool = True
    audience: str | None = None  # None: the client id
    lifetime: int = 300
    signing_key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, auto_kid=True))
    published_key: RSAKey | None = None  # what the JWKS lists; None: the signing key
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def app(self) -> Starlette:
        async def discovery(request: Request) -> Response:
            return JSONResponse(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )

        async def jwks(request: Request) -> Response:
            key = self.published_key or self.signing_key
            return JSONResponse({"keys": [key.as_dict(private=False)]})

        async def authorize(request: Request) -> Response:
            query = request.query_params
            if query.get("client_id") != self.client_id:
                return JSONResponse({"error": "invalid_client"}, status_code=400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = dict(query)
            back = {"code": code, "state": query.get("state", "")}
            return RedirectResponse(f"{query['redirect_uri']}?{urlencode(back)}", status_code=302)

        async def token(request: Request) -> Response:
            form = await request.form()
            given = self.codes.pop(str(form.get("code")), None)
            basic = request.headers.get("authorization", "").removeprefix("Basic ")
            client = base64.b64decode(basic).decode() if basic else ""
            if client != f"{self.client_id}:{self.client_secret}":
                return JSONResponse({"error": "invalid_client"}, status_code=401)
            if given is None or form.get("redirect_uri") != given["redirect_uri"]:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            digest = hashlib.sha256(str(form.get("code_verifier")).encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != given.get("code_challenge"):
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "sub": "provider-user-1",
                "aud": self.audience or self.client_id,
                "exp": now + self.lifetime,
                "iat": now,
                "nonce": given.get("nonce"),
                "email": self.email,
                "email_verified": self.email_verified,
            }
            header = {"alg": "RS256", "kid": self.signing_key.kid}
            id_token = jwt.encode(header, claims, self.signing_key)
            return JSONResponse(
                {"access_token": "opaque", "token_type": "Bearer", "id_token": id_token}
            )

        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", discovery),
                Route("/jwks", jwks),
                Route("/authorize", authorize),
                Route("/token", token, methods=["POST"]),
            ]
        )
