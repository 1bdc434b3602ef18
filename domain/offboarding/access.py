"""Who may see and act on an off-boarding.

hr and executives: every off-boarding of their organization. A manager: the off-boardings of
the employment periods they manage (their reports'), never the exit interview. Everyone
else: none. Apps acting on their own act as hr (auth.principal.APP_ROLE).
"""

from uuid import UUID

from tortoise.queryset import QuerySet

from domain.accounts.models import Role
from domain.offboarding.models import Offboarding
from domain.people.access import Viewer


def visible(viewer: Viewer) -> QuerySet[Offboarding]:
    query = Offboarding.filter(organization_id=viewer.organization_id)
    if viewer.sees_everyone:
        return query
    if viewer.role == Role.MANAGER and viewer.person_id is not None:
        return query.filter(employment_period__manager_id=viewer.person_id)
    return query.filter(id__in=[])


def manages(viewer: Viewer, manager_id: UUID | None) -> bool:
    """The viewer is the manager of the period (a manager without a person manages no one)."""
    return (
        viewer.role == Role.MANAGER
        and viewer.person_id is not None
        and viewer.person_id == manager_id
    )


def may_act(viewer: Viewer, manager_id: UUID | None, *roles: Role) -> bool:
    """One of `roles`, or the period's manager when managers are among them."""
    if viewer.role == Role.MANAGER:
        return Role.MANAGER in roles and manages(viewer, manager_id)
    return viewer.role in roles
