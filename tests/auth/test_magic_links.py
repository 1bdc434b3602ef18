"""Alumni sign in by one-time link: a real SMTP server on loopback receives the mail."""

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
import time_machine

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.identity.models import MagicLink, Session
from kizuna.app import create_app
from kizuna.settings import Settings
from tests.factories import make_alumnus, make_employee, make_member, make_org
from tests.live import free_port

REQUEST = """mutation($email: String!, $org: String!) {
  magicLinkRequest(input: {email: $email, organization: $org}) {
    accepted errors { field code message retryAfter } } }"""
REDEEM = """mutation($token: String!) {
  magicLinkRedeem(input: {token: $token}) {
    tokens { accessToken refreshToken expiresIn } errors { field code message } } }"""
VIEWER = "{ viewer { email role organization { slug } } }"
LINK = re.compile(r"https?://\S+token=([A-Za-z0-9_-]+)")
ACCEPTED = {"data": {"magicLinkRequest": {"accepted": True, "errors": []}}}
INVALID = [
    {
        "field": "token",
        "code": "INVALID_LINK",
        "message": "This sign-in link is not valid: it may have expired or been used. "
        "Ask for a new one.",
    }
]


@pytest.fixture
async def smtp_client(settings: Settings, inbox) -> AsyncIterator[httpx.AsyncClient]:
    _, port = inbox
    app = create_app(replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.test") as http:
        yield http


async def post(client: httpx.AsyncClient, query: str, **variables: str) -> dict:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


async def alumnus_account(slug: str = "acme", email: str = "hanako@example.jp"):
    org = await make_org(slug)
    person = await make_alumnus(org, name="卒業 花子", personal_email=email)
    membership, _ = await make_member(org, Role.ALUMNUS, person, email=email)
    return org, membership


def token_in(message: EmailMessage) -> str:
    [token] = set(LINK.findall(message.get_content()))
    return token


async def test_an_alumnus_gets_a_link_by_mail_and_signs_in_with_it(smtp_client, inbox):
    handler, _ = inbox
    await alumnus_account()
    assert await post(smtp_client, REQUEST, email="Hanako@Example.jp", org="acme") == ACCEPTED
    [message] = handler.messages
    assert message["To"] == "hanako@example.jp"
    assert message["From"] == "Kizuna <no-reply@kizuna.example>"
    assert "ログインリンク" in message["Subject"]
    body = (await post(smtp_client, REDEEM, token=token_in(message)))["data"]["magicLinkRedeem"]
    assert body["errors"] == []
    headers = {"Authorization": f"Bearer {body['tokens']['accessToken']}"}
    viewer = await smtp_client.post("/graphql", json={"query": VIEWER}, headers=headers)
    assert viewer.json() == {
        "data": {
            "viewer": {
                "email": "hanako@example.jp",
                "role": "ALUMNUS",
                "organization": {"slug": "acme"},
            }
        }
    }
    [session] = await Session.filter(method="magic_link")
    assert await AuditEvent.filter(action="auth.sign_in", subject_id=session.id).count() == 1


async def test_nobody_learns_who_has_an_account(smtp_client, inbox):
    handler, _ = inbox
    org, _ = await alumnus_account()
    employee = await make_employee(org, personal_email="staff@example.jp")
    await make_member(org, Role.EMPLOYEE, employee, email="staff@example.jp")
    await make_org("beta")
    for email, slug in [
        ("nobody@example.jp", "acme"),  # no account
        ("staff@example.jp", "acme"),  # staff sign in otherwise
        ("hanako@example.jp", "beta"),  # not an alumna of that organization
        ("hanako@example.jp", "no-such-org"),
    ]:
        assert await post(smtp_client, REQUEST, email=email, org=slug) == ACCEPTED
    assert handler.messages == []
    assert await MagicLink.all().count() == 0


async def test_without_smtp_the_mail_lands_in_the_mail_folder(settings, tmp_path: Path):
    await alumnus_account()
    folder = tmp_path / "mail"
    app = create_app(replace(settings, mail_dir=str(folder)), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.test") as http:
        assert await post(http, REQUEST, email="hanako@example.jp", org="acme") == ACCEPTED
        [file] = folder.glob("*.eml")
        message = message_from_bytes(file.read_bytes(), policy=policy.default)
        assert message["To"] == "hanako@example.jp"
        body = await post(http, REDEEM, token=token_in(message))
        assert body["data"]["magicLinkRedeem"]["errors"] == []


async def test_forged_expired_and_used_links_are_refused_alike(smtp_client, inbox):
    handler, _ = inbox
    await alumnus_account()
    refused = {"data": {"magicLinkRedeem": {"tokens": None, "errors": INVALID}}}
    assert await post(smtp_client, REDEEM, token="forged-token") == refused
    assert await post(smtp_client, REDEEM, token="") == refused
    with time_machine.travel(0, tick=False) as traveller:
        traveller.move_to("2026-11-28T09:00:00+00:00")
        await post(smtp_client, REQUEST, email="hanako@example.jp", org="acme")
        traveller.shift(timedelta(minutes=15))
        assert await post(smtp_client, REDEEM, token=token_in(handler.messages[0])) == refused
        traveller.shift(-timedelta(minutes=1))
        await post(smtp_client, REQUEST, email="hanako@example.jp", org="acme")
        fresh = token_in(handler.messages[1])
        first = await post(smtp_client, REDEEM, token=fresh)
        assert first["data"]["magicLinkRedeem"]["errors"] == []
        assert await post(smtp_client, REDEEM, token=fresh) == refused
    assert await Session.filter(method="magic_link").count() == 1


async def test_two_redeems_at_once_sign_in_once(smtp_client, inbox):
    handler, _ = inbox
    await alumnus_account()
    await post(smtp_client, REQUEST, email="hanako@example.jp", org="acme")
    token = token_in(handler.messages[0])
    answers = await asyncio.gather(*(post(smtp_client, REDEEM, token=token) for _ in range(2)))
    errors = sorted(len(a["data"]["magicLinkRedeem"]["errors"]) for a in answers)
    assert errors == [0, 1]
    assert await Session.filter(method="magic_link").count() == 1


async def test_the_link_page_shows_a_button_and_only_its_post_signs_in(smtp_client, inbox):
    handler, _ = inbox
    await alumnus_account()
    await post(smtp_client, REQUEST, email="hanako@example.jp", org="acme")
    token = token_in(handler.messages[0])
    page = await smtp_client.get("/auth/magic-link", params={"token": token})
    assert page.status_code == 200
    assert f'name="token" value="{token}"' in page.text
    assert await Session.filter(method="magic_link").count() == 0  # GET signs nobody in
    signed_in = await smtp_client.post("/auth/magic-link", data={"token": token})
    assert signed_in.status_code == 200
    assert set(signed_in.json()) == {"access_token", "refresh_token", "expires_in", "token_type"}
    again = await smtp_client.post("/auth/magic-link", data={"token": token})
    assert (again.status_code, again.json()["error"]) == (400, "invalid_link")


async def test_the_page_escapes_what_it_is_given(smtp_client):
    page = await smtp_client.get("/auth/magic-link", params={"token": '"><script>x</script>'})
    assert "<script>x" not in page.text
    assert "&quot;&gt;&lt;script&gt;" in page.text


async def test_asking_too_often_is_limited_with_retry_after(smtp_client, inbox):
    handler, _ = inbox
    await alumnus_account()
    for _ in range(3):
        assert await post(smtp_client, REQUEST, email="hanako@example.jp", org="acme") == ACCEPTED
    response = await smtp_client.post(
        "/graphql",
        json={"query": REQUEST, "variables": {"email": "hanako@example.jp", "org": "acme"}},
    )
    payload = response.json()["data"]["magicLinkRequest"]
    assert payload["accepted"] is False
    [error] = payload["errors"]
    assert (error["code"], error["retryAfter"]) == ("RATE_LIMITED", 900)
    assert response.headers["retry-after"] == "900"
    assert len(handler.messages) == 3


async def test_a_mail_server_that_is_down_changes_nothing_in_the_answer(settings):
    await alumnus_account()
    down = replace(settings, smtp_url=f"smtp://127.0.0.1:{free_port()}")
    app = create_app(down, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.test") as http:
        assert await post(http, REQUEST, email="hanako@example.jp", org="acme") == ACCEPTED
    assert await MagicLink.all().count() == 1  # asked again, a new link is sent
