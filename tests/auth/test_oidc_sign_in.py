"""Staff sign in through their company's OpenID provider: a real provider on loopback."""

import httpx
import pytest
from joserfc.jwk import RSAKey

from auth import oidc
from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.identity.models import Session
from domain.identity.providers import set_provider
from tests.factories import gql, make_alumnus, make_employee, make_member, make_org
from tests.live import free_port, serve, serve_app
from tests.oidc_provider import Provider

SYSTEM = Actor.system("test")


@pytest.fixture
async def provider():
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    given = Provider(issuer=issuer)
    oidc._discovered.clear()  # the discovery cache must not outlive the provider
    async with serve_app(given.app(), port):
        yield given


@pytest.fixture
async def live(settings, provider):
    org = await make_org("acme")
    hr = await make_employee(org, name="人事 花子")
    await make_member(org, Role.HR, hr, email="hr@acme.example")
    await set_provider(
        org.id,
        SYSTEM,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        enabled=True,
    )
    async with serve(settings) as base:
        yield base


async def sign_in(live: str) -> httpx.Response:
    """The browser's trip: Kizuna → provider → Kizuna, cookies kept, redirects followed."""
    async with httpx.AsyncClient(follow_redirects=True, timeout=20) as browser:
        return await browser.get(f"{live}/auth/oidc/acme/start")


async def test_staff_sign_in_through_the_provider(live):
    answer = await sign_in(live)
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    assert set(tokens) == {"access_token", "refresh_token", "expires_in", "token_type"}
    async with httpx.AsyncClient() as http:
        viewer = await http.post(
            f"{live}/graphql",
            json={"query": "{ viewer { email role } }"},
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
    assert viewer.json() == {"data": {"viewer": {"email": "hr@acme.example", "role": "HR"}}}
    [session] = await Session.filter(method="oidc")
    assert await AuditEvent.filter(action="auth.sign_in", subject_id=session.id).exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"email": "nobody@acme.example"}, "no_staff_account"),
        ({"email_verified": False}, "id_token_invalid"),
        ({"audience": "another-client"}, "id_token_invalid"),
        ({"lifetime": -10}, "id_token_invalid"),
        ({"client_secret": "changed-at-the-provider"}, "code_refused"),
    ],
    ids=["unknown person", "unverified email", "wrong audience", "expired", "wrong secret"],
)
async def test_refusals_write_no_session(live, provider, change, code):
    for name, value in change.items():
        setattr(provider, name, value)
    answer = await sign_in(live)
    assert (answer.status_code, answer.json()["error"]) == (403, code)
    assert await Session.all().count() == 1  # only the fixture's own hr token session


async def test_a_token_signed_by_another_key_is_refused(live, provider):
    provider.published_key = provider.signing_key
    provider.signing_key = RSAKey.generate_key(2048, auto_kid=True)  # not in the JWKS
    answer = await sign_in(live)
    assert (answer.status_code, answer.json()["error"]) == (403, "id_token_invalid")
    assert await Session.all().count() == 1


async def test_an_answer_without_the_flow_cookie_is_refused(live):
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(f"{live}/auth/oidc/acme/callback?code=x&state=y")
    assert (answer.status_code, answer.json()["error"]) == (400, "flow_missing")


async def test_an_organization_without_a_provider(live, settings):
    await make_org("beta")
    async with httpx.AsyncClient() as browser:
        answer = await browser.get(f"{live}/auth/oidc/beta/start")
    assert (answer.status_code, answer.json()["error"]) == (404, "no_provider")


async def test_alumni_cannot_sign_in_as_staff(live, provider):
    org = await make_org("gamma")
    alumna = await make_alumnus(org)
    await make_member(org, Role.ALUMNUS, alumna, email="old@gamma.example")
    await set_provider(
        org.id,
        SYSTEM,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        enabled=True,
    )
    provider.email = "old@gamma.example"
    async with httpx.AsyncClient(follow_redirects=True, timeout=20) as browser:
        answer = await browser.get(f"{live}/auth/oidc/gamma/start")
    assert (answer.status_code, answer.json()["error"]) == (403, "no_staff_account")
    assert await AuditEvent.filter(action="auth.sign_in_failed").count() == 1


SET = """mutation($input: SignInProviderSetInput!) {
  signInProviderSet(input: $input) {
    provider { issuer clientId enabled } errors { field code message } } }"""
GOOD = {"issuer": "https://login.acme.example/", "clientId": "kizuna", "clientSecret": "s3cret"}


async def test_hr_sets_the_provider_and_never_sees_the_secret(client):
    org = await make_org("delta")
    _, token = await make_member(org, Role.HR, await make_employee(org))
    body = await gql(client, SET, {"input": GOOD}, token=token)
    assert body["data"]["signInProviderSet"] == {
        "provider": {"issuer": "https://login.acme.example", "clientId": "kizuna", "enabled": True},
        "errors": [],
    }
    shown = await gql(client, "{ signInProvider { issuer clientId enabled } }", token=token)
    assert shown == {
        "data": {
            "signInProvider": {
                "issuer": "https://login.acme.example",
                "clientId": "kizuna",
                "enabled": True,
            }
        }
    }
    assert "s3cret" not in str(shown)
    assert await AuditEvent.filter(action="sign_in_provider.changed").count() == 1


async def test_bad_provider_settings_are_refused(client):
    org = await make_org("delta")
    _, token = await make_member(org, Role.EXECUTIVE, await make_employee(org))
    given = {"issuer": "http://login.acme.example", "clientId": " ", "clientSecret": "x"}
    body = await gql(client, SET, {"input": given}, token=token)
    assert [(e["field"], e["code"]) for e in body["data"]["signInProviderSet"]["errors"]] == [
        ("clientId", "REQUIRED"),
        ("issuer", "ISSUER_NOT_SAFE"),
    ]
    assert await gql(client, "{ signInProvider { issuer } }", token=token) == {
        "data": {"signInProvider": None}
    }


async def test_only_hr_and_executives_see_or_set_the_provider(client):
    org = await make_org("delta")
    _, token = await make_member(org, Role.MANAGER, await make_employee(org))
    body = await gql(client, SET, {"input": GOOD}, token=token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
