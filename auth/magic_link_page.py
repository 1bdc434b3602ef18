"""The page a sign-in link opens: a button, never an automatic sign-in.

Mail scanners and link previews fetch links before people click them; a GET that signed in
would spend the link. So GET shows a button, and only its POST redeems the link and answers
the session's tokens as JSON (an organization's own frontend would instead take the token
from its own link URL, see KIZUNA_MAGIC_LINK_URL, and call `magicLinkRedeem`).
"""

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from auth.magic_links import LinkSettings, redeem_link
from auth.sign_in import SignInRefused

PAGE = """<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>ログイン / Sign in</title>
<meta name="referrer" content="no-referrer"></head>
<body><form method="post" action="/auth/magic-link">
<input type="hidden" name="token" value="{token}">
<p>ボタンを押すとログインします。/ Press the button to sign in.</p>
<button type="submit">ログイン / Sign in</button>
</form></body></html>
"""
NO_STORE = {"Cache-Control": "no-store"}


def magic_link_routes(settings: LinkSettings) -> tuple:
    async def show(request: Request) -> Response:
        token = request.query_params.get("token", "")[:200]
        return HTMLResponse(PAGE.format(token=escape(token, quote=True)), headers=NO_STORE)

    async def redeem(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        token = form.get("token")
        client = "" if request.client is None else request.client.host
        try:
            tokens = await redeem_link(settings, token if isinstance(token, str) else "", client)
        except SignInRefused as refused:
            headers = dict(NO_STORE)
            if refused.retry_after is not None:
                headers["Retry-After"] = str(refused.retry_after)
            status = 429 if refused.retry_after is not None else 400
            body = {"error": str(refused.code), "message": refused.message}
            return JSONResponse(body, status_code=status, headers=headers)
        body = {
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_in": tokens.expires_in,
            "token_type": "Bearer",
        }
        return JSONResponse(body, headers=NO_STORE)

    return show, redeem
