"""Who sees which rehire application.

PIPELINE: hr, and the hiring manager of the application's opening — the whole application,
the applicant's rehire eligibility and the history. APPLICANT: the alumnus who applied —
what they wrote, the stage, and the policy terms they applied under. Anyone else (executives
included: they read the funnel) does not see it at all (NOT_FOUND). Apps acting on their
own act as hr.
"""

from enum import Enum

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.accounts.models import Role
from domain.people.access import Viewer
from domain.rehire.models import RehireApplication


class ApplicationAccess(Enum):
    PIPELINE = "pipeline"
    APPLICANT = "applicant"


def visible(viewer: Viewer) -> QuerySet[RehireApplication]:
    query = RehireApplication.filter(organization_id=viewer.organization_id)
    if viewer.role == Role.HR:
        return query
    me = viewer.person_id
    if me is None:
        return query.filter(id__in=[])
    if viewer.role == Role.MANAGER:
        return query.filter(Q(opening__hiring_manager_id=me) | Q(applicant_id=me))
    return query.filter(applicant_id=me)


def works_pipeline(viewer: Viewer, hiring_manager_id: object) -> bool:
    """hr, and the opening's hiring manager, move applications through the stages."""
    if viewer.role == Role.HR:
        return True
    return (
        viewer.role == Role.MANAGER
        and viewer.person_id is not None
        and viewer.person_id == hiring_manager_id
    )


def access_to(viewer: Viewer, hiring_manager_id: object) -> ApplicationAccess:
    """For an application the viewer reaches through `visible`."""
    if works_pipeline(viewer, hiring_manager_id):
        return ApplicationAccess.PIPELINE
    return ApplicationAccess.APPLICANT
