"""Who is calling: a user acting in one organization, or nobody."""

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.accounts.models import Membership, Role
from domain.organizations.models import Organization
from domain.people.access import Viewer


class AnonymousReason(StrEnum):
    NO_TOKEN = "no_token"
    MALFORMED = "malformed"
    EXPIRED = "expired"
    REVOKED = "revoked"


ANONYMOUS_MESSAGES = {
    AnonymousReason.NO_TOKEN: "Authentication required: send `Authorization: Bearer <token>`.",
    AnonymousReason.MALFORMED: "The access token is not valid.",
    AnonymousReason.EXPIRED: "The access token has expired.",
    AnonymousReason.REVOKED: "The access token was revoked: its membership no longer exists.",
}


@dataclass(frozen=True, slots=True)
class Principal:
    membership: Membership | None = None
    anonymous_reason: AnonymousReason = AnonymousReason.NO_TOKEN

    @property
    def authenticated(self) -> bool:
        return self.membership is not None

    @property
    def role(self) -> Role | None:
        return None if self.membership is None else Role(self.membership.role)

    @property
    def organization(self) -> Organization:
        assert self.membership is not None
        return self.membership.organization

    @property
    def organization_id(self) -> UUID:
        assert self.membership is not None
        return self.membership.organization_id

    @property
    def user_id(self) -> UUID:
        assert self.membership is not None
        return self.membership.user_id

    @property
    def viewer(self) -> Viewer:
        assert self.membership is not None
        return Viewer(
            organization_id=self.membership.organization_id,
            role=Role(self.membership.role),
            person_id=self.membership.person_id,
        )
