"""Who sees which job openings.

hr and executives: all of them. A manager: the openings they are the hiring manager of
(drafts included) and every open or paused one. An employee: open and paused ones. An
alumnus: open ones marked visible to alumni. Apps acting on their own act as hr.
"""

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.accounts.models import Role
from domain.jobs.models import JobOpening, OpeningStatus
from domain.people.access import Viewer

LISTED_TO_STAFF = (OpeningStatus.OPEN, OpeningStatus.PAUSED)


def visible(viewer: Viewer) -> QuerySet[JobOpening]:
    query = JobOpening.filter(organization_id=viewer.organization_id)
    if viewer.sees_everyone:
        return query
    if viewer.role == Role.ALUMNUS:
        return query.filter(status=OpeningStatus.OPEN, visible_to_alumni=True)
    listed = Q(status__in=LISTED_TO_STAFF)
    if viewer.role == Role.MANAGER and viewer.person_id is not None:
        return query.filter(listed | Q(hiring_manager_id=viewer.person_id))
    return query.filter(listed)


def may_edit(viewer: Viewer, opening: JobOpening) -> bool:
    """hr edits every opening; a hiring manager their own."""
    if viewer.role == Role.HR:
        return True
    return (
        viewer.role == Role.MANAGER
        and viewer.person_id is not None
        and opening.hiring_manager_id == viewer.person_id
    )
