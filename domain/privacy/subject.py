"""The person an export or erasure is about, and the ids of the rows that hang off them."""

from dataclasses import dataclass
from uuid import UUID

from domain.accounts.models import Membership
from domain.identity.models import MagicLink, Session
from domain.offboarding.models import Offboarding
from domain.organizations.models import Organization
from domain.people.models import Person


@dataclass(frozen=True)
class Subject:
    organization: Organization
    person: Person
    memberships: list[Membership]  # in this organization, with their users
    session_ids: list[UUID]  # the users' sessions in this organization
    magic_link_ids: list[UUID]
    offboarding_ids: list[UUID]

    @property
    def user_ids(self) -> list[UUID]:
        return [membership.user_id for membership in self.memberships]

    @property
    def audited_ids(self) -> list[UUID]:
        """Ids that audit events about this person name as their subject."""
        return [
            self.person.id,
            *self.user_ids,
            *(membership.id for membership in self.memberships),
            *self.session_ids,
            *self.magic_link_ids,
            *self.offboarding_ids,
        ]


async def subject_of(organization: Organization, person: Person) -> Subject:
    memberships = (
        await Membership.filter(organization_id=organization.id, person_id=person.id)
        .select_related("user")
        .order_by("created_at")
    )
    user_ids = [membership.user_id for membership in memberships]
    mine = {"organization_id": organization.id, "user_id__in": user_ids}
    return Subject(
        organization=organization,
        person=person,
        memberships=list(memberships),
        session_ids=list(await Session.filter(**mine).values_list("id", flat=True)),
        magic_link_ids=list(await MagicLink.filter(**mine).values_list("id", flat=True)),
        offboarding_ids=list(
            await Offboarding.filter(
                organization_id=organization.id, person_id=person.id
            ).values_list("id", flat=True)
        ),
    )
