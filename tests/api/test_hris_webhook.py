"""HRIS departure webhooks through the real app: hr connects each HR system over GraphQL,
then SmartHR-, HiBob- and Gusto-style events start off-boarding once per event id."""

import asyncio
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.hris.error_codes import (
    INBOUND_MESSAGES,
    MESSAGES,
    HrisSettingsErrorCode,
    InboundErrorCode,
)
from domain.hris.models import HrisProvider, InboundEventStatus, InboundWebhookEvent
from domain.identity import throttle
from domain.offboarding.models import Offboarding
from domain.outbox.models import OutboxEvent
from domain.people.models import EmploymentPeriod
from integrations.hris import PROVIDERS, endpoint, sign
from resolvers import ids
from tests.factories import gql, make_app_token, make_employee, make_member, make_org

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)
SECRET = "whk-secret-0123456789abcdef"
CREW_ID = "7d3c2b1a-0000-4000-8000-00000000c0de"
BOB_ID = "3332883854254932743"
GUSTO_ID = "bcfc9744-0ab3-4ef3-ab0d-e728255d659c"
PROVIDER_IDS = {"smarthr": CREW_ID, "hibob": BOB_ID, "gusto": GUSTO_ID}
CONNECT = """
mutation($input: HrisConnectionSetInput!) {
  hrisConnectionSet(input: $input) {
    connection { provider webhookUrl updatedBy } errors { field code message }
  }
}
"""
EMPLOYEE_ID = """
mutation($input: HrisEmployeeIdSetInput!) {
  hrisEmployeeIdSet(input: $input) { employeeId errors { field code message } }
}
"""


def smarthr_event(**crew: Any) -> dict[str, Any]:
    return {
        "event": "crew_updated",
        "triggered_at": "2030-04-10T12:05:12.345+09:00",
        "sender": {"id": "0c6f1f5e-hr-admin", "emp_code": "HR-0001"},
        "crew": {
            "id": CREW_ID,
            "emp_code": "Ａ-0042",  # full-width, as typed in SmartHR
            "email": "someone.else@example.co.jp",
            "emp_status": "employed",
            "resigned_at": "2030-04-30",
            **crew,
        },
    }


def hibob_event(event: str = "employee.left") -> dict[str, Any]:
    return {
        "companyId": 636192,
        "type": event,
        "triggeredBy": "system",
        "triggeredAt": "2030-04-29T15:00:03.512345",  # UTC: 2030-04-30 in Tokyo
        "version": "v2",
        "data": {"employeeId": BOB_ID},
    }


def gusto_event(event: str = "employee.terminated") -> dict[str, Any]:
    return {
        "uuid": "03ffbf0c-48a9-4f1c-932a-546413a26ad1",
        "event_type": event,
        "resource_type": "Company",
        "resource_uuid": "5df911a0-e8e9-412d-8aaf-a46ad193dd96",
        "entity_type": "Employee",
        "entity_uuid": GUSTO_ID,
        "timestamp": int(datetime(2030, 4, 20, 16, 0, tzinfo=UTC).timestamp()),  # 21st in Tokyo
    }


EVENTS = {"smarthr": smarthr_event, "hibob": hibob_event, "gusto": gusto_event}
# Gusto sends no leave date: the day of the event in Tokyo is the leave date.
LEAVE_DATES = {"smarthr": "2030-04-30", "hibob": "2030-04-30", "gusto": "2030-04-21"}


def encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


async def post(client, provider: str, body: bytes, slug="acme", secret=SECRET, headers=None):
    return await client.post(
        f"/webhooks/hris/{provider}/{slug}",
        content=body,
        headers=sign(provider, body, secret) if headers is None else headers,
    )


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        org = await make_org("acme")
        other = await make_org("other", "株式会社アザー")
        hr_person = await make_employee(org, name="人事")
        _, hr = await make_member(org, Role.HR, hr_person)
        _, other_hr = await make_member(other, Role.HR, await make_employee(other))
        leaver = await make_employee(
            org,
            name="佐藤 花子",
            employee_number="A-0042",
            work_email="hanako.sato@example.co.jp",
            hire_date=date(2019, 4, 1),
        )
        for provider in EVENTS:
            body = await gql(
                client, CONNECT, {"input": {"provider": provider.upper(), "secret": SECRET}}, hr
            )
            assert body["data"]["hrisConnectionSet"]["errors"] == [], body
        await gql(client, CONNECT, {"input": {"provider": "SMARTHR", "secret": SECRET}}, other_hr)
    return {"org": org, "hr": hr, "leaver": leaver, "other_hr": other_hr}


async def link(client, world, provider: str, employee_id: str | None) -> dict[str, Any]:
    variables = {
        "input": {
            "personId": ids.encode("Person", world["leaver"].id),
            "provider": provider.upper(),
            "employeeId": employee_id,
        }
    }
    body = await gql(client, EMPLOYEE_ID, variables, world["hr"])
    return body["data"]["hrisEmployeeIdSet"]


async def state() -> dict[str, Any]:
    return {
        "offboarding": await Offboarding.all().count(),
        "open periods": await EmploymentPeriod.filter(leave_date=None).count(),
        "outbox_event": await OutboxEvent.all().count(),
        "audit_event": await AuditEvent.all().count(),
        "inbound": await InboundWebhookEvent.all().values_list("status", "attempts"),
    }


# --- connecting --------------------------------------------------------------------------


async def test_hr_connects_a_provider_and_the_secret_is_never_shown(client, world):
    body = await gql(
        client,
        CONNECT,
        {"input": {"provider": "HIBOB", "secret": "  another-secret-0123456789  "}},
        world["hr"],
    )
    connection = body["data"]["hrisConnectionSet"]["connection"]
    assert connection["provider"] == "HIBOB"
    assert connection["webhookUrl"] == "http://127.0.0.1:8000/webhooks/hris/hibob/acme"
    listed = await client.post(
        "/graphql",
        json={"query": "{ hrisConnections { provider webhookUrl } }"},
        headers={"Authorization": f"Bearer {world['hr']}"},
    )
    assert [c["provider"] for c in listed.json()["data"]["hrisConnections"]] == [
        "GUSTO",
        "HIBOB",
        "SMARTHR",
    ]
    assert "secret-0123456789" not in listed.text and "0123456789" not in json.dumps(body)
    refused = await post(client, "hibob", encode(hibob_event()))  # signed with the old secret
    assert refused.status_code == 401
    accepted = await post(
        client, "hibob", encode(hibob_event("employee.updated")), secret="another-secret-0123456789"
    )
    assert accepted.status_code == 200


@pytest.mark.parametrize(
    ("secret", "code"),
    [("short-secret", "TOO_SHORT"), ("   ", "REQUIRED"), ("x" * 501, "TOO_LONG")],
)
async def test_a_weak_secret_is_refused(client, world, secret, code):
    body = await gql(
        client, CONNECT, {"input": {"provider": "GUSTO", "secret": secret}}, world["hr"]
    )
    payload = body["data"]["hrisConnectionSet"]
    assert payload["connection"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("secret", code)]


async def test_only_hr_in_its_own_session_connects(client, world):
    _, executive = await make_member(world["org"], Role.EXECUTIVE)
    app = await make_app_token(world["org"], ["alumni:write"])
    for token in (executive, app):
        body = await gql(client, CONNECT, {"input": {"provider": "GUSTO", "secret": SECRET}}, token)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_an_employee_id_belongs_to_one_person(client, world):
    assert await link(client, world, "hibob", BOB_ID) == {"employeeId": BOB_ID, "errors": []}
    other = await make_employee(world["org"])
    body = await gql(
        client,
        EMPLOYEE_ID,
        {
            "input": {
                "personId": ids.encode("Person", other.id),
                "provider": "HIBOB",
                "employeeId": BOB_ID,
            }
        },
        world["hr"],
    )
    errors = body["data"]["hrisEmployeeIdSet"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("employeeId", "EMPLOYEE_ID_TAKEN")]
    assert await link(client, world, "hibob", None) == {"employeeId": None, "errors": []}


# --- departures ----------------------------------------------------------------------------


@pytest.mark.parametrize("provider", list(EVENTS))
async def test_a_departure_starts_offboarding_once(client, world, provider):
    await link(client, world, provider, PROVIDER_IDS[provider])
    body = encode(EVENTS[provider]())
    with time_machine.travel(NOW, tick=False):
        response = await post(client, provider, body)
        assert (response.status_code, response.json()) == (
            200,
            {"outcome": "offboarding_started", "leaveDate": LEAVE_DATES[provider]},
        )
        offboarding = await Offboarding.get(person_id=world["leaver"].id)
        assert offboarding.source == "hris"
        assert offboarding.created_by.label == f"webhook:hris:{provider}"
        period = await EmploymentPeriod.get(person_id=world["leaver"].id)
        assert period.leave_date.isoformat() == LEAVE_DATES[provider]
        event = await InboundWebhookEvent.get(organization_id=world["org"].id)
        assert (event.provider, event.status, event.offboarding_id) == (
            provider,
            InboundEventStatus.PROCESSED,
            offboarding.id,
        )

        before = await state()
        replay = await post(client, provider, body)
        assert (replay.status_code, replay.json()) == (response.status_code, response.json())
        assert await state() == before


async def test_the_same_event_delivered_twice_at_once_starts_one_offboarding(client, world):
    body = encode(smarthr_event())
    with time_machine.travel(NOW, tick=False):
        answers = await asyncio.gather(*(post(client, "smarthr", body) for _ in range(2)))
    assert [(a.status_code, a.json()["outcome"]) for a in answers] == [
        (200, "offboarding_started"),
        (200, "offboarding_started"),
    ]
    assert await Offboarding.all().count() == 1
    assert await InboundWebhookEvent.all().count() == 1


async def test_a_later_report_of_the_same_departure_finds_it_started(client, world):
    with time_machine.travel(NOW, tick=False):
        await post(client, "smarthr", encode(smarthr_event()))
        later = await post(client, "smarthr", encode(smarthr_event(emp_status="retired")))
    assert (later.status_code, later.json()) == (
        200,
        {"outcome": "already_started", "leaveDate": "2030-04-30"},
    )
    assert await Offboarding.all().count() == 1
    assert await InboundWebhookEvent.all().count() == 2


@pytest.mark.parametrize("provider", list(EVENTS))
async def test_a_bad_signature_is_refused_and_nothing_is_written(client, world, provider):
    await link(client, world, provider, PROVIDER_IDS[provider])
    before = await state()
    body = encode(EVENTS[provider]())
    response = await post(client, provider, body, secret="not-the-secret-0123456789")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    missing = await post(client, provider, body, headers={})
    assert (missing.status_code, missing.json()["error"]["code"]) == (401, "missing_signature")
    assert await state() == before


@pytest.mark.parametrize("provider", list(EVENTS))
async def test_an_unknown_employee_is_refused_and_a_retry_after_the_fix_works(
    client, world, provider
):
    # Nobody is known by this provider's id, and (SmartHR) by this number or email.
    payload = EVENTS[provider]()
    if provider == "smarthr":
        payload["crew"]["emp_code"] = "Z-9999"
    body = encode(payload)
    before = await state()
    with time_machine.travel(NOW, tick=False):
        response = await post(client, provider, body)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unknown_employee"
        assert response.json()["error"]["message"].startswith("No employee of the organization")
        after = await state()
        assert after == {**before, "inbound": [("failed", 1)]}

        # hr tells Kizuna the provider's id; the provider's retry now starts off-boarding.
        await link(client, world, provider, PROVIDER_IDS[provider])
        retry = await post(client, provider, body)
    assert (retry.status_code, retry.json()["outcome"]) == (200, "offboarding_started")
    event = await InboundWebhookEvent.get()
    assert (event.status, event.attempts, event.response_status) == ("processed", 2, 200)


async def test_smarthr_matches_by_employee_number_then_email(client, world):
    by_email = smarthr_event(emp_code=None, email="HANAKO.SATO@example.co.jp")
    with time_machine.travel(NOW, tick=False):
        response = await post(client, "smarthr", encode(by_email))
    assert response.json()["outcome"] == "offboarding_started"
    assert (await Offboarding.get()).person_id == world["leaver"].id


async def test_another_organizations_employee_is_unknown(client, world):
    response = await post(client, "smarthr", encode(smarthr_event()), slug="other")
    assert (response.status_code, response.json()["error"]["code"]) == (422, "unknown_employee")
    assert await Offboarding.all().count() == 0


async def test_a_leave_date_before_the_hire_date_is_refused_and_can_be_retried(client, world):
    body = encode(smarthr_event(resigned_at="2019-03-31"))
    before = await state()
    response = await post(client, "smarthr", body)
    assert (response.status_code, response.json()["error"]["code"]) == (422, "leave_before_hire")
    assert await state() == {**before, "inbound": [("failed", 1)]}


async def test_events_that_are_not_departures_are_ignored(client, world):
    before = await state()
    for provider, body in (
        ("smarthr", encode(smarthr_event() | {"event": "crew_created"})),
        ("hibob", encode(hibob_event("employee.updated"))),
        ("gusto", encode(gusto_event("employee.rehired"))),
        ("hibob", b"Ping test"),
    ):
        response = await post(client, provider, body)
        assert response.status_code == 200
        assert set(response.json()) == {"ignored"}
    assert await state() == before


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/webhooks/hris/workday/acme", 404, "unknown_provider"),
        ("/webhooks/hris/gusto/nobody", 404, "no_connection"),
        ("/webhooks/hris/smarthr/other", 401, "bad_signature"),  # the other org's secret
    ],
)
async def test_unknown_providers_and_organizations(client, world, path, status, code):
    body = encode(gusto_event())
    response = await client.post(path, content=body, headers=sign("smarthr", body, SECRET[::-1]))
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)


async def test_an_unconnected_provider_is_refused(client, world):
    body = encode(gusto_event())
    response = await post(client, "gusto", body, slug="other")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "no_connection")


async def test_a_malformed_body_is_refused(client, world):
    body = b'{"event": "crew_updated"}'
    response = await post(client, "smarthr", body)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "malformed_payload")


async def test_requests_from_one_address_are_limited(client, world, monkeypatch):
    limit = throttle.Limit(
        "hris:address", 2, window=timedelta(minutes=1), block=timedelta(minutes=1)
    )
    monkeypatch.setattr(endpoint, "PER_ADDRESS", limit)
    body = encode(hibob_event("employee.updated"))
    answers = [(await post(client, "hibob", body)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    refused = await post(client, "hibob", body)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60


def readme_example(secret: str) -> tuple[str, dict[str, str]]:
    """The README's HiBob body, and the header its one-liner computes, as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [body] = re.findall(r"^BODY='(.*)'$", readme, re.MULTILINE)
    [code] = re.findall(r"\.venv/bin/python -c '(.*?)' \"\$BODY\"", readme)
    header = subprocess.run(
        [sys.executable, "-c", code, body, secret],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    name, _, value = header.partition(": ")
    return body, {name: value}


async def test_the_readme_example_starts_offboarding(client, world):
    body, headers = readme_example(SECRET)
    await link(client, world, "hibob", "3332883854254932743")
    with time_machine.travel(NOW, tick=False):
        response = await client.post(
            "/webhooks/hris/hibob/acme", content=body.encode(), headers=headers
        )
    assert (response.status_code, response.json()) == (
        200,
        {"outcome": "offboarding_started", "leaveDate": "2030-04-30"},
    )


def test_the_domain_knows_every_provider_and_every_code_has_a_message():
    assert {provider.value for provider in HrisProvider} == set(PROVIDERS)
    assert set(MESSAGES) == set(HrisSettingsErrorCode)
    assert set(INBOUND_MESSAGES) == set(InboundErrorCode)
    assert all(m.endswith(".") for m in [*MESSAGES.values(), *INBOUND_MESSAGES.values()])
