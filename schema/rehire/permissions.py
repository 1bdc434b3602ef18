"""Field permissions of rehire policies and applications (domain.rehire.access decides who
reaches which application)."""

from typing import Any

from domain.rehire.access import ApplicationAccess
from resolvers.context import Context
from resolvers.errors import Forbidden
from schema.common.permissions import Permission


class RehireApplicationVisible(Permission):
    """Reaching the application (a list, node or payload) already checked it."""

    audience = "hr, the opening's hiring manager and the applicant"

    def check(self, source: Any, context: Context) -> None:
        return None


class RehireApplicationPipeline(Permission):
    """The applicant's eligibility, hr's confirmation and who moved it: the pipeline's."""

    audience = "hr and the opening's hiring manager"

    def check(self, source: Any, context: Context) -> None:
        if source.access is not ApplicationAccess.PIPELINE:
            raise Forbidden("Only hr and the hiring manager can read this.")


REHIRE_APPLICATION_VISIBLE = RehireApplicationVisible()
REHIRE_APPLICATION_PIPELINE = RehireApplicationPipeline()
