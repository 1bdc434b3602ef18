import strawberry

from auth.scopes import AppAccess
from domain.organizations.models import Organization as OrganizationModel
from resolvers import ids
from resolvers.context import Context
from schema.common.permissions import HR_OR_EXECUTIVE, SIGNED_IN, guarded
from schema.people.enums import Role
from schema.people.types import Person

Info = strawberry.Info[Context]


@strawberry.type(description="The organization (tenant) a member acts in.")
class Organization:
    model: strawberry.Private[OrganizationModel]

    @guarded(SIGNED_IN, AppAccess.ANY_TOKEN, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Organization", self.model.id))

    @guarded(SIGNED_IN, AppAccess.ANY_TOKEN, "Display name.")
    def name(self) -> str:
        return self.model.name

    @guarded(SIGNED_IN, AppAccess.ANY_TOKEN, "Short name used in URLs and sign-in.")
    def slug(self) -> str:
        return self.model.slug

    @guarded(
        SIGNED_IN,
        AppAccess.ANY_TOKEN,
        "IANA time zone for dates and schedules (default Asia/Tokyo).",
    )
    def time_zone(self) -> str:
        return self.model.time_zone

    @guarded(
        SIGNED_IN, AppAccess.ANY_TOKEN, "ISO 4217 currency of budgets and rewards (default JPY)."
    )
    def currency(self) -> str:
        return self.model.currency

    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Browser origins of the organization's own frontends allowed to call the API (CORS).",
    )
    def cors_origins(self) -> list[str]:
        return list(self.model.cors_origins or [])


@strawberry.type(description="Who is calling: the account, the organization and the role.")
class Viewer:
    @guarded(
        SIGNED_IN,
        AppAccess.ANY_TOKEN,
        "Sign-in email of the account; null for an app acting on its own.",
    )
    def email(self, info: Info) -> str | None:
        membership = info.context.require_member().membership
        return None if membership is None else membership.user.email

    @guarded(SIGNED_IN, AppAccess.ANY_TOKEN, "The organization this session acts in.")
    def organization(self, info: Info) -> Organization:
        return Organization(model=info.context.require_member().organization)

    @guarded(
        SIGNED_IN,
        AppAccess.ANY_TOKEN,
        "Role in this organization. An app acting on its own (client credentials) acts as hr, "
        "within its scopes.",
    )
    def role(self, info: Info) -> Role:
        role = info.context.require_member().role
        assert role is not None
        return role

    @guarded(
        SIGNED_IN,
        AppAccess.ANY_TOKEN,
        "Scopes of a partner app's token; null for a first-party session, which may do "
        "everything its role allows.",
    )
    def scopes(self, info: Info) -> list[str] | None:
        scopes = info.context.require_member().scopes
        return None if scopes is None else sorted(scopes)

    @guarded(SIGNED_IN, AppAccess.ANY_TOKEN, "The caller's own person record, when they have one.")
    async def person(self, info: Info) -> Person | None:
        membership = info.context.require_member().membership
        person_id = None if membership is None else membership.person_id
        if person_id is None:
            return None
        found = await info.context.people.visible_person_by_id.load(person_id)
        return None if found is None else Person(model=found[0], access=found[1])
