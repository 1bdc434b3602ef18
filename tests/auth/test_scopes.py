"""App tokens act within their scopes, and a user's app token never beyond the user's role."""

from domain.accounts.models import Role
from tests.factories import gql, make_alumnus, make_app_token, make_employee, make_member, make_org

ALUMNI = "{ alumni(first: 5) { edges { node { name personalEmail } } } }"
NAMES = "{ alumni(first: 5) { edges { node { name } } } }"
VIEWER = "{ viewer { email role scopes } }"
CREATE = (
    'mutation { departmentCreate(input: {name: "新部署"}) { department { name } errors { code } } }'
)


def refused(body: dict) -> tuple[str, str | None]:
    [error] = body["errors"]
    return error["extensions"]["code"], error["extensions"].get("scope")


async def test_an_app_on_its_own_reads_like_hr_within_its_scopes(client):
    org = await make_org()
    await make_alumnus(org, name="卒業 花子", personal_email="hanako@example.jp")
    token = await make_app_token(org, ["alumni:read"])
    body = await gql(client, ALUMNI, token=token)
    assert body["data"]["alumni"]["edges"] == [
        {"node": {"name": "卒業 花子", "personalEmail": "hanako@example.jp"}}
    ]
    assert await gql(client, VIEWER, token=token) == {
        "data": {"viewer": {"email": None, "role": "HR", "scopes": ["alumni:read"]}}
    }


async def test_a_scope_the_app_was_not_granted_is_refused(client):
    org = await make_org()
    await make_alumnus(org)
    token = await make_app_token(org, ["referrals:read"])
    body = await gql(client, NAMES, token=token)
    assert body["data"] is None
    assert refused(body) == ("FORBIDDEN", "alumni:read")
    body = await gql(client, CREATE, token=await make_app_token(org, ["alumni:read"]))
    assert refused(body) == ("FORBIDDEN", "alumni:write")


async def test_a_users_app_token_never_exceeds_the_users_role(client):
    org = await make_org()
    await make_alumnus(org, name="卒業 花子", personal_email="hanako@example.jp")
    membership, _ = await make_member(org, Role.EMPLOYEE, await make_employee(org))
    token = await make_app_token(org, ["alumni:read", "alumni:write"], membership)
    body = await gql(client, ALUMNI, token=token)
    # The employee sees directory-listed names but no contact data, whatever the scopes.
    assert body["data"]["alumni"]["edges"] == [
        {"node": {"name": "卒業 花子", "personalEmail": None}}
    ]
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    body = await gql(client, CREATE, token=token)
    assert refused(body) == ("FORBIDDEN", None)


async def test_a_first_party_session_has_no_scopes(client):
    org = await make_org()
    _, token = await make_member(org, Role.HR, await make_employee(org))
    body = await gql(client, VIEWER, token=token)
    assert body["data"]["viewer"]["scopes"] is None
