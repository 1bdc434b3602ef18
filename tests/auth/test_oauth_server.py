"""Partner apps get tokens over real HTTP, driven by authlib's own OAuth client."""

import re
from pathlib import Path

import httpx
import pytest
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.integrations.httpx_client.oauth2_client import OAuthError

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.identity.apps import AppDraft, create_app, revoke_app
from domain.identity.models import Session
from tests.factories import make_alumnus, make_employee, make_member, make_org
from tests.live import serve

HR = Actor.system("test")
README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
ALUMNI = "{ alumni(first: 5) { edges { node { name personalEmail } } } }"


@pytest.fixture
async def live(settings):
    async with serve(settings) as base:
        yield base


async def registered(org, scopes=("alumni:read",), confidential=True):
    draft = AppDraft("ATS", ["https://ats.example/cb"], list(scopes), confidential)
    return await create_app(org.id, HR, draft)


def client_for(app, secret, **options) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(client_id=app.client_id, client_secret=secret, **options)


async def graphql(base: str, token: str, query: str) -> dict:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{base}/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
        )
    return response.json()


async def test_the_metadata_names_every_endpoint(live):
    async with httpx.AsyncClient() as http:
        metadata = (await http.get(f"{live}/.well-known/oauth-authorization-server")).json()
    assert metadata["issuer"] == live
    assert metadata["token_endpoint"] == f"{live}/oauth/token"
    assert metadata["revocation_endpoint"] == f"{live}/oauth/revoke"
    assert metadata["introspection_endpoint"] == f"{live}/oauth/introspect"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert "alumni:read" in metadata["scopes_supported"]


async def test_client_credentials_then_the_api_within_the_granted_scope(live):
    org = await make_org()
    await make_alumnus(org, name="卒業 花子", personal_email="hanako@example.jp")
    app, secret = await registered(org)
    async with client_for(app, secret) as oauth:
        token = await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
    assert token["token_type"] == "Bearer"
    assert token["scope"] == "alumni:read"
    assert "refresh_token" not in token
    body = await graphql(live, token["access_token"], ALUMNI)
    assert body == {
        "data": {
            "alumni": {
                "edges": [{"node": {"name": "卒業 花子", "personalEmail": "hanako@example.jp"}}]
            }
        }
    }
    write = await graphql(
        live,
        token["access_token"],
        'mutation { departmentCreate(input: {name: "x"}) { errors { code } } }',
    )
    assert write["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "scope": "alumni:write",
    }
    [session] = await Session.filter(app_id=app.id)
    assert (session.user_id, session.method, session.scope) == (
        None,
        "client_credentials",
        "alumni:read",
    )


async def test_introspection_and_revocation(live):
    org = await make_org()
    app, secret = await registered(org)
    async with client_for(app, secret) as oauth:
        token = await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
        access = token["access_token"]
        seen = (await oauth.introspect_token(f"{live}/oauth/introspect", access)).json()
        assert seen["active"] is True
        assert (seen["client_id"], seen["scope"], seen["token_type"]) == (
            app.client_id,
            "alumni:read",
            "access_token",
        )
        assert "sub" not in seen
        revoked = await oauth.revoke_token(f"{live}/oauth/revoke", access)
        assert revoked.status_code == 200
        after = (await oauth.introspect_token(f"{live}/oauth/introspect", access)).json()
        assert after == {"active": False}
    [session] = await Session.filter(app_id=app.id)
    [event] = await AuditEvent.filter(action="session.revoked", subject_id=session.id)
    assert (event.actor_kind, event.actor_id) == ("api_client", str(app.id))
    body = await graphql(live, access, "{ viewer { role } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("same_organization", [True, False], ids=["same org", "another org"])
async def test_another_apps_token_looks_inactive_and_cannot_be_revoked_by_it(
    live, same_organization
):
    org = await make_org()
    ours, our_secret = await registered(org if same_organization else await make_org("beta"))
    theirs, their_secret = await registered(org)
    async with client_for(theirs, their_secret) as oauth:
        token = await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
    async with client_for(ours, our_secret) as oauth:
        seen = await oauth.introspect_token(f"{live}/oauth/introspect", token["access_token"])
        assert seen.json() == {"active": False}
        refused = await oauth.revoke_token(f"{live}/oauth/revoke", token["access_token"])
        assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")
    assert await Session.filter(app_id=theirs.id, revoked_at=None).count() == 1


async def test_a_wrong_secret_is_invalid_client(live):
    org = await make_org()
    app, _ = await registered(org)
    async with client_for(app, "not-the-secret") as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
    assert refused.value.error == "invalid_client"
    assert await Session.all().count() == 0


async def test_a_scope_the_app_was_not_granted_is_invalid_scope(live):
    org = await make_org()
    app, secret = await registered(org)
    async with client_for(app, secret, scope="alumni:read rewards:issue") as oauth:
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
    assert refused.value.error == "invalid_scope"
    assert await Session.all().count() == 0


async def test_a_public_app_cannot_use_client_credentials(live):
    org = await make_org()
    app, _ = await registered(org, confidential=False)
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{live}/oauth/token",
            data={"grant_type": "client_credentials", "client_id": app.client_id},
        )
    assert response.status_code in (400, 401)
    assert response.json()["error"] in ("invalid_client", "unauthorized_client")
    assert await Session.all().count() == 0


async def test_a_revoked_app_gets_nothing_and_loses_its_tokens(live):
    org = await make_org()
    app, secret = await registered(org)
    async with client_for(app, secret) as oauth:
        token = await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
        await revoke_app(org.id, HR, app.id)
        with pytest.raises(OAuthError) as refused:
            await oauth.fetch_token(f"{live}/oauth/token", grant_type="client_credentials")
    assert refused.value.error == "invalid_client"
    body = await graphql(live, token["access_token"], "{ viewer { role } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_an_unknown_grant_type_is_unsupported(live):
    org = await make_org()
    app, secret = await registered(org)
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"{live}/oauth/token",
            data={"grant_type": "password", "username": "a", "password": "b"},
            auth=(app.client_id, secret),
        )
    assert (response.status_code, response.json()["error"]) == (400, "unsupported_grant_type")


async def test_the_token_endpoint_is_rate_limited_per_client(live):
    org = await make_org()
    app, _ = await registered(org)
    async with httpx.AsyncClient() as http:
        answers = [
            await http.post(
                f"{live}/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(app.client_id, "wrong"),
            )
            for _ in range(61)
        ]
    assert [a.status_code for a in answers[:60]] == [401] * 60
    assert answers[60].status_code == 429
    assert int(answers[60].headers["Retry-After"]) <= 60


async def test_the_token_endpoint_is_rate_limited_per_address(live):
    async with httpx.AsyncClient() as http:
        answers = [
            await http.post(
                f"{live}/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": f"guess-{n}",
                    "client_secret": "x",
                },
            )
            for n in range(121)
        ]
    assert [a.json()["error"] for a in answers[:120]] == ["invalid_client"] * 120
    assert (answers[120].status_code, answers[120].json()["error"]) == (429, "slow_down")
    assert 0 < int(answers[120].headers["Retry-After"]) <= 60
    assert await Session.all().count() == 0


async def test_the_readme_commands_connect_an_app(live):
    """The README's partner-app steps 1 and 2, as written there."""
    [create_body] = re.findall(r"-d '(\{\"query\": \"mutation \{ oauthAppCreate.*\})'", README)
    token_form, _ = re.findall(
        r"oauth/token -u \"\$CLIENT_ID:\$CLIENT_SECRET\" \\\n\s+(-d .*)", README
    )
    [query_body] = re.findall(r"\$APP_TOKEN\" -d '(.*)'", README)
    org = await make_org()
    _, hr_token = await make_member(org, Role.HR, await make_employee(org))
    async with httpx.AsyncClient(base_url=live) as http:
        created = await http.post(
            "/graphql",
            content=create_body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {hr_token}"},
        )
        answer = created.json()["data"]["oauthAppCreate"]
        assert answer["errors"] == []
        form = dict(re.findall(r"-d (\w+)=(\S+)", token_form))
        assert form == {"grant_type": "client_credentials", "scope": "alumni:read"}
        issued = await http.post(
            "/oauth/token", data=form, auth=(answer["app"]["clientId"], answer["clientSecret"])
        )
        assert issued.status_code == 200
        listed = await http.post(
            "/graphql",
            content=query_body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {issued.json()['access_token']}",
            },
        )
    assert listed.json() == {"data": {"alumni": {"totalCount": 0}}}
