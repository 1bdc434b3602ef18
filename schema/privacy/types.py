from datetime import datetime

import strawberry

from domain.privacy.erasure import Erasure
from resolvers import ids


@strawberry.type(description="What an erasure did. Holds no personal data.")
class PersonErasure:
    model: strawberry.Private[Erasure]

    @strawberry.field(description="Global id of the erased person (the row stays, scrubbed).")
    def person_id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Person", self.model.person_id))

    @strawberry.field(description="When the person was erased (by the first erasure).")
    def erased_at(self) -> datetime | None:
        return self.model.erased_at

    @strawberry.field(
        description="Whether this call deleted the sign-in account (false when another "
        "organization still has a membership for it: only this membership went)."
    )
    def account_deleted(self) -> bool:
        return self.model.account_deleted

    @strawberry.field(description="Sessions this call ended in the organization.")
    def sessions_ended(self) -> int:
        return len(self.model.sessions_ended)
