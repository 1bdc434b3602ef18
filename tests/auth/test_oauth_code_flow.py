"""Authorization code with PKCE, over real HTTP, with authlib's own OAuth client."""

import re
from datetime import timedelta
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import time_machine
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.integrations.httpx_client.oauth2_client import OAuthError
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.identity.apps import AppDraft, create_app
from domain.identity.models import AuthorizationCode, RefreshToken, Session
from domain.identity.scopes import DESCRIPTIONS, Scope
from tests.factories import make_alumnus, make_employee, make_member, make_org
from tests.live import serve

SYSTEM = Actor.system("test")
CALLBACK = "https://ats.example/cb"
TICKET = re.compile(r'name="ticket" value="([^"]+)"')


@pytest.fixture
async def live(settings):
    async with serve(settings) as base:
        yield base


@pytest.fixture
async def world():
    org = await make_org()
    await make_alumnus(org, name="卒業 花子", personal_email="hanako@example.jp")
    employee, employee_token = await make_member(org, Role.EMPLOYEE, await make_employee(org))
    app, secret = await create_app(
        org.id, SYSTEM, AppDraft("ATS", [CALLBACK], ["alumni:read", "referrals:read"])
    )
    return {
        "org": org,
        "user": employee,
        "user_token": employee_token,
        "app": app,
        "secret": secret,
    }


def oauth_client(world, **options) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=world["app"].client_id,
        client_secret=world["secret"],
        redirect_uri=CALLBACK,
        scope="alumni:read",
        code_challenge_method="S256",
        **options,
    )


async def consent(
    live: str, url: str, user_token: str, decision: str = "approve"
) -> httpx.Response:
    """What the browser does: open the page (the frontend sends the session), press a button."""
    async with httpx.AsyncClient() as browser:
        page = await browser.get(url, headers={"Authorization": f"Bearer {user_token}"})
        assert page.status_code == 200, page.text
        [ticket] = TICKET.findall(page.text)
        return await browser.post(
            f"{live}/oauth/authorize", data={"ticket": unescape(ticket), "decision": decision}
        )


async def authorized(live: str, world, verifier: str) -> str:
    async with oauth_client(world) as oauth:
        url, _ = oauth.create_authorization_url(f"{live}/oauth/authorize", code_verifier=verifier)
    answer = await consent(live, url, world["user_token"])
    assert answer.status_code == 302
    return answer.headers["location"]


async def graphql(live: str, token: str, query: str) -> dict:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{live}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
        )
    return response.json()


async def test_the_full_flow_then_refresh_rotation(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    assert location.startswith(CALLBACK + "?code=")
    async with oauth_client(world) as oauth:
        token = await oauth.fetch_token(
            f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
        )
        assert token["scope"] == "alumni:read"
        viewer = await graphql(live, token["access_token"], "{ viewer { role scopes } }")
        assert viewer == {"data": {"viewer": {"role": "EMPLOYEE", "scopes": ["alumni:read"]}}}
        # The employee's role still applies: names, but no contact data.
        page = await graphql(
            live,
            token["access_token"],
            "{ alumni(first: 5) { edges { node { name personalEmail } } } }",
        )
        assert page["data"]["alumni"]["edges"] == [
            {"node": {"name": "卒業 花子", "personalEmail": None}}
        ]
        refreshed = await oauth.refresh_token(
            f"{live}/oauth/token", refresh_token=token["refresh_token"]
        )
        assert refreshed["refresh_token"] != token["refresh_token"]
        # The first refresh token again: copied, so the whole session ends.
        with pytest.raises(OAuthError) as reused:
            await oauth.refresh_token(f"{live}/oauth/token", refresh_token=token["refresh_token"])
        assert reused.value.error == "invalid_grant"
    after = await graphql(live, refreshed["access_token"], "{ viewer { role } }")
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    [session] = await Session.filter(app_id=world["app"].id)
    assert (session.user_id, session.revoked_reason) == (
        world["user"].user_id,
        "refresh_token_reused",
    )
    assert await AuditEvent.filter(action="oauth.consent_granted").count() == 1


async def test_a_replayed_code_is_invalid_grant(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    async with oauth_client(world) as oauth:
        await oauth.fetch_token(
            f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
        )
        with pytest.raises(OAuthError) as replayed:
            await oauth.fetch_token(
                f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
            )
    assert replayed.value.error == "invalid_grant"
    assert await Session.filter(app_id=world["app"].id).count() == 1


async def test_a_wrong_verifier_is_invalid_grant_and_burns_the_code(live, world):
    location = await authorized(live, world, generate_token(48))
    async with oauth_client(world) as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(
                f"{live}/oauth/token",
                authorization_response=location,
                code_verifier=generate_token(48),
            )
    assert refused.value.error == "invalid_grant"
    assert await Session.filter(app_id=world["app"].id).count() == 0


async def test_an_expired_code_is_invalid_grant(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    await AuthorizationCode.all().update(expires_at=(await AuthorizationCode.first()).created_at)
    async with oauth_client(world) as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(
                f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
            )
    assert refused.value.error == "invalid_grant"
    assert await Session.filter(app_id=world["app"].id).count() == 0


async def test_a_missing_verifier_is_invalid_request(live, world):
    location = await authorized(live, world, generate_token(48))
    async with oauth_client(world) as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(f"{live}/oauth/token", authorization_response=location)
    assert refused.value.error == "invalid_request"
    assert await Session.filter(app_id=world["app"].id).count() == 0


async def test_a_public_app_uses_pkce_without_a_secret(live, world):
    app, secret = await create_app(
        world["org"].id, SYSTEM, AppDraft("Mobile", [CALLBACK], ["alumni:read"], False)
    )
    assert secret is None
    public = {**world, "app": app, "secret": None}
    verifier = generate_token(48)
    location = await authorized(live, public, verifier)
    async with oauth_client(public, token_endpoint_auth_method="none") as oauth:
        token = await oauth.fetch_token(
            f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
        )
        refreshed = await oauth.refresh_token(
            f"{live}/oauth/token", refresh_token=token["refresh_token"]
        )
    viewer = await graphql(live, refreshed["access_token"], "{ viewer { role scopes } }")
    assert viewer == {"data": {"viewer": {"role": "EMPLOYEE", "scopes": ["alumni:read"]}}}


async def test_another_organizations_app_cannot_exchange_the_code(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    beta = await make_org("beta")
    app, secret = await create_app(beta.id, SYSTEM, AppDraft("ATS", [CALLBACK], ["alumni:read"]))
    async with oauth_client({"app": app, "secret": secret}) as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(
                f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
            )
    assert refused.value.error == "invalid_grant"
    assert await Session.filter(app_id__not_isnull=True).count() == 0


async def test_revoking_the_refresh_token_ends_the_session(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    async with oauth_client(world) as oauth:
        token = await oauth.fetch_token(
            f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
        )
        revoked = await oauth.revoke_token(
            f"{live}/oauth/revoke", token["refresh_token"], token_type_hint="refresh_token"
        )
        assert revoked.status_code == 200
        seen = await oauth.introspect_token(f"{live}/oauth/introspect", token["access_token"])
        assert seen.json() == {"active": False}
        with pytest.raises(OAuthError) as refused:
            await oauth.refresh_token(f"{live}/oauth/token", refresh_token=token["refresh_token"])
    assert refused.value.error == "invalid_grant"
    [session] = await Session.filter(app_id=world["app"].id)
    assert session.revoked_reason == "revoked_by_app"
    body = await graphql(live, token["access_token"], "{ viewer { role } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_expired_tokens_are_inactive_and_refresh_nothing(live, world):
    verifier = generate_token(48)
    location = await authorized(live, world, verifier)
    async with oauth_client(world) as oauth:
        token = await oauth.fetch_token(
            f"{live}/oauth/token", authorization_response=location, code_verifier=verifier
        )
        with time_machine.travel(timedelta(minutes=61)):
            seen = await oauth.introspect_token(f"{live}/oauth/introspect", token["access_token"])
            assert seen.json() == {"active": False}
            body = await graphql(live, token["access_token"], "{ viewer { role } }")
            assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        with time_machine.travel(timedelta(days=15)), pytest.raises(OAuthError) as refused:
            await oauth.refresh_token(f"{live}/oauth/token", refresh_token=token["refresh_token"])
    assert refused.value.error == "invalid_grant"
    [kept] = await RefreshToken.filter(session__app_id=world["app"].id)
    assert kept.used_at is None


def authorize(live: str, world, **params: str) -> str:
    query = {
        "response_type": "code",
        "client_id": world["app"].client_id,
        "redirect_uri": CALLBACK,
        "scope": "alumni:read",
        "state": "s1",
        "code_challenge": create_s256_code_challenge("v" * 50),
        "code_challenge_method": "S256",
        **params,
    }
    query = {k: v for k, v in query.items() if v is not None}
    return f"{live}/oauth/authorize?" + httpx.QueryParams(query).__str__()


async def open_page(url: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as browser:
        return await browser.get(url, headers=headers)


async def test_a_wrong_redirect_uri_is_shown_not_followed(live, world):
    page = await open_page(
        authorize(live, world, redirect_uri="https://evil.example/cb"), world["user_token"]
    )
    assert page.status_code == 400
    assert "Redirect URI https://evil.example/cb is not supported by client." in page.text
    assert "location" not in page.headers


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain", "code_challenge": "v" * 50}, "invalid_request"),
        ({"scope": "alumni:read rewards:issue"}, "invalid_scope"),
    ],
    ids=["no PKCE", "plain PKCE", "a scope the app was not granted"],
)
async def test_refusals_go_back_to_the_app_with_the_rfc_error(live, world, params, error):
    page = await open_page(authorize(live, world, **params), world["user_token"])
    assert page.status_code == 302
    back = parse_qs(urlsplit(page.headers["location"]).query)
    assert (back["error"], back["state"]) == ([error], ["s1"])
    assert await AuthorizationCode.all().count() == 0


async def test_denying_sends_access_denied(live, world):
    async with oauth_client(world) as oauth:
        url, _ = oauth.create_authorization_url(
            f"{live}/oauth/authorize", code_verifier=generate_token(48)
        )
    answer = await consent(live, url, world["user_token"], decision="deny")
    assert parse_qs(urlsplit(answer.headers["location"]).query)["error"] == ["access_denied"]
    assert await AuthorizationCode.all().count() == 0


async def test_the_page_needs_a_persons_own_session(live, world):
    url = authorize(live, world)
    assert (await open_page(url, None)).status_code == 401
    other = await make_org("beta")
    _, outsider = await make_member(other, Role.HR, await make_employee(other))
    assert (await open_page(url, outsider)).status_code == 403  # another organization's app


async def test_a_forged_or_expired_ticket_is_refused(live, world):
    async with httpx.AsyncClient() as browser:
        forged = await browser.post(
            f"{live}/oauth/authorize", data={"ticket": "x.y.z", "decision": "approve"}
        )
    assert forged.status_code == 400
    async with oauth_client(world) as oauth:
        url, _ = oauth.create_authorization_url(
            f"{live}/oauth/authorize", code_verifier=generate_token(48)
        )
    page = await open_page(url, world["user_token"])
    [ticket] = TICKET.findall(page.text)
    with time_machine.travel(timedelta(minutes=11)):
        async with httpx.AsyncClient() as browser:
            late = await browser.post(
                f"{live}/oauth/authorize", data={"ticket": unescape(ticket), "decision": "approve"}
            )
    assert late.status_code == 400
    assert await AuthorizationCode.all().count() == 0


async def test_the_page_names_the_app_and_describes_the_scopes(live, world):
    page = await open_page(
        authorize(live, world, scope="alumni:read referrals:read"), world["user_token"]
    )
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "<strong>ATS</strong>" in page.text
    for scope in (Scope.ALUMNI_READ, Scope.REFERRALS_READ):
        assert f"<code>{scope.value}</code>: {escape(DESCRIPTIONS[scope])}</li>" in page.text
    assert "rewards" not in page.text
    assert await AuthorizationCode.all().count() == 0
