"""Field permissions of job openings and referrals (see domain.jobs.access and
domain.referrals.access for who reaches which object)."""

from typing import Any

from domain.referrals.access import ReferralAccess
from resolvers.context import Context
from resolvers.errors import Forbidden
from schema.common.permissions import Permission


class JobOpeningVisible(Permission):
    """Reaching the opening (a list, node or referral field) already checked it."""

    audience = (
        "hr, executives, its hiring manager; staff for open and paused openings; alumni for "
        "open openings shown to alumni"
    )

    def check(self, source: Any, context: Context) -> None:
        return None


class ReferralVisible(Permission):
    """Reaching the referral (a list or node) already checked it."""

    audience = (
        "hr, executives, the opening's hiring manager, the referrer, and the referrer's "
        "current manager"
    )

    def check(self, source: Any, context: Context) -> None:
        return None


class ReferralDetails(Permission):
    """The candidate's contact data and what the referrer wrote: not for the referrer's
    manager, who sees who was referred and how it goes."""

    audience = "hr, executives, the opening's hiring manager and the referrer"

    def check(self, source: Any, context: Context) -> None:
        if source.access is ReferralAccess.TEAM:
            raise Forbidden("Only the pipeline and the referrer can read this.")


class ReferralPipeline(Permission):
    audience = "hr, executives and the opening's hiring manager"

    def check(self, source: Any, context: Context) -> None:
        if source.access is not ReferralAccess.PIPELINE:
            raise Forbidden("Only hr, executives and the hiring manager can read this.")


class ReferralRejectionReason(Permission):
    audience = (
        "hr, executives and the opening's hiring manager; the referrer when the "
        "organization shares rejection reasons"
    )

    def check(self, source: Any, context: Context) -> None:
        if source.access is ReferralAccess.PIPELINE:
            return
        if source.access is ReferralAccess.REFERRER and source.reason_shared:
            return
        raise Forbidden("This organization does not share rejection reasons with referrers.")


JOB_OPENING_VISIBLE = JobOpeningVisible()
REFERRAL_VISIBLE = ReferralVisible()
REFERRAL_DETAILS = ReferralDetails()
REFERRAL_PIPELINE = ReferralPipeline()
REFERRAL_REJECTION_REASON = ReferralRejectionReason()
