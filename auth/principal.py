"""Who is calling: a user acting in one organization, an app acting on its own, or nobody."""

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from domain.accounts.models import Membership, Role
from domain.common.actors import Actor, ActorKind
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
    AnonymousReason.REVOKED: "The access token was revoked: its session or membership has ended.",
}

# An app acting on its own (client credentials) was registered by hr or an executive, who
# chose its scopes: it reads and writes like hr, within those scopes only.
APP_ROLE = Role.HR


@dataclass(frozen=True, slots=True)
class Principal:
    organization: Organization | None = None
    membership: Membership | None = None  # None for nobody, or an app acting on its own
    session_id: UUID | None = None
    app_id: UUID | None = None  # the partner app the token was issued to
    # None: a first-party session, which may do all its role allows. Otherwise the scopes
    # granted to the app (and, for a user's token, never more than the user's role allows).
    scopes: frozenset[str] | None = None
    anonymous_reason: AnonymousReason = AnonymousReason.NO_TOKEN

    @property
    def authenticated(self) -> bool:
        return self.organization is not None

    @property
    def role(self) -> Role | None:
        if self.membership is not None:
            return Role(self.membership.role)
        return APP_ROLE if self.authenticated else None

    @property
    def organization_id(self) -> UUID:
        assert self.organization is not None
        return self.organization.id

    @property
    def user_id(self) -> UUID | None:
        return None if self.membership is None else self.membership.user_id

    @property
    def actor(self) -> Actor:
        if self.membership is not None:
            return Actor.user(self.membership.user_id)
        return Actor(ActorKind.API_CLIENT, str(self.app_id))

    def allows(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes

    @property
    def viewer(self) -> Viewer:
        role = self.role
        assert self.organization is not None and role is not None
        return Viewer(
            organization_id=self.organization.id,
            role=role,
            person_id=None if self.membership is None else self.membership.person_id,
        )
