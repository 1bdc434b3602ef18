"""Newsletters through the API and the worker, to a real SMTP server on loopback: a person
without newsletter consent gets no newsletter, a consent withdrawn after sending was asked
for stops the mail, and the consent history shows both."""

from dataclasses import replace

import pytest

from domain.accounts.models import Role
from domain.newsletters.models import Newsletter, NewsletterDelivery
from domain.outbox.models import OutboxEvent
from domain.outbox.runner import run_until_idle
from kizuna.diagnostics import count_statements
from kizuna.worker import build_registry
from resolvers import ids
from tests.factories import gql, make_alumnus, make_app_token, make_employee, make_member, make_org

SEND = """
mutation($input: NewsletterSendInput!) {
  newsletterSend(input: $input) {
    newsletter { id subject body recipientCount createdBy { kind id }
      counts { pending sent skippedNoConsent skippedNoAddress failed } }
    errors { field code message }
  }
}
"""
LIST = """
query($first: Int!, $after: String) {
  newsletters(first: $first, after: $after) {
    edges { node { id subject recipientCount
      counts { pending sent skippedNoConsent skippedNoAddress failed } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
CONSENT = """
mutation($input: ConsentRecordInput!) {
  consentRecord(input: $input) { consent { granted } errors { code } }
}
"""
HISTORY = """
query($id: ID!) { node(id: $id) { ... on Person {
  consentHistory(first: 10) { edges { node { purpose granted source } } }
} } }
"""
NEWSLETTER = {"subject": "アルムナイ通信 春号", "body": "春の交流会を開きます。"}


@pytest.fixture
async def world(client):
    org = await make_org("acme")
    other = await make_org("beta", "株式会社ベータ")
    tokens = {}
    for role in (Role.HR, Role.EXECUTIVE, Role.MANAGER, Role.EMPLOYEE):
        _, tokens[role.value] = await make_member(org, role, await make_employee(org))
    people = {
        "agreed": await make_alumnus(org, name="同意 花子", personal_email="hanako@example.jp"),
        "never_asked": await make_alumnus(org, name="未確認 次郎"),
        "changes_mind": await make_alumnus(org, name="撤回 三郎", personal_email="s@example.jp"),
    }
    _, tokens["alumnus"] = await make_member(org, Role.ALUMNUS, people["changes_mind"])
    elsewhere = await make_alumnus(other, name="他社 四郎", personal_email="b@example.jp")
    _, tokens["other_hr"] = await make_member(other, Role.HR, await make_employee(other))
    tokens["anonymous"] = None
    return {"org": org, "tokens": tokens, "people": people, "elsewhere": elsewhere}


async def written() -> dict[str, int]:
    return {
        "newsletter": await Newsletter.all().count(),
        "delivery": await NewsletterDelivery.all().count(),
        "outbox": await OutboxEvent.filter(event_type="newsletter.delivery").count(),
    }


async def consent(client, token, **given) -> None:
    body = await gql(client, CONSENT, {"input": {"purpose": "NEWSLETTER", **given}}, token)
    assert body["data"]["consentRecord"]["errors"] == [], body


async def test_the_newsletter_reaches_only_who_agreed_and_still_agrees(
    client, world, settings, inbox
):
    handler, port = inbox
    tokens, people = world["tokens"], world["people"]
    gid = {key: ids.encode("Person", person.id) for key, person in people.items()}
    await consent(
        client,
        tokens["hr"],
        personId=gid["agreed"],
        channel="EMAIL",
        granted=True,
        source="OFFBOARDING_FORM",
    )
    await consent(client, tokens["alumnus"], channel="EMAIL", granted=True)
    await consent(
        client,
        tokens["other_hr"],
        channel="EMAIL",
        granted=True,
        personId=ids.encode("Person", world["elsewhere"].id),
        source="HR_ON_PERSONS_WORD",
    )

    body = await gql(client, SEND, {"input": NEWSLETTER}, tokens["hr"])
    payload = body["data"]["newsletterSend"]
    assert payload["errors"] == []
    sent = payload["newsletter"]
    assert sent["recipientCount"] == 3
    assert sent["counts"] == {
        "pending": 3,
        "sent": 0,
        "skippedNoConsent": 0,
        "skippedNoAddress": 0,
        "failed": 0,
    }
    # The alumnus changes their mind after the newsletter was queued, before it goes out.
    await consent(client, tokens["alumnus"], channel="EMAIL", granted=False)

    registry = build_registry(replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"))
    await run_until_idle(registry, "worker")

    assert [message["To"] for message in handler.messages] == ["hanako@example.jp"]
    assert handler.messages[0]["Subject"] == NEWSLETTER["subject"]
    body = await gql(client, LIST, {"first": 10}, tokens["executive"])
    [edge] = body["data"]["newsletters"]["edges"]
    assert edge["node"] == {
        "id": sent["id"],
        "subject": NEWSLETTER["subject"],
        "recipientCount": 3,
        "counts": {
            "pending": 0,
            "sent": 1,
            "skippedNoConsent": 2,  # never asked, and withdrawn after queuing
            "skippedNoAddress": 0,
            "failed": 0,
        },
    }
    body = await gql(client, HISTORY, {"id": gid["changes_mind"]}, tokens["hr"])
    history = [
        edge["node"]
        for edge in body["data"]["node"]["consentHistory"]["edges"]
        if edge["node"]["purpose"] == "NEWSLETTER"
    ]
    assert history == [
        {"purpose": "NEWSLETTER", "granted": False, "source": "SELF_SERVICE"},
        {"purpose": "NEWSLETTER", "granted": True, "source": "SELF_SERVICE"},
    ]
    # The other organization's newsletter list is its own.
    body = await gql(client, LIST, {"first": 10}, tokens["other_hr"])
    assert body["data"]["newsletters"]["edges"] == []


async def test_executives_send_too(client, world):
    body = await gql(client, SEND, {"input": NEWSLETTER}, world["tokens"]["executive"])
    newsletter = body["data"]["newsletterSend"]["newsletter"]
    assert newsletter["createdBy"]["kind"] == "USER"
    assert await written() == {"newsletter": 1, "delivery": 3, "outbox": 3}


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("manager", "FORBIDDEN"),
        ("employee", "FORBIDDEN"),
        ("alumnus", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
        ("app", "FORBIDDEN"),
    ],
)
async def test_who_may_not_send_or_list_and_nothing_is_written(client, world, who, code):
    token = world["tokens"].get(who)
    if who == "app":  # no partner-app scope covers mass mail
        token = await make_app_token(world["org"], ["alumni:read", "alumni:write"])
    before = await written()
    body = await gql(client, SEND, {"input": NEWSLETTER}, token)
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["newsletterSend"], code)
    ]
    assert await written() == before
    body = await gql(client, LIST, {"first": 5}, token)
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["newsletters"], code)
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"subject": " "}, [("subject", "REQUIRED", "This field is required.")]),
        ({"subject": "x" * 201}, [("subject", "TOO_LONG", "At most 200 characters.")]),
        (
            {"subject": "一行目\r\n二行目"},
            [("subject", "INVALID", "A subject is one line of text.")],
        ),
        (
            {"body": "", "subject": ""},
            [
                ("subject", "REQUIRED", "This field is required."),
                ("body", "REQUIRED", "This field is required."),
            ],
        ),
        ({"body": "x" * 50_001}, [("body", "TOO_LONG", "At most 50000 characters.")]),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_queued(client, world, given, expected):
    before = await written()
    body = await gql(client, SEND, {"input": {**NEWSLETTER, **given}}, world["tokens"]["hr"])
    payload = body["data"]["newsletterSend"]
    assert payload["newsletter"] is None
    assert [(e["field"], e["code"], e["message"]) for e in payload["errors"]] == expected
    assert await written() == before


async def test_the_list_pages_newest_first_in_two_queries_whatever_the_page(client, world):
    token = world["tokens"]["hr"]
    subjects = [f"第{n}号" for n in range(1, 13)]
    for subject in subjects:
        await gql(client, SEND, {"input": {**NEWSLETTER, "subject": subject}}, token)
    counts = {}
    for first in (3, 12):
        with count_statements() as counter:
            body = await gql(client, LIST, {"first": first}, token)
        assert len(body["data"]["newsletters"]["edges"]) == first
        counts[first] = counter.count
    assert counts == {3: 3, 12: 3}  # token → membership, the page, the counts
    seen, after = [], None
    while True:
        body = await gql(client, LIST, {"first": 5, "after": after}, token)
        page = body["data"]["newsletters"]
        seen += [edge["node"]["subject"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(reversed(subjects))
