"""Sending a newsletter: queue one delivery per alumnus, then deliver each through the gate.

`send_newsletter` writes, in one transaction, the newsletter, a delivery row per current
alumnus (unique per newsletter and person) and an outbox row per delivery. The outbox
handler calls `deliver_newsletter`, which:

1. claims the delivery with one conditional UPDATE (pending → sending, with a lease), so
   that of two runs only one goes on;
2. asks the consent gate *now*, not when it was queued: a consent withdrawn in between
   stops the send (`skipped_no_consent`); no personal email → `skipped_no_address`;
3. sends, then marks it `sent`.

A send that fails puts the delivery back to pending and raises, so the outbox retries it
with backoff; on the last attempt it is `failed`. A worker that died between claiming and
marking leaves a `sending` row whose lease runs out: the mail may have gone out, so the next
run marks it `failed` (interrupted) instead of sending it again — at most one mail each.
"""

import traceback
import uuid
from datetime import timedelta
from uuid import UUID

from tortoise.expressions import F
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.mail import OutgoingMail, SendMail
from domain.common.text import has_control_characters
from domain.consent.gate import may_contact
from domain.consent.models import ConsentChannel, ConsentPurpose
from domain.newsletters import events
from domain.newsletters.error_codes import MESSAGES, NewsletterErrorCode
from domain.newsletters.models import (
    MAX_BODY_LENGTH,
    MAX_SUBJECT_LENGTH,
    DeliveryStatus,
    Newsletter,
    NewsletterDelivery,
)
from domain.organizations.models import Organization
from domain.outbox.events import enqueue_many
from domain.outbox.runner import LEASE
from domain.people.models import Person, PersonStatus

INTERRUPTED = (
    "The worker sending this stopped before it recorded the outcome; the mail may have "
    "gone out, so it is not sent again."
)


class DeliveryBusy(Exception):
    """Another run holds the delivery's lease; the outbox retries this one later."""


def _error(code: NewsletterErrorCode, field: str, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def _text(value: str, field: str, max_length: int, *, one_line: bool) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise _error(NewsletterErrorCode.REQUIRED, field)
    if len(cleaned) > max_length:
        raise _error(NewsletterErrorCode.TOO_LONG, field, f"At most {max_length} characters.")
    if has_control_characters(cleaned) or (one_line and any(c in cleaned for c in "\r\n")):
        message = "A subject is one line of text." if one_line else None
        raise _error(NewsletterErrorCode.INVALID, field, message)
    return cleaned


def _checked(subject: str, body: str) -> tuple[str, str]:
    errors, values = [], []
    for field, value, limit, one_line in (
        ("subject", subject, MAX_SUBJECT_LENGTH, True),
        ("body", body, MAX_BODY_LENGTH, False),
    ):
        try:
            values.append(_text(value, field, limit, one_line=one_line))
        except DomainError as refused:
            errors.append(refused)
    if errors:
        raise DomainErrors(errors)
    return values[0], values[1]


async def send_newsletter(
    organization: Organization, actor: Actor, subject: str, body: str
) -> Newsletter:
    """Queue the newsletter for every current alumnus of the organization. Who actually
    gets it is decided per person when it is sent (consent, address)."""
    subject, body = _checked(subject, body)
    async with in_transaction():
        recipients = await Person.filter(
            organization_id=organization.id, status=PersonStatus.ALUMNUS, archived_at=None
        ).values_list("id", flat=True)
        newsletter = Newsletter(
            organization_id=organization.id,
            subject=subject,
            body=body,
            recipient_count=len(recipients),
        )
        newsletter.stamp(actor, created=True)
        await newsletter.save()
        deliveries = [
            NewsletterDelivery(
                id=uuid.uuid4(),
                organization_id=organization.id,
                newsletter_id=newsletter.id,
                person_id=person_id,
            )
            for person_id in recipients
        ]
        await NewsletterDelivery.bulk_create(deliveries, batch_size=500)
        await enqueue_many(
            events.NEWSLETTER_DELIVERY,
            [{"delivery_id": str(delivery.id)} for delivery in deliveries],
            organization_id=organization.id,
        )
        await audit(
            organization.id,
            actor,
            "newsletter.sent",
            "newsletter",
            newsletter.id,
            {"subject": subject, "recipients": len(recipients)},
        )
    return newsletter


def _footer(organization_name: str) -> str:
    return (
        "\n\n--\n"
        f"{organization_name} のアルムナイ・ニュースレターの受信に同意された方にお送りしています。"
        "配信の停止はアルムナイポータルの同意設定からいつでもできます。\n"
        f"You receive this because you agreed to {organization_name}'s alumni newsletter. "
        "Withdraw that consent in the alumni portal to stop it."
    )


async def _finish(delivery_id: UUID, status: DeliveryStatus, reason: str = "") -> DeliveryStatus:
    """Record the outcome of a delivery this run claimed."""
    await NewsletterDelivery.filter(id=delivery_id, status=DeliveryStatus.SENDING).update(
        status=status, reason=reason, claimed_until=None, finished_at=clock.now()
    )
    return status


async def _not_claimed(delivery_id: UUID) -> DeliveryStatus | None:
    """The delivery was not pending: finished already, being sent, or abandoned mid-send."""
    delivery = await NewsletterDelivery.get_or_none(id=delivery_id)
    if delivery is None or delivery.status != DeliveryStatus.SENDING:
        return None if delivery is None else DeliveryStatus(delivery.status)
    assert delivery.claimed_until is not None
    if delivery.claimed_until >= clock.now():
        raise DeliveryBusy(f"delivery {delivery_id} is being sent by another run")
    abandoned = await NewsletterDelivery.filter(
        id=delivery_id, status=DeliveryStatus.SENDING, claimed_until=delivery.claimed_until
    ).update(
        status=DeliveryStatus.FAILED,
        reason=INTERRUPTED,
        claimed_until=None,
        finished_at=clock.now(),
    )
    if not abandoned:
        raise DeliveryBusy(f"delivery {delivery_id} changed while it was looked at")
    return DeliveryStatus.FAILED


async def deliver_newsletter(
    delivery_id: UUID, send: SendMail, *, last_attempt: bool, lease: timedelta = LEASE
) -> DeliveryStatus | None:
    """Outbox handler body: deliver one newsletter to one person, at most once. Returns the
    delivery's status (None if it no longer exists)."""
    claimed = await NewsletterDelivery.filter(id=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING,
        claimed_until=clock.now() + lease,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return await _not_claimed(delivery_id)
    delivery = await NewsletterDelivery.get(id=delivery_id).select_related(
        "newsletter", "person", "organization"
    )
    person = delivery.person
    if not await may_contact(
        delivery.organization_id, person.id, ConsentPurpose.NEWSLETTER, ConsentChannel.EMAIL
    ):
        return await _finish(
            delivery_id,
            DeliveryStatus.SKIPPED_NO_CONSENT,
            "No newsletter consent by email when it was sent.",
        )
    if not person.personal_email:
        return await _finish(
            delivery_id, DeliveryStatus.SKIPPED_NO_ADDRESS, "The person has no personal email."
        )
    mail = OutgoingMail(
        to=person.personal_email,
        subject=delivery.newsletter.subject,
        body=delivery.newsletter.body + _footer(delivery.organization.name),
        key=f"newsletter-{delivery_id}",
    )
    try:
        await send(mail)
    except Exception as error:
        detail = "".join(traceback.format_exception_only(error)).strip()
        if last_attempt:
            await _finish(delivery_id, DeliveryStatus.FAILED, detail)
        else:
            await NewsletterDelivery.filter(id=delivery_id, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.PENDING, claimed_until=None, reason=detail
            )
        raise
    return await _finish(delivery_id, DeliveryStatus.SENT)


def newsletters(organization_id: UUID) -> QuerySet[Newsletter]:
    """The organization's newsletters, for paging newest first."""
    return Newsletter.filter(organization_id=organization_id)


async def delivery_counts(
    organization_id: UUID, newsletter_ids: list[UUID]
) -> dict[UUID, dict[DeliveryStatus, int]]:
    """Deliveries per status of each newsletter (one query); absent statuses count 0."""
    rows = (
        await NewsletterDelivery.filter(
            organization_id=organization_id, newsletter_id__in=newsletter_ids
        )
        .annotate(count=Count("id"))
        .group_by("newsletter_id", "status")
        .values_list("newsletter_id", "status", "count")
    )
    counts = {key: dict.fromkeys(DeliveryStatus, 0) for key in newsletter_ids}
    for newsletter_id, status, count in rows:
        counts[newsletter_id][DeliveryStatus(status)] = count
    return counts
