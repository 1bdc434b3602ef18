"""signIn: passwords, the policy, identical refusals, organization choice, limits, audit."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from argon2 import PasswordHasher

from auth import passwords, sign_in
from domain.accounts.models import Role, User
from domain.audit.models import AuditEvent
from domain.identity import throttle
from domain.identity.error_codes import MESSAGES, SessionErrorCode
from domain.identity.models import Session, SignInMethod
from tests.factories import give_password, gql, make_app_token, make_member, make_org

PASSWORD = "correct horse battery staple"
SIGN_IN = """
mutation ($input: SignInInput!) {
  signIn(input: $input) {
    tokens { accessToken refreshToken expiresIn }
    organizations
    errors { field code message retryAfter }
  }
}
"""
VIEWER = "{ viewer { email role organization { slug } } }"
INVALID = {
    "field": None,
    "code": "INVALID_CREDENTIALS",
    "message": "The email or password is not correct.",
    "retryAfter": None,
}
START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def sign_in_as(client, email, password=PASSWORD, organization=None, token=None):
    given = {"email": email, "password": password}
    if organization is not None:
        given["organization"] = organization
    return (await gql(client, SIGN_IN, {"input": given}, token=token))["data"]["signIn"]


@pytest.fixture
async def acme():
    org = await make_org("acme")
    await make_org("other", "別会社")
    return org


@pytest.fixture
async def hr(acme):
    membership, _ = await make_member(acme, Role.HR, email="hanako@acme.example")
    await give_password(membership, PASSWORD)
    return membership


async def audit_actions(org) -> list[str]:
    return sorted(await AuditEvent.filter(organization_id=org.id).values_list("action", flat=True))


async def test_signing_in_gives_tokens_that_work(client, acme, hr):
    before = set(await audit_actions(acme))
    answer = await sign_in_as(client, " Hanako@ACME.example ")
    assert answer["errors"] == []
    assert answer["organizations"] == ["acme"]
    assert answer["tokens"]["expiresIn"] == 60 * 60
    assert len(answer["tokens"]["refreshToken"]) >= 43
    viewer = await gql(client, VIEWER, token=answer["tokens"]["accessToken"])
    assert viewer == {
        "data": {
            "viewer": {
                "email": "hanako@acme.example",
                "role": "HR",
                "organization": {"slug": "acme"},
            }
        }
    }
    session = await Session.get(user_id=hr.user_id, method=SignInMethod.PASSWORD)
    assert (session.organization_id, session.client_address) == (acme.id, "127.0.0.1")
    new_events = await AuditEvent.filter(organization_id=acme.id).exclude(action__in=before)
    assert sorted(e.action for e in new_events) == ["auth.sign_in", "session.started"]
    signed = next(e for e in new_events if e.action == "auth.sign_in")
    assert (signed.subject_id, signed.actor_id) == (hr.user_id, str(hr.user_id))
    assert signed.changes["session_id"] == str(session.id)


async def test_unknown_email_and_wrong_password_are_refused_alike(client, acme, hr):
    without_password, _ = await make_member(acme, Role.EMPLOYEE, email="taro@acme.example")
    answers = [
        await sign_in_as(client, "nobody@acme.example"),
        await sign_in_as(client, "hanako@acme.example", "wrong password, long enough"),
        await sign_in_as(client, "taro@acme.example", PASSWORD),
        await sign_in_as(client, "hanako@acme.example", ""),
    ]
    assert answers == [{"tokens": None, "organizations": None, "errors": [INVALID]}] * 4
    assert await Session.filter(method=SignInMethod.PASSWORD).count() == 0
    failed = await AuditEvent.filter(action="auth.sign_in_failed").order_by("subject_id")
    assert sorted((e.subject_id, e.organization_id) for e in failed) == sorted(
        [(hr.user_id, acme.id)] * 2 + [(without_password.user_id, acme.id)]
    )
    assert {e.changes["reason"] for e in failed} == {"invalid_credentials"}


async def test_an_unknown_email_costs_one_verification_like_a_known_one():
    # Same parameters as real hashes, so refusing an unknown email takes as long.
    assert not passwords.hasher.check_needs_rehash(passwords.DUMMY_HASH)
    assert await passwords.verify_password(None, PASSWORD) is False


async def test_full_width_typing_matches_the_same_password(client, acme, hr):
    full_width = "ｃｏｒｒｅｃｔ　ｈｏｒｓｅ　ｂａｔｔｅｒｙ　ｓｔａｐｌｅ"
    assert (await sign_in_as(client, "hanako@acme.example", full_width))["errors"] == []


async def test_a_hash_with_old_parameters_is_replaced_at_sign_in(client, acme, hr):
    old = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    await User.filter(id=hr.user_id).update(password_hash=old)
    assert (await sign_in_as(client, "hanako@acme.example"))["errors"] == []
    stored = (await User.get(id=hr.user_id)).password_hash
    assert stored != old
    assert not passwords.hasher.check_needs_rehash(stored)
    assert passwords.hasher.verify(stored, PASSWORD)


async def test_an_account_in_two_organizations_chooses_one(client, acme, hr):
    other = await make_org("beta", "ベータ社")
    await make_member(other, Role.MANAGER, email="hanako@acme.example")
    choose = {
        "tokens": None,
        "organizations": ["acme", "beta"],
        "errors": [
            {
                "field": "organization",
                "code": "ORGANIZATION_REQUIRED",
                "message": "This account belongs to several organizations: choose one of "
                "`organizations`.",
                "retryAfter": None,
            }
        ],
    }
    assert await sign_in_as(client, "hanako@acme.example") == choose
    # The list is told only to someone who knows the password.
    wrong = await sign_in_as(client, "hanako@acme.example", "not the password at all")
    assert wrong == {"tokens": None, "organizations": None, "errors": [INVALID]}
    not_theirs = await sign_in_as(client, "hanako@acme.example", organization="other")
    assert not_theirs["organizations"] == ["acme", "beta"]
    assert [e["code"] for e in not_theirs["errors"]] == ["NOT_A_MEMBER"]
    assert await Session.filter(method=SignInMethod.PASSWORD).count() == 0

    chosen = await sign_in_as(client, "hanako@acme.example", organization="beta")
    assert chosen["errors"] == []
    viewer = await gql(client, VIEWER, token=chosen["tokens"]["accessToken"])
    assert viewer["data"]["viewer"]["role"] == "MANAGER"
    assert viewer["data"]["viewer"]["organization"] == {"slug": "beta"}


async def test_failures_are_audited_in_the_chosen_organization_or_in_all(client, acme, hr):
    beta = await make_org("beta", "ベータ社")
    await make_member(beta, Role.MANAGER, email="hanako@acme.example")
    await sign_in_as(client, "hanako@acme.example", "not the password at all")
    await sign_in_as(client, "hanako@acme.example", "not the password at all", "beta")
    failed = await AuditEvent.filter(action="auth.sign_in_failed").values_list(
        "organization_id", flat=True
    )
    assert sorted(map(str, failed)) == sorted(map(str, [acme.id, beta.id, beta.id]))


async def test_partner_apps_cannot_sign_in(client, acme, hr):
    token = await make_app_token(acme, ["alumni:read"])
    answer = await gql(
        client,
        SIGN_IN,
        {"input": {"email": "hanako@acme.example", "password": PASSWORD}},
        token=token,
    )
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_five_failures_from_one_address_block_it_for_fifteen_minutes(client_at, acme, hr):
    with time_machine.travel(START, tick=False) as traveller:
        async with client_at("203.0.113.9") as attacker, client_at("198.51.100.7") as owner:
            for _ in range(5):
                answer = await sign_in_as(attacker, "hanako@acme.example", "guess guess guess")
                assert answer["errors"] == [INVALID]
            response = await attacker.post(
                "/graphql",
                json={
                    "query": SIGN_IN,
                    "variables": {
                        "input": {"email": "hanako@acme.example", "password": "guess 6 guess"}
                    },
                },
            )
            assert response.headers["retry-after"] == "900"
            assert response.json()["data"]["signIn"]["errors"] == [
                {
                    "field": None,
                    "code": "RATE_LIMITED",
                    "message": "Too many failed attempts. Try again in 900 seconds.",
                    "retryAfter": 900,
                }
            ]
            traveller.shift(timedelta(minutes=5))
            # Even the right password waits: the block does not reveal it.
            blocked = await sign_in_as(attacker, "hanako@acme.example")
            assert [(e["code"], e["retryAfter"]) for e in blocked["errors"]] == [
                ("RATE_LIMITED", 600)
            ]
            # The owner, elsewhere, is not locked out by the attacker.
            assert (await sign_in_as(owner, "hanako@acme.example"))["errors"] == []
            traveller.shift(timedelta(minutes=10))
            assert (await sign_in_as(attacker, "hanako@acme.example"))["errors"] == []


async def test_a_successful_sign_in_clears_the_count_of_its_address(client, acme, hr):
    for _ in range(4):
        await sign_in_as(client, "hanako@acme.example", "guess guess guess")
    assert (await sign_in_as(client, "hanako@acme.example"))["errors"] == []
    for _ in range(5):  # a fresh count: five more failures before a block
        answer = await sign_in_as(client, "hanako@acme.example", "guess guess guess")
        assert answer["errors"] == [INVALID]


async def test_fifty_failures_an_hour_block_the_account_from_every_address(client_at, acme, hr):
    # 49 failures already counted (from many addresses), the 50th and 51st arrive now.
    for _ in range(49):
        await throttle.record_attempt(sign_in.ACCOUNT, "hanako@acme.example")
    async with client_at("192.0.2.1") as first, client_at("192.0.2.2") as second:
        fiftieth = await sign_in_as(first, "hanako@acme.example", "guess guess guess")
        assert fiftieth["errors"] == [INVALID]
        blocked = await sign_in_as(second, "hanako@acme.example", "guess guess guess")
        assert [(e["code"], e["retryAfter"]) for e in blocked["errors"]] == [("RATE_LIMITED", 900)]
        assert (await sign_in_as(second, "hanako@acme.example"))["errors"][0]["code"] == (
            "RATE_LIMITED"
        )


async def test_a_hundred_failures_block_an_address_for_every_account(client_at, acme, hr):
    for _ in range(100):
        await throttle.record_attempt(sign_in.ADDRESS, "192.0.2.50")
    async with client_at("192.0.2.50") as spraying, client_at("192.0.2.51") as elsewhere:
        blocked = await sign_in_as(spraying, "someone@acme.example", "guess guess guess")
        assert [(e["code"], e["retryAfter"]) for e in blocked["errors"]] == [("RATE_LIMITED", 900)]
        assert (await sign_in_as(spraying, "hanako@acme.example"))["errors"][0]["code"] == (
            "RATE_LIMITED"
        )
        assert (await sign_in_as(elsewhere, "hanako@acme.example"))["errors"] == []


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("short pass", ["PASSWORD_TOO_SHORT"]),
        ("x" * 129, ["PASSWORD_TOO_LONG", "PASSWORD_TOO_COMMON"]),
        ("a9" * 65, ["PASSWORD_TOO_LONG", "PASSWORD_TOO_COMMON"]),
        ("Password2026!", ["PASSWORD_TOO_COMMON"]),
        ("qwertyuiop123", ["PASSWORD_TOO_COMMON"]),
        ("123456789012", ["PASSWORD_TOO_COMMON"]),
        ("my name is hanako!", ["PASSWORD_CONTAINS_EMAIL"]),
        ("HANAKO", ["PASSWORD_TOO_SHORT", "PASSWORD_CONTAINS_EMAIL"]),
        ("xxxxxxxxxxyz", []),
        ("kizuna-demo-2026!", []),
        ("y" * 128, ["PASSWORD_TOO_COMMON"]),
        ("パスワードは長いほうが安全です", []),
    ],
)
def test_the_password_policy(password, codes):
    found = passwords.policy_errors(password, "hanako@acme.example")
    assert [error.code.name for error in found] == codes
    assert all(error.field == "password" for error in found)


def test_short_local_parts_are_not_searched_for():
    assert passwords.policy_errors("throughput of the week", "hr@acme.example") == []


def test_every_session_error_code_has_a_message():
    assert set(MESSAGES) == set(SessionErrorCode)
    assert all(message.endswith(".") for message in MESSAGES.values())
