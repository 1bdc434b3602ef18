"""hr and executives register partner apps; secrets are shown once and stored as digests."""

from uuid import uuid4

import pytest

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.identity.models import OAuthApp, Session
from domain.identity.secrets import digest
from resolvers import ids
from tests.factories import gql, make_app_token, make_employee, make_member, make_org

CREATE = """mutation($input: OAuthAppCreateInput!) {
  oauthAppCreate(input: $input) {
    app { id name clientId confidential redirectUris scopes revokedAt }
    clientSecret
    errors { field code message } } }"""
ROTATE = """mutation($id: ID!) { oauthAppRotateSecret(input: {id: $id}) {
  app { clientId } clientSecret errors { field code message } } }"""
REVOKE = """mutation($id: ID!) { oauthAppRevoke(input: {id: $id}) {
  app { revokedAt } errors { field code message } } }"""
LIST = "{ oauthApps { name clientId confidential scopes } }"
ATS = {
    "name": "採用管理 ATS",
    "redirectUris": ["https://ats.example/callback", "http://127.0.0.1:8765/cb"],
    "scopes": ["ALUMNI_READ", "REFERRALS_WRITE"],
}


async def staff(role: Role = Role.HR, slug: str = "acme"):
    org = await make_org(slug)
    membership, token = await make_member(org, role, await make_employee(org))
    return org, membership, token


async def create(client, token: str, **changes) -> dict:
    body = await gql(client, CREATE, {"input": {**ATS, **changes}}, token=token)
    return body["data"]["oauthAppCreate"]


async def test_hr_registers_a_confidential_app_and_sees_its_secret_once(client):
    _, _, token = await staff()
    created = await create(client, token)
    assert created["errors"] == []
    app = created["app"]
    assert app["name"] == "採用管理 ATS"
    assert app["clientId"].startswith("kz_")
    assert (app["confidential"], app["revokedAt"]) == (True, None)
    assert app["scopes"] == ["ALUMNI_READ", "REFERRALS_WRITE"]
    stored = await OAuthApp.get(client_id=app["clientId"])
    assert stored.secret_hash == digest(created["clientSecret"])
    assert created["clientSecret"] not in str(await OAuthApp.all().values())
    assert await gql(client, LIST, token=token) == {
        "data": {
            "oauthApps": [
                {
                    "name": "採用管理 ATS",
                    "clientId": app["clientId"],
                    "confidential": True,
                    "scopes": ["ALUMNI_READ", "REFERRALS_WRITE"],
                }
            ]
        }
    }
    assert await AuditEvent.filter(action="oauth_app.created", subject_id=stored.id).exists()


async def test_a_public_app_has_no_secret_and_needs_a_redirect_uri(client):
    _, _, token = await staff(Role.EXECUTIVE)
    created = await create(client, token, confidential=False)
    assert (created["app"]["confidential"], created["clientSecret"]) == (False, None)
    refused = await create(client, token, confidential=False, redirectUris=[])
    assert refused["errors"] == [
        {
            "field": "redirectUris",
            "code": "REQUIRED",
            "message": "A public app signs users in, so it needs a redirect URI.",
        }
    ]
    rotated = await gql(client, ROTATE, {"id": created["app"]["id"]}, token=token)
    assert rotated["data"]["oauthAppRotateSecret"]["errors"] == [
        {
            "field": "id",
            "code": "PUBLIC_APP_HAS_NO_SECRET",
            "message": "A public app has no secret.",
        }
    ]


BAD_INPUT = {
    "an empty name": ({"name": "  "}, [("name", "REQUIRED")]),
    "a plain-http redirect": (
        {"redirectUris": ["http://ats.example/cb"]},
        [("redirectUris.0", "REDIRECT_URI_NOT_SAFE")],
    ),
    "a redirect with a fragment": (
        {"redirectUris": ["https://ok.example/cb", "https://ats.example/cb#x"]},
        [("redirectUris.1", "REDIRECT_URI_NOT_SAFE")],
    ),
    "a relative redirect": (
        {"redirectUris": ["/callback"]},
        [("redirectUris.0", "REDIRECT_URI_NOT_SAFE")],
    ),
    "eleven redirects": (
        {"redirectUris": [f"https://ats.example/{n}" for n in range(11)]},
        [("redirectUris", "TOO_MANY")],
    ),
    "no scopes": ({"scopes": []}, [("scopes", "REQUIRED")]),
    "everything at once": (
        {"name": "", "redirectUris": ["ftp://x"], "scopes": []},
        [("name", "REQUIRED"), ("redirectUris.0", "REDIRECT_URI_NOT_SAFE"), ("scopes", "REQUIRED")],
    ),
}


@pytest.mark.parametrize(("changes", "expected"), BAD_INPUT.values(), ids=BAD_INPUT)
async def test_bad_input_is_refused_and_writes_nothing(client, changes, expected):
    _, _, token = await staff()
    refused = await create(client, token, **changes)
    assert refused["app"] is None and refused["clientSecret"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == expected
    assert await OAuthApp.all().count() == 0


async def test_an_unknown_scope_is_a_graphql_error(client):
    _, _, token = await staff()
    body = await gql(client, CREATE, {"input": {**ATS, "scopes": ["EVERYTHING"]}}, token=token)
    assert body["data"] is None and "EVERYTHING" in body["errors"][0]["message"]


async def test_rotating_replaces_the_secret(client):
    _, _, token = await staff()
    created = await create(client, token)
    rotated = (await gql(client, ROTATE, {"id": created["app"]["id"]}, token=token))["data"][
        "oauthAppRotateSecret"
    ]
    assert rotated["errors"] == []
    assert rotated["clientSecret"] not in (None, created["clientSecret"])
    stored = await OAuthApp.get(client_id=created["app"]["clientId"])
    assert stored.secret_hash == digest(rotated["clientSecret"])


async def test_revoking_ends_every_token_of_the_app(client):
    org, _, token = await staff()
    created = await create(client, token)
    app = await OAuthApp.get(client_id=created["app"]["clientId"])
    app_token = await make_app_token(org, ["alumni:read"], app=app)
    viewer = await gql(client, "{ viewer { role } }", token=app_token)
    assert viewer == {"data": {"viewer": {"role": "HR"}}}
    revoked = (await gql(client, REVOKE, {"id": created["app"]["id"]}, token=token))["data"]
    assert revoked["oauthAppRevoke"]["errors"] == []
    assert revoked["oauthAppRevoke"]["app"]["revokedAt"] is not None
    assert await Session.filter(app_id=app.id, revoked_reason="app_revoked").count() == 1
    after = await gql(client, "{ viewer { role } }", token=app_token)
    assert after["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = (await gql(client, REVOKE, {"id": created["app"]["id"]}, token=token))["data"]
    assert again["oauthAppRevoke"]["errors"] == [
        {"field": "id", "code": "REVOKED", "message": "This app was revoked."}
    ]
    rotate = (await gql(client, ROTATE, {"id": created["app"]["id"]}, token=token))["data"]
    assert rotate["oauthAppRotateSecret"]["errors"][0]["code"] == "REVOKED"


async def test_another_organizations_app_is_not_found(client):
    _, _, ours = await staff()
    _, _, theirs = await staff(slug="beta")
    created = await create(client, theirs)
    for mutation, name in ((ROTATE, "oauthAppRotateSecret"), (REVOKE, "oauthAppRevoke")):
        body = await gql(client, mutation, {"id": created["app"]["id"]}, token=ours)
        assert body["data"][name]["errors"] == [
            {"field": "id", "code": "NOT_FOUND", "message": "No app with this id."}
        ]
    assert await gql(client, LIST, token=ours) == {"data": {"oauthApps": []}}
    malformed = await gql(client, REVOKE, {"id": ids.encode("Person", uuid4())}, token=ours)
    assert malformed["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE, Role.ALUMNUS])
async def test_other_roles_and_app_tokens_cannot_manage_apps(client, role):
    org, _, token = await staff(role)
    body = await gql(client, CREATE, {"input": ATS}, token=token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    app_token = await make_app_token(org, ["alumni:read", "alumni:write"])
    body = await gql(client, LIST, token=app_token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await OAuthApp.filter(name="採用管理 ATS").count() == 0
