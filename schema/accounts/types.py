import strawberry

from domain.organizations.models import Organization as OrganizationModel
from resolvers import ids
from resolvers.context import Context
from schema.common.permissions import SIGNED_IN, guarded
from schema.people.enums import Role
from schema.people.types import Person

Info = strawberry.Info[Context]


@strawberry.type(description="The organization (tenant) a member acts in.")
class Organization:
    model: strawberry.Private[OrganizationModel]

    @guarded(SIGNED_IN, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Organization", self.model.id))

    @guarded(SIGNED_IN, "Display name.")
    def name(self) -> str:
        return self.model.name

    @guarded(SIGNED_IN, "Short name used in URLs and sign-in.")
    def slug(self) -> str:
        return self.model.slug

    @guarded(SIGNED_IN, "IANA time zone for dates and schedules (default Asia/Tokyo).")
    def time_zone(self) -> str:
        return self.model.time_zone

    @guarded(SIGNED_IN, "ISO 4217 currency of budgets and rewards (default JPY).")
    def currency(self) -> str:
        return self.model.currency


@strawberry.type(description="Who is calling: the account, the organization and the role.")
class Viewer:
    @guarded(SIGNED_IN, "Sign-in email of the account.")
    def email(self, info: Info) -> str:
        return info.context.require_member().membership.user.email

    @guarded(SIGNED_IN, "The organization this session acts in.")
    def organization(self, info: Info) -> Organization:
        return Organization(model=info.context.require_member().organization)

    @guarded(SIGNED_IN, "Role in this organization.")
    def role(self, info: Info) -> Role:
        return info.context.require_member().role

    @guarded(SIGNED_IN, "The caller's own person record, when they have one.")
    async def person(self, info: Info) -> Person | None:
        person_id = info.context.require_member().membership.person_id
        if person_id is None:
            return None
        found = await info.context.people.visible_person_by_id.load(person_id)
        return None if found is None else Person(model=found[0], access=found[1])
