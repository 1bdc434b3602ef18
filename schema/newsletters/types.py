"""Newsletters and how their deliveries went. Only hr and executives reach them."""

from datetime import datetime

import strawberry

from domain.newsletters.error_codes import NewsletterErrorCode as NewsletterErrorCodeValue
from domain.newsletters.models import DeliveryStatus
from domain.newsletters.models import Newsletter as NewsletterModel
from schema.audit.types import AuditActor
from schema.common.pagination import Edge, PageInfo

NewsletterErrorCode = strawberry.enum(
    NewsletterErrorCodeValue,
    name="NewsletterErrorCode",
    description="Why a newsletter was not sent.",
)


@strawberry.type(description="How the deliveries of one newsletter went, one per alumnus.")
class NewsletterCounts:
    pending: int = strawberry.field(description="Queued or being sent.")
    sent: int
    skipped_no_consent: int = strawberry.field(
        description="Not sent: no newsletter consent by email when it was due (never asked, "
        "or withdrawn, also after the newsletter was queued)."
    )
    skipped_no_address: int = strawberry.field(description="Not sent: no personal email.")
    failed: int = strawberry.field(
        description="The mail server kept refusing it, or a send was interrupted (never "
        "sent twice)."
    )


@strawberry.type(description="A newsletter sent by hr or an executive to the alumni.")
class Newsletter:
    model: strawberry.Private[NewsletterModel]
    delivery_counts: strawberry.Private[dict[DeliveryStatus, int]]

    @strawberry.field(description="Id of this newsletter (a UUID).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def subject(self) -> str:
        return self.model.subject

    @strawberry.field(description="The text sent, before the consent footer every mail gets.")
    def body(self) -> str:
        return self.model.body

    @strawberry.field(description="When it was sent (queued for every alumnus).")
    def created_at(self) -> datetime:
        return self.model.created_at

    @strawberry.field(description="Who sent it.")
    def created_by(self) -> AuditActor:
        actor = self.model.created_by
        return AuditActor(kind=actor.kind, id=actor.id)

    @strawberry.field(description="Alumni it was queued for: one delivery each.")
    def recipient_count(self) -> int:
        return self.model.recipient_count

    @strawberry.field
    def counts(self) -> NewsletterCounts:
        counts = self.delivery_counts
        return NewsletterCounts(
            pending=counts[DeliveryStatus.PENDING] + counts[DeliveryStatus.SENDING],
            sent=counts[DeliveryStatus.SENT],
            skipped_no_consent=counts[DeliveryStatus.SKIPPED_NO_CONSENT],
            skipped_no_address=counts[DeliveryStatus.SKIPPED_NO_ADDRESS],
            failed=counts[DeliveryStatus.FAILED],
        )


@strawberry.type(description="A page of newsletters, newest first.")
class NewsletterConnection:
    edges: list[Edge[Newsletter]]
    page_info: PageInfo


@strawberry.type(description="Why a newsletter was not sent, and which input field.")
class NewsletterError:
    field: str | None
    code: NewsletterErrorCode
    message: str


@strawberry.input(description="A newsletter for every alumnus who agreed to get it by email.")
class NewsletterSendInput:
    subject: str = strawberry.field(description="One line, at most 200 characters.")
    body: str = strawberry.field(description="Plain text, at most 50,000 characters.")


@strawberry.type(description="The newsletter, queued for every alumnus, or why not.")
class NewsletterSendPayload:
    newsletter: Newsletter | None
    errors: list[NewsletterError]
