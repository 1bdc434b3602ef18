"""sessionRefresh, signOut and passwordChange through the API."""

from datetime import timedelta

import pytest
import time_machine

from auth import passwords
from domain.accounts.models import Role, User
from domain.audit.models import AuditEvent
from domain.common import clock
from domain.identity.models import Session, SignInMethod
from tests.auth.test_sign_in import PASSWORD, VIEWER, sign_in_as
from tests.factories import give_password, gql, make_app_token, make_member, make_org

REFRESH = """
mutation ($token: String!) {
  sessionRefresh(input: {refreshToken: $token}) {
    tokens { accessToken refreshToken expiresIn }
    errors { field code message }
  }
}
"""
SIGN_OUT = "mutation { signOut { signedOut errors { code } } }"
CHANGE = """
mutation ($current: String!, $new: String!) {
  passwordChange(input: {currentPassword: $current, newPassword: $new}) {
    passwordChanged
    errors { field code message retryAfter }
  }
}
"""
NEW_PASSWORD = "a brand new passphrase 2026"


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


async def signed_in(client) -> dict:
    answer = await sign_in_as(client, "hanako@acme.example")
    assert answer["errors"] == []
    return answer["tokens"]


async def refresh(client, token: str) -> dict:
    return (await gql(client, REFRESH, {"token": token}))["data"]["sessionRefresh"]


async def viewer_code(client, token: str) -> str | None:
    """None when the token works, else the error code."""
    answer = await gql(client, VIEWER, token=token)
    return None if "errors" not in answer else answer["errors"][0]["extensions"]["code"]


def error(code: str, message: str, field: str = "refreshToken") -> dict:
    return {"tokens": None, "errors": [{"field": field, "code": code, "message": message}]}


async def test_a_refresh_token_is_exchanged_once_for_new_tokens(client, acme, hr):
    first = await signed_in(client)
    second = await refresh(client, first["refreshToken"])
    assert second["errors"] == []
    tokens = second["tokens"]
    assert tokens["expiresIn"] == 3600
    assert tokens["refreshToken"] != first["refreshToken"]
    assert await viewer_code(client, tokens["accessToken"]) is None
    third = await refresh(client, tokens["refreshToken"])
    assert third["errors"] == []
    session = await Session.get(user_id=hr.user_id, method=SignInMethod.PASSWORD)
    assert session.last_used_at is not None and session.revoked_at is None


async def test_reusing_a_rotated_refresh_token_ends_the_whole_session(client, acme, hr):
    first = await signed_in(client)
    rotated = (await refresh(client, first["refreshToken"]))["tokens"]
    reused = await refresh(client, first["refreshToken"])
    assert reused == error(
        "REFRESH_TOKEN_REUSED",
        "This refresh token was already used, so its session was ended: sign in again.",
    )
    # Every token of the family stops working: the thief's and the owner's.
    assert await refresh(client, rotated["refreshToken"]) == error(
        "SESSION_ENDED", "The session of this refresh token has ended: sign in again."
    )
    assert await viewer_code(client, rotated["accessToken"]) == "UNAUTHENTICATED"
    assert await viewer_code(client, first["accessToken"]) == "UNAUTHENTICATED"
    session = await Session.get(user_id=hr.user_id, method=SignInMethod.PASSWORD)
    assert session.revoked_reason == "refresh_token_reused"
    revoked = await AuditEvent.get(action="session.revoked", subject_id=session.id)
    assert (revoked.organization_id, revoked.changes) == (
        acme.id,
        {"reason": "refresh_token_reused"},
    )


async def test_a_refresh_token_lapses_after_fourteen_days(client, acme, hr):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        tokens = await signed_in(client)
        traveller.shift(timedelta(days=14, seconds=1))
        assert await refresh(client, tokens["refreshToken"]) == error(
            "REFRESH_TOKEN_EXPIRED", "This refresh token has expired: sign in again."
        )


async def test_an_unknown_refresh_token_is_refused(client, acme, hr):
    assert await refresh(client, "not-a-token") == error(
        "REFRESH_TOKEN_INVALID", "This refresh token is not valid: sign in again."
    )


async def test_signing_out_ends_the_session_and_its_tokens(client, acme, hr):
    tokens = await signed_in(client)
    kept = await signed_in(client)  # another device
    answer = await gql(client, SIGN_OUT, token=tokens["accessToken"])
    assert answer == {"data": {"signOut": {"signedOut": True, "errors": []}}}
    assert await viewer_code(client, tokens["accessToken"]) == "UNAUTHENTICATED"
    assert (await refresh(client, tokens["refreshToken"]))["errors"][0]["code"] == "SESSION_ENDED"
    assert await viewer_code(client, kept["accessToken"]) is None
    again = await gql(client, SIGN_OUT, token=tokens["accessToken"])
    assert again["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    ended = await Session.filter(user_id=hr.user_id, revoked_reason="signed_out").count()
    assert ended == 1


async def test_anonymous_callers_and_apps_cannot_sign_out_or_change_passwords(client, acme, hr):
    app_token = await make_app_token(acme, ["alumni:read", "alumni:write"], hr)
    variables = {"current": PASSWORD, "new": NEW_PASSWORD}
    for token, code in ((None, "UNAUTHENTICATED"), (app_token, "FORBIDDEN")):
        for query, given in ((SIGN_OUT, None), (CHANGE, variables)):
            answer = await gql(client, query, given, token=token)
            assert answer["data"] is None
            assert answer["errors"][0]["extensions"]["code"] == code
    assert await Session.filter(revoked_at__not_isnull=True).count() == 0
    assert passwords.hasher.verify((await User.get(id=hr.user_id)).password_hash, PASSWORD)


async def test_changing_the_password_ends_the_other_sessions(client, acme, hr):
    current = await signed_in(client)
    other = await signed_in(client)
    answer = await gql(
        client, CHANGE, {"current": PASSWORD, "new": NEW_PASSWORD}, current["accessToken"]
    )
    assert answer == {"data": {"passwordChange": {"passwordChanged": True, "errors": []}}}
    assert await viewer_code(client, current["accessToken"]) is None
    assert await viewer_code(client, other["accessToken"]) == "UNAUTHENTICATED"
    assert (await sign_in_as(client, "hanako@acme.example"))["errors"][0]["code"] == (
        "INVALID_CREDENTIALS"
    )
    assert (await sign_in_as(client, "hanako@acme.example", NEW_PASSWORD))["errors"] == []
    user = await User.get(id=hr.user_id)
    assert user.password_changed_at is not None
    assert (user.updated_by_kind, user.updated_by_id) == ("user", str(hr.user_id))
    changed = await AuditEvent.filter(action="password.changed", actor_id=str(hr.user_id))
    assert [(e.organization_id, e.subject_id) for e in changed] == [(acme.id, hr.user_id)]


async def test_a_refused_password_change_writes_nothing(client, acme, hr):
    tokens = await signed_in(client)
    other = await signed_in(client)
    before = (await User.get(id=hr.user_id)).password_hash
    audited = await AuditEvent.all().count()

    async def change(current: str, new: str) -> dict:
        variables = {"current": current, "new": new}
        return (await gql(client, CHANGE, variables, tokens["accessToken"]))["data"][
            "passwordChange"
        ]

    weak = await change(PASSWORD, "hanako123")
    assert weak["passwordChanged"] is False
    assert [(e["field"], e["code"]) for e in weak["errors"]] == [
        ("newPassword", "PASSWORD_TOO_SHORT"),
        ("newPassword", "PASSWORD_CONTAINS_EMAIL"),
    ]
    wrong = await change("not my password at all", NEW_PASSWORD)
    assert wrong == {
        "passwordChanged": False,
        "errors": [
            {
                "field": "currentPassword",
                "code": "INVALID_CREDENTIALS",
                "message": "The email or password is not correct.",
                "retryAfter": None,
            }
        ],
    }
    assert (await User.get(id=hr.user_id)).password_hash == before
    assert await AuditEvent.all().count() == audited
    assert await viewer_code(client, other["accessToken"]) is None


async def test_guessing_the_current_password_is_limited_like_signing_in(client, acme, hr):
    tokens = await signed_in(client)
    codes = []
    for _ in range(7):
        answer = await gql(
            client,
            CHANGE,
            {"current": "a wrong guess here", "new": NEW_PASSWORD},
            tokens["accessToken"],
        )
        codes.append(answer["data"]["passwordChange"]["errors"][0]["code"])
    assert codes == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"] * 2
