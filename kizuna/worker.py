"""The outbox worker: which handlers exist, and how the loop runs (in-process or standalone)."""

import asyncio
import os
import socket
import uuid
from uuid import UUID

from domain.common.mail import OutgoingMail
from domain.consent import events as consent_events
from domain.jobs import events as job_events
from domain.newsletters import events as newsletter_events
from domain.newsletters.services import deliver_newsletter
from domain.offboarding import events as offboarding_events
from domain.outbox.models import OutboxEvent
from domain.outbox.runner import Handler, HandlerRegistry, run_forever
from domain.people import events as people_events
from domain.people.rehiring import apply_rehire
from domain.people.services import apply_departure
from domain.privacy import events as privacy_events
from domain.referrals import events as referral_events
from domain.rehire import events as rehire_events
from integrations.mail import MailSettings, send_outgoing
from kizuna.settings import Settings


async def _departure_effective(event: OutboxEvent) -> None:
    await apply_departure(
        event.organization_id,  # type: ignore[arg-type]
        UUID(event.payload["person_id"]),
        UUID(event.payload["period_id"]),
    )


async def _rehire_effective(event: OutboxEvent) -> None:
    await apply_rehire(
        event.organization_id,  # type: ignore[arg-type]
        UUID(event.payload["person_id"]),
        UUID(event.payload["period_id"]),
    )


async def _nothing_yet(event: OutboxEvent) -> None:
    """Events that later features (mail, webhooks, rewards) will consume."""


def _newsletter_delivery(mail_settings: MailSettings) -> Handler:
    async def send(mail: OutgoingMail) -> None:
        await send_outgoing(mail, mail_settings)

    async def handle(event: OutboxEvent) -> None:
        await deliver_newsletter(
            UUID(event.payload["delivery_id"]),
            send,
            last_attempt=event.attempts >= event.max_attempts,
        )

    return handle


def build_registry(settings: Settings | None = None) -> HandlerRegistry:
    """The handlers; mail goes out as `settings` say (by default, the environment's)."""
    settings = settings or Settings.from_env()
    registry = HandlerRegistry()
    registry.register(people_events.DEPARTURE_EFFECTIVE, _departure_effective)
    registry.register(people_events.REHIRE_EFFECTIVE, _rehire_effective)
    registry.register(newsletter_events.NEWSLETTER_DELIVERY, _newsletter_delivery(settings))
    for event_type in (
        people_events.PERSON_CREATED,
        people_events.PERSON_UPDATED,
        people_events.PERSON_ARCHIVED,
        people_events.PERSON_DEPARTED,
        consent_events.CONSENT_CHANGED,
        offboarding_events.OFFBOARDING_STARTED,
        offboarding_events.OFFBOARDING_CHECKLIST_UPDATED,
        offboarding_events.OFFBOARDING_CANCELLED,
        offboarding_events.EXIT_INTERVIEW_RECORDED,
        privacy_events.PERSON_ERASED,
        job_events.JOB_OPENING_STATUS_CHANGED,
        referral_events.REFERRAL_SUBMITTED,
        referral_events.REFERRAL_STAGE_CHANGED,
        referral_events.REFERRAL_HIRED,
        rehire_events.REHIRE_APPLIED,
        rehire_events.REHIRE_STAGE_CHANGED,
        rehire_events.REHIRE_HIRED,
    ):
        registry.register(event_type, _nothing_yet)
    return registry


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def start_in_process_worker(registry: HandlerRegistry, stop: asyncio.Event) -> asyncio.Task:
    return asyncio.create_task(run_forever(registry, worker_id(), stop), name="outbox-worker")
