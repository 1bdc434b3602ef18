"""The steps of erasing a person, run in order inside one transaction (domain.privacy.services).

What stays is what the organization's counts are made of: the person row itself (status,
dates), employment dates and departments, off-boardings with their reasons, scores and
flags, touchpoint kinds and times, consent decisions and newsletter delivery outcomes.
Everything a person could be recognised by goes: names, contact data, free text, labels,
identifiers, the sign-in account and the details of audit events about them.
"""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from domain.accounts.models import Membership, User
from domain.audit.models import AuditEvent
from domain.common import clock
from domain.common.actors import Actor
from domain.consent.models import ConsentRecord
from domain.hris.models import HrisEmployeeId
from domain.identity import throttle
from domain.identity.models import AuthorizationCode, MagicLink, RefreshToken, Session
from domain.newsletters.models import NewsletterDelivery
from domain.offboarding.models import ExitInterview
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmployeeNumber,
    EmploymentPeriod,
    Person,
)
from domain.privacy.candidate import as_candidate, claims_on
from domain.privacy.coverage import Link, Parts
from domain.privacy.export import about
from domain.privacy.subject import Subject
from domain.referrals.models import Referral
from domain.rehire.models import RehireApplication
from domain.touchpoints.models import Touchpoint

# Shown wherever the name was: lists, exports and old reports stay readable.
PLACEHOLDER_NAME = "削除済み"
# What an audit event about an erased person keeps of its details.
SCRUBBED_CHANGES = {"erased": True}
STEPS = Parts()
KEPT: dict[Link, str] = {
    ("EmploymentPeriod", "manager"): "their reports' periods name them by id only",
    ("Offboarding", "positive_message_sender"): "others' off-boardings name them by id only",
    ("Offboarding", "person"): "leave date, source and checklist times are counts",
    ("Offboarding", "employment_period"): "the period keeps its dates and department",
    ("ExitInterviewReason", "interview"): "reasons are what exit analytics count",
    ("InboundWebhookEvent", "offboarding"): "the HR system's answer holds no personal data",
    ("JobOpening", "hiring_manager"): "openings name their hiring manager by id only",
    ("Referral", "opening"): "the opening is the organization's",
    ("ReferralStageChange", "referral"): "stages and times are what the funnel counts",
    ("ReferralClaim", "referral"): "claims hold the candidate's keys, not the referrer's",
    ("RehireApplication", "opening"): "the opening is the organization's",
    ("RehireApplication", "employment_period"): "the period keeps its dates and department",
    ("RehireStageChange", "application"): "stages and times are what the rehire funnel counts",
}


@dataclass
class Erasure:
    """What an erasure did, for its audit row and the caller (no personal data)."""

    person_id: UUID
    actor: Actor
    erased_at: datetime | None = None
    account_deleted: bool = False
    sessions_ended: list[UUID] = field(default_factory=list)


@STEPS.add("person")
async def _person(subject: Subject, erasure: Erasure) -> None:
    now = erasure.erased_at = clock.now()
    await Person.filter(id=subject.person.id).update(
        name=PLACEHOLDER_NAME,
        name_kana=PLACEHOLDER_NAME,
        personal_email=None,
        work_email=None,
        phone=None,
        archived_at=subject.person.archived_at or now,
        erased_at=now,
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )


@STEPS.add("employment", ("EmploymentPeriod", "person"), ("EmployeeNumber", "person"))
async def _employment(subject: Subject, erasure: Erasure) -> None:
    """Dates and departments stay (exit analytics group by them); title, number and the
    manager who could identify them go."""
    await EmploymentPeriod.filter(person_id=subject.person.id).update(
        title="",
        employee_number=None,
        manager_id=None,
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )
    await EmployeeNumber.filter(person_id=subject.person.id).delete()


@STEPS.add("alumni profile", ("AlumniProfile", "person"), ("AlumniLabel", "person"))
async def _profile(subject: Subject, erasure: Erasure) -> None:
    await AlumniProfile.filter(person_id=subject.person.id).update(
        current_company="",
        current_title="",
        location="",
        rehire_note="",
        note="",
        directory_listed=False,
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )
    await AlumniLabel.filter(person_id=subject.person.id).delete()


@STEPS.add(
    "free text",
    ("Touchpoint", "person"),
    ("ConsentRecord", "person"),
    ("NewsletterDelivery", "person"),
    ("ExitInterview", "offboarding"),
)
async def _free_text(subject: Subject, erasure: Erasure) -> None:
    """Kinds, times, decisions, outcomes, reasons and scores stay; what people wrote goes.
    The consent ledger is append-only for its decisions; its notes are free text like any
    other, so this is the one update its rows ever get."""
    person_id = subject.person.id
    await Touchpoint.filter(person_id=person_id).update(note="")
    await ConsentRecord.filter(person_id=person_id).update(note="")
    await NewsletterDelivery.filter(person_id=person_id).update(reason="")
    await ExitInterview.filter(offboarding_id__in=subject.offboarding_ids).update(
        free_text="", updated_by_kind=erasure.actor.kind, updated_by_id=erasure.actor.id
    )


@STEPS.add("referrals made", ("Referral", "referrer"))
async def _referrals(subject: Subject, erasure: Erasure) -> None:
    """What the referrer wrote about how they know the candidate goes. The referral itself
    stays: the candidate's application is the candidate's and goes on, and the funnel
    counts it; the referrer's id then names an erased person."""
    await Referral.filter(
        organization_id=subject.organization.id, referrer_id=subject.person.id
    ).update(
        relationship="",
        note="",
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )


@STEPS.add("rehire applications", ("RehireApplication", "applicant"))
async def _rehire_applications(subject: Subject, erasure: Erasure) -> None:
    """What they wrote goes; the application's stages, dates and policy version stay for
    the funnel."""
    await RehireApplication.filter(
        organization_id=subject.organization.id, applicant_id=subject.person.id
    ).update(
        motivation="",
        current_situation="",
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )


@STEPS.add("referred as candidate")
async def _candidate(subject: Subject, erasure: Erasure) -> None:
    """The referral stays for the funnel (opening, stages, times); who the candidate is and
    what was written about them goes, with the claims that hold their contact data."""
    referrals = as_candidate(subject)
    referral_ids = list(await referrals.values_list("id", flat=True))
    await claims_on(subject, referral_ids).delete()
    await Referral.filter(id__in=referral_ids).update(
        candidate_name=PLACEHOLDER_NAME,
        candidate_name_kana=PLACEHOLDER_NAME,
        candidate_email=None,
        candidate_phone=None,
        relationship="",
        note="",
        resume_url="",
        rejection_reason="",
        updated_by_kind=erasure.actor.kind,
        updated_by_id=erasure.actor.id,
    )


@STEPS.add("hris ids", ("HrisEmployeeId", "person"))
async def _hris_ids(subject: Subject, erasure: Erasure) -> None:
    await HrisEmployeeId.filter(person_id=subject.person.id).delete()


@STEPS.add(
    "sign-in",
    ("Membership", "person"),
    ("Membership", "user"),
    ("Session", "user"),
    ("RefreshToken", "session"),
    ("MagicLink", "user"),
    ("AuthorizationCode", "user"),
)
async def _sign_in(subject: Subject, erasure: Erasure) -> None:
    """The membership here goes with every session, token and link in this organization.
    The user account goes too unless another organization still has a membership for it:
    that account is the other organization's to keep."""
    organization_id, user_ids = subject.organization.id, subject.user_ids
    await RefreshToken.filter(session_id__in=subject.session_ids).delete()
    await Session.filter(id__in=subject.session_ids).delete()
    await MagicLink.filter(id__in=subject.magic_link_ids).delete()
    await AuthorizationCode.filter(organization_id=organization_id, user_id__in=user_ids).delete()
    await Membership.filter(id__in=[m.id for m in subject.memberships]).delete()
    erasure.sessions_ended = list(subject.session_ids)
    for membership in subject.memberships:
        if await Membership.exists(user_id=membership.user_id):
            continue
        await _delete_user(membership.user)
        erasure.account_deleted = True


async def _delete_user(user: User) -> None:
    """The account and whatever is left of it in organizations it no longer belongs to."""
    sessions = Session.filter(user_id=user.id)
    await RefreshToken.filter(session_id__in=await sessions.values_list("id", flat=True)).delete()
    await sessions.delete()
    await MagicLink.filter(user_id=user.id).delete()
    await AuthorizationCode.filter(user_id=user.id).delete()
    await throttle.forget_account(user.email)
    await User.filter(id=user.id).delete()


@STEPS.add("audit details")
async def _audit(subject: Subject, erasure: Erasure) -> None:
    """Who did what when stays; the details (addresses, fields, ids typed in) go."""
    await (
        AuditEvent.filter(organization_id=subject.organization.id)
        .filter(about(subject))
        .update(changes=SCRUBBED_CHANGES)
    )
