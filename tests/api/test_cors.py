"""CORS: an organization's own frontends may call the API from the browser, others not."""

import pytest

from auth.cors import forget_origins
from domain.accounts.models import Role
from domain.organizations.models import Organization
from tests.factories import gql, make_app_token, make_employee, make_member, make_org

SET = """mutation($origins: [String!]!) {
  organizationCorsOriginsSet(input: {origins: $origins}) {
    origins errors { field code message } } }"""
ALUMNI_APP = "https://alumni.acme.example"
PREFLIGHT = {
    "Origin": ALUMNI_APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


@pytest.fixture(autouse=True)
def fresh_origins():
    forget_origins()  # the process-wide cache must not carry origins between tests
    yield
    forget_origins()


async def hr_of(slug: str):
    org = await make_org(slug)
    _, token = await make_member(org, Role.HR, await make_employee(org))
    return org, token


async def test_hr_sets_origins_and_the_browser_may_call(client):
    _, token = await hr_of("acme")
    body = await gql(
        client, SET, {"origins": ["https://Alumni.Acme.example", "http://localhost:5173"]}, token
    )
    assert body["data"]["organizationCorsOriginsSet"] == {
        "origins": [ALUMNI_APP, "http://localhost:5173"],
        "errors": [],
    }
    preflight = await client.options("/graphql", headers=PREFLIGHT)
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == ALUMNI_APP
    assert preflight.headers["access-control-allow-methods"] == "GET, POST"
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    answer = await client.post(
        "/graphql",
        json={"query": "{ viewer { organization { corsOrigins } } }"},
        headers={"Origin": ALUMNI_APP, "Authorization": f"Bearer {token}"},
    )
    assert answer.headers["access-control-allow-origin"] == ALUMNI_APP
    assert "Origin" in answer.headers["vary"]
    assert answer.json() == {
        "data": {"viewer": {"organization": {"corsOrigins": [ALUMNI_APP, "http://localhost:5173"]}}}
    }


async def test_an_unknown_origin_gets_no_cors_headers(client):
    preflight = await client.options(
        "/graphql", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    answer = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in answer.headers


async def test_another_organizations_origin_is_refused_for_this_ones_token(client):
    beta, beta_token = await hr_of("beta")
    await Organization.filter(id=beta.id).update(cors_origins=["https://beta.example"])
    _, acme_token = await hr_of("acme")
    # Anonymous (signing in from beta's site): allowed, beta allows it.
    anonymous = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://beta.example"}
    )
    assert anonymous.headers["access-control-allow-origin"] == "https://beta.example"
    acme = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Origin": "https://beta.example", "Authorization": f"Bearer {acme_token}"},
    )
    assert "access-control-allow-origin" not in acme.headers
    beta_answer = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Origin": "https://beta.example", "Authorization": f"Bearer {beta_token}"},
    )
    assert beta_answer.headers["access-control-allow-origin"] == "https://beta.example"


async def test_bad_origins_are_refused_and_nothing_changes(client):
    org, token = await hr_of("acme")
    given = ["https://ok.example", "http://plain.example", "https://x.example/path", "*"]
    body = await gql(client, SET, {"origins": given}, token=token)
    assert body["data"]["organizationCorsOriginsSet"]["origins"] is None
    assert [
        (e["field"], e["code"]) for e in body["data"]["organizationCorsOriginsSet"]["errors"]
    ] == [
        ("origins.1", "NOT_AN_ORIGIN"),
        ("origins.2", "NOT_AN_ORIGIN"),
        ("origins.3", "NOT_AN_ORIGIN"),
    ]
    too_many = await gql(
        client, SET, {"origins": [f"https://{n}.example" for n in range(21)]}, token
    )
    assert too_many["data"]["organizationCorsOriginsSet"]["errors"][0]["code"] == "TOO_MANY"
    assert (await Organization.get(id=org.id)).cors_origins == []


async def test_only_hr_and_executives_first_party_set_origins(client):
    org = await make_org("acme")
    _, manager = await make_member(org, Role.MANAGER, await make_employee(org))
    body = await gql(client, SET, {"origins": [ALUMNI_APP]}, token=manager)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    app_token = await make_app_token(org, ["alumni:write"])
    body = await gql(client, SET, {"origins": [ALUMNI_APP]}, token=app_token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Organization.get(id=org.id)).cors_origins == []
