"""Consent ledger rows. Reaching one already checked who may read it (Person.consents,
Person.consentHistory, consentRecord)."""

from datetime import datetime

import strawberry

from domain.consent.models import ConsentRecord as ConsentRecordModel
from schema.audit.types import AuditActor
from schema.common.pagination import Edge, PageInfo
from schema.consent.enums import ConsentChannel, ConsentPurpose, ConsentSource


@strawberry.type(
    description="One decision in the consent ledger: granted or withdrawn, for a purpose on "
    "a channel, when, how and by whom. Rows are never changed; the latest row of a purpose "
    "and channel is the person's current consent."
)
class ConsentRecord:
    model: strawberry.Private[ConsentRecordModel]

    @strawberry.field(description="Id of this row (a UUID).")
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.model.id))

    @strawberry.field
    def purpose(self) -> ConsentPurpose:
        return self.model.purpose

    @strawberry.field(description="Null for DIRECTORY_LISTING, which is not about contact.")
    def channel(self) -> ConsentChannel | None:
        return self.model.channel

    @strawberry.field(description="True: granted. False: withdrawn (or refused).")
    def granted(self) -> bool:
        return self.model.granted

    @strawberry.field
    def source(self) -> ConsentSource:
        return self.model.source

    @strawberry.field(description="What the recorder noted, e.g. how the person said it.")
    def note(self) -> str:
        return self.model.note

    @strawberry.field(description="When the decision was recorded.")
    def recorded_at(self) -> datetime:
        return self.model.recorded_at

    @strawberry.field(description="Who recorded it: the person, an hr user, an import, an app.")
    def recorded_by(self) -> AuditActor:
        actor = self.model.recorded_by
        return AuditActor(kind=actor.kind, id=actor.id)


@strawberry.type(description="A page of consent decisions, newest first.")
class ConsentRecordConnection:
    edges: list[Edge[ConsentRecord]]
    page_info: PageInfo
