from uuid import UUID

from tortoise.transactions import in_transaction

from domain.accounts.models import Membership, Role, User
from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.text import normalize_email
from domain.people.models import Person


async def add_member(
    organization_id: UUID,
    email: str,
    role: Role,
    actor: Actor,
    *,
    person_id: UUID | None = None,
    display_name: str = "",
) -> Membership:
    """Give the user with this email (created if new) a role in the organization."""
    async with in_transaction():
        if person_id is not None and not await Person.exists(
            id=person_id, organization_id=organization_id
        ):
            raise ValueError("the person belongs to another organization")
        user = await User.get_or_none(email=normalize_email(email))
        if user is None:
            user = User(email=normalize_email(email), display_name=display_name)
            user.stamp(actor, created=True)
            await user.save()
        membership = Membership(
            organization_id=organization_id, user_id=user.id, person_id=person_id, role=role
        )
        membership.stamp(actor, created=True)
        await membership.save()
        await audit(organization_id, actor, "membership.created", "membership", membership.id)
    return membership


async def membership_for(user_id: UUID, organization_id: UUID) -> Membership | None:
    """The membership with its user and organization, in one query."""
    return (
        await Membership.filter(user_id=user_id, organization_id=organization_id)
        .select_related("user", "organization")
        .first()
    )


async def memberships_of(email: str) -> list[Membership]:
    return (
        await Membership.filter(user__email=normalize_email(email))
        .select_related("organization", "user")
        .order_by("organization__slug")
    )
