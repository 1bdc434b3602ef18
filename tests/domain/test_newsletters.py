"""Newsletters through the outbox worker, to a real SMTP server on loopback.

The gate is asked when each mail is due, not when the newsletter is queued; each delivery
is claimed before its mail is sent and marked after, so that no person gets it twice.
"""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine

from domain.audit.models import AuditEvent
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainErrors
from domain.consent.models import ConsentDecision
from domain.consent.services import consent_history, record_consent
from domain.newsletters.models import DeliveryStatus, Newsletter, NewsletterDelivery
from domain.newsletters.services import (
    INTERRUPTED,
    DeliveryBusy,
    deliver_newsletter,
    delivery_counts,
    send_newsletter,
)
from domain.outbox.models import OutboxEvent, OutboxStatus
from domain.outbox.runner import LEASE, run_one, run_until_idle
from domain.people.services import archive_person
from integrations.mail import send_outgoing
from kizuna.worker import build_registry
from tests.factories import make_alumnus, make_employee, make_org

HR = Actor.user("0c4f2b8e-0000-4000-8000-00000000000a")
SUBJECT = "アルムナイ通信 2030年春号"
BODY = "皆さまお元気ですか。\n春の交流会のお知らせです。"


async def grant(org, person, decision="granted") -> None:
    await record_consent(org, HR, person, "newsletter", "email", decision, "hr_on_persons_word")


async def send(org) -> Newsletter:
    """The newsletter, queued with the setup's own outbox rows (people, consents) gone, so
    that the worker runs only deliveries."""
    await OutboxEvent.all().delete()
    return await send_newsletter(org, HR, SUBJECT, BODY)


@pytest.fixture
def mail_settings(settings, inbox):
    _, port = inbox
    return replace(settings, smtp_url=f"smtp://127.0.0.1:{port}")


@pytest.fixture
def registry(mail_settings):
    return build_registry(mail_settings)


@pytest.fixture
async def acme(database_url):
    return await make_org("acme")


async def statuses(newsletter: Newsletter) -> dict[object, DeliveryStatus]:
    rows = await NewsletterDelivery.filter(newsletter_id=newsletter.id).values_list(
        "person_id", "status"
    )
    return {person_id: DeliveryStatus(status) for person_id, status in rows}


async def test_only_alumni_with_newsletter_consent_by_email_get_it(acme, registry, inbox):
    handler, _ = inbox
    yes = await make_alumnus(acme, name="同意 あり", personal_email="yes@example.jp")
    never_asked = await make_alumnus(acme, name="未確認")
    said_no = await make_alumnus(acme, name="不同意")
    no_address = await make_alumnus(acme, name="住所なし", personal_email=None)
    other_channel = await make_alumnus(acme, name="郵送のみ")
    employee = await make_employee(acme)
    archived = await make_alumnus(acme, name="重複")
    other_org = await make_org("other", "株式会社アザー")
    elsewhere = await make_alumnus(other_org)
    for person in (yes, no_address, employee, archived):
        await grant(acme, person)
    await grant(acme, said_no, "withdrawn")
    await record_consent(acme, HR, other_channel, "newsletter", "postal_mail", "granted", "import")
    await grant(other_org, elsewhere)
    await archive_person(acme, HR, archived.id)

    await OutboxEvent.all().delete()
    newsletter = await send_newsletter(acme, HR, f"  {SUBJECT} ", BODY)
    assert (newsletter.subject, newsletter.body, newsletter.recipient_count) == (SUBJECT, BODY, 5)
    assert await run_until_idle(registry, "w") == 5

    assert await statuses(newsletter) == {
        yes.id: DeliveryStatus.SENT,
        never_asked.id: DeliveryStatus.SKIPPED_NO_CONSENT,
        said_no.id: DeliveryStatus.SKIPPED_NO_CONSENT,
        no_address.id: DeliveryStatus.SKIPPED_NO_ADDRESS,
        other_channel.id: DeliveryStatus.SKIPPED_NO_CONSENT,
    }
    [message] = handler.messages
    delivery = await NewsletterDelivery.get(person_id=yes.id)
    assert message["To"] == "yes@example.jp"
    assert message["Subject"] == SUBJECT
    assert message["Message-ID"] == f"<newsletter-{delivery.id}@kizuna.example>"
    text = message.get_content()
    assert text.startswith(BODY + "\n\n--\n")
    assert "Withdraw that consent in the alumni portal to stop it." in text
    assert (delivery.attempts, delivery.reason, delivery.claimed_until) == (1, "", None)
    assert delivery.finished_at is not None
    counts = await delivery_counts(acme.id, [newsletter.id])
    assert counts[newsletter.id] == {
        DeliveryStatus.PENDING: 0,
        DeliveryStatus.SENDING: 0,
        DeliveryStatus.SENT: 1,
        DeliveryStatus.SKIPPED_NO_CONSENT: 3,
        DeliveryStatus.SKIPPED_NO_ADDRESS: 1,
        DeliveryStatus.FAILED: 0,
    }
    [audit] = await AuditEvent.filter(action="newsletter.sent")
    assert (audit.subject_id, audit.changes) == (
        newsletter.id,
        {"subject": SUBJECT, "recipients": 5},
    )


async def test_a_consent_withdrawn_after_queuing_stops_the_send(acme, registry, inbox):
    handler, _ = inbox
    alumnus = await make_alumnus(acme)
    await grant(acme, alumnus)
    newsletter = await send(acme)
    await grant(acme, alumnus, "withdrawn")  # queued, not sent yet

    assert await run_until_idle(registry, "w") == 2  # the delivery and consent.changed
    assert handler.messages == []
    delivery = await NewsletterDelivery.get(newsletter_id=newsletter.id)
    assert delivery.status == DeliveryStatus.SKIPPED_NO_CONSENT
    assert delivery.reason == "No newsletter consent by email when it was sent."
    history = (
        await consent_history(acme.id, alumnus.id)
        .filter(purpose="newsletter")
        .order_by("-recorded_at")
    )
    assert [r.decision for r in history] == [ConsentDecision.WITHDRAWN, ConsentDecision.GRANTED]
    assert history[0].recorded_at > newsletter.created_at


async def test_running_the_handler_again_sends_once(acme, registry, inbox):
    handler, _ = inbox
    alumnus = await make_alumnus(acme)
    await grant(acme, alumnus)
    await send(acme)
    assert await run_until_idle(registry, "w1") == 1
    # The same outbox row handled again (a retry after a crash that lost the "done" mark).
    await OutboxEvent.all().update(status=OutboxStatus.PENDING, finished_at=None)
    assert await run_until_idle(registry, "w2") == 1
    assert len(handler.messages) == 1
    delivery = await NewsletterDelivery.get(person_id=alumnus.id)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert await OutboxEvent.filter(status=OutboxStatus.DONE).count() == 1


async def test_two_runs_at_once_send_once(acme, mail_settings, inbox):
    handler, _ = inbox
    handler.delay = 0.5
    alumnus = await make_alumnus(acme)
    await grant(acme, alumnus)
    await send(acme)
    delivery = await NewsletterDelivery.get(person_id=alumnus.id)

    async def smtp(mail):
        await send_outgoing(mail, mail_settings)

    outcomes = await asyncio.gather(
        deliver_newsletter(delivery.id, smtp, last_attempt=False),
        deliver_newsletter(delivery.id, smtp, last_attempt=False),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["DeliveryBusy", "DeliveryStatus"]
    assert DeliveryStatus.SENT in outcomes
    assert len(handler.messages) == 1
    assert await deliver_newsletter(delivery.id, smtp, last_attempt=False) == DeliveryStatus.SENT
    assert len(handler.messages) == 1


async def test_a_send_cut_off_midway_is_never_sent_again(acme, registry, inbox):
    """A worker killed after claiming, before marking: the mail may have gone out, so the
    retry marks it failed (interrupted) rather than risk a second copy."""
    handler, _ = inbox
    alumnus = await make_alumnus(acme)
    await grant(acme, alumnus)
    await send(acme)
    delivery = await NewsletterDelivery.get(person_id=alumnus.id)
    started = asyncio.Event()

    async def hangs(mail):
        started.set()
        await asyncio.sleep(3600)

    killed = asyncio.create_task(deliver_newsletter(delivery.id, hangs, last_attempt=False))
    await started.wait()
    killed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await killed
    assert (await NewsletterDelivery.get(id=delivery.id)).status == DeliveryStatus.SENDING

    # While the claim's lease runs, another run leaves it alone (and is retried later).
    with pytest.raises(DeliveryBusy):
        await deliver_newsletter(delivery.id, hangs, last_attempt=False)
    with time_machine.travel(clock.now() + LEASE + timedelta(seconds=1), tick=False):
        assert await run_until_idle(registry, "w") == 1
    assert handler.messages == []
    after = await NewsletterDelivery.get(id=delivery.id)
    assert (after.status, after.reason) == (DeliveryStatus.FAILED, INTERRUPTED)


async def test_a_refusing_mail_server_is_retried_then_the_delivery_fails(acme, registry, inbox):
    handler, _ = inbox
    handler.refusing = True
    alumnus = await make_alumnus(acme)
    await grant(acme, alumnus)
    await send(acme)
    await OutboxEvent.all().update(max_attempts=2)
    delivery = await NewsletterDelivery.get(person_id=alumnus.id)

    assert await run_one(registry, "w")
    first = await NewsletterDelivery.get(id=delivery.id)
    assert (first.status, first.attempts) == (DeliveryStatus.PENDING, 1)
    assert "554" in first.reason
    row = await OutboxEvent.get()
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)

    with time_machine.travel(clock.now() + timedelta(seconds=5), tick=False):
        assert await run_one(registry, "w")
    last = await NewsletterDelivery.get(id=delivery.id)
    assert (last.status, last.attempts) == (DeliveryStatus.FAILED, 2)
    assert "554" in last.reason
    assert (await OutboxEvent.get()).status == OutboxStatus.DEAD
    assert handler.messages == []


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("", BODY, [("required", "subject")]),
        ("   ", "", [("required", "subject"), ("required", "body")]),
        ("x" * 201, BODY, [("too_long", "subject")]),
        (SUBJECT, "x" * 50_001, [("too_long", "body")]),
        ("二行の\n件名", BODY, [("invalid", "subject")]),
        (SUBJECT, "NUL \x00", [("invalid", "body")]),
    ],
)
async def test_bad_input_queues_nothing(acme, subject, body, expected):
    await make_alumnus(acme)
    with pytest.raises(DomainErrors) as refused:
        await send_newsletter(acme, HR, subject, body)
    assert [(e.code, e.field) for e in refused.value.errors] == expected
    assert await Newsletter.all().count() == 0
    assert await NewsletterDelivery.all().count() == 0
    assert await OutboxEvent.filter(event_type="newsletter.delivery").count() == 0
