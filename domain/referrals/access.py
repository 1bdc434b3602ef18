"""Who sees which referral, and how much of it.

PIPELINE: hr, executives, and the hiring manager of the referral's opening — the whole
referral and its history. REFERRER: the person who made it — what they wrote and its stage
(the rejection reason only if the organization shares it). TEAM: a manager, for referrals
made by their current reports — who referred whom for what, and the stage. Anyone else does
not see it at all (NOT_FOUND). Apps acting on their own act as hr.
"""

from enum import Enum

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from domain.accounts.models import Role
from domain.people.access import Viewer
from domain.people.models import EmploymentPeriod
from domain.referrals.models import Referral


class ReferralAccess(Enum):
    PIPELINE = "pipeline"
    REFERRER = "referrer"
    TEAM = "team"


def visible(viewer: Viewer) -> QuerySet[Referral]:
    query = Referral.filter(organization_id=viewer.organization_id)
    if viewer.sees_everyone:
        return query
    me = viewer.person_id
    if me is None:
        return query.filter(id__in=[])
    if viewer.role != Role.MANAGER:
        return query.filter(referrer_id=me)
    team = EmploymentPeriod.filter(
        organization_id=viewer.organization_id, manager_id=me, leave_date=None
    ).values("person_id")
    return query.filter(
        Q(opening__hiring_manager_id=me) | Q(referrer_id=me) | Q(referrer_id__in=Subquery(team))
    )


def access_to(viewer: Viewer, referral: Referral, hiring_manager_id: object) -> ReferralAccess:
    """For a referral the viewer reaches through `visible` (so one of the three holds)."""
    me = viewer.person_id
    if viewer.sees_everyone or (
        viewer.role == Role.MANAGER and me is not None and hiring_manager_id == me
    ):
        return ReferralAccess.PIPELINE
    if me is not None and referral.referrer_id == me:
        return ReferralAccess.REFERRER
    return ReferralAccess.TEAM


def works_pipeline(viewer: Viewer, hiring_manager_id: object) -> bool:
    """hr, and the opening's hiring manager, move referrals through the stages."""
    if viewer.role == Role.HR:
        return True
    return (
        viewer.role == Role.MANAGER
        and viewer.person_id is not None
        and viewer.person_id == hiring_manager_id
    )
