"""Everything the organization holds about one person, as JSON-ready sections.

Secrets never leave: no password hash, refresh-token or magic-link hash, authorization code
or PKCE challenge; only that they exist and when they were used. Rows about other people
that merely name this person (a report's period naming them as manager) are not theirs.
"""

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q

from domain.audit.models import AuditEvent
from domain.common import clock
from domain.consent.models import ConsentRecord
from domain.hris.models import HrisEmployeeId, InboundWebhookEvent
from domain.identity.models import AuthorizationCode, MagicLink, RefreshToken, Session
from domain.newsletters.models import NewsletterDelivery
from domain.offboarding.models import ExitInterview, ExitInterviewReason, Offboarding
from domain.offboarding.status import status_of
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmployeeNumber,
    EmploymentPeriod,
    LabelKind,
    Person,
)
from domain.privacy.candidate import as_candidate
from domain.privacy.coverage import Link, Parts
from domain.privacy.subject import Subject
from domain.referrals.models import Referral, ReferralStageChange
from domain.rehire.models import RehireApplication, RehireStageChange
from domain.touchpoints.models import Touchpoint

FORMAT_VERSION = 1
SECTIONS = Parts()
NOT_EXPORTED: dict[Link, str] = {
    ("EmploymentPeriod", "manager"): "their reports' periods are the reports' data",
    ("Offboarding", "positive_message_sender"): "others' off-boardings are the others' data",
    ("JobOpening", "hiring_manager"): "openings are the organization's, naming them by id only",
    ("ReferralClaim", "referral"): "claims hold the candidate's email and phone, not theirs",
}


def _when(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


@SECTIONS.add("person")
async def _person(subject: Subject) -> dict[str, Any]:
    person = subject.person
    return {
        "id": str(person.id),
        "name": person.name,
        "nameKana": person.name_kana,
        "personalEmail": person.personal_email,
        "workEmail": person.work_email,
        "phone": person.phone,
        "status": person.status.value,
        "archivedAt": _when(person.archived_at),
        "erasedAt": _when(person.erased_at),
        "createdAt": _when(person.created_at),
        "updatedAt": _when(person.updated_at),
    }


@SECTIONS.add("employmentPeriods", ("EmploymentPeriod", "person"))
async def _periods(subject: Subject) -> list[dict[str, Any]]:
    periods = (
        await EmploymentPeriod.filter(person_id=subject.person.id)
        .select_related("department")
        .order_by("hire_date")
    )
    manager_ids = {period.manager_id for period in periods if period.manager_id}
    managers = dict(await Person.filter(id__in=manager_ids).values_list("id", "name"))
    return [
        {
            "hireDate": _when(period.hire_date),
            "leaveDate": _when(period.leave_date),
            "department": period.department.name if period.department else None,
            "title": period.title,
            "manager": managers.get(period.manager_id),
            "employeeNumber": period.employee_number,
        }
        for period in periods
    ]


@SECTIONS.add("employeeNumbers", ("EmployeeNumber", "person"))
async def _numbers(subject: Subject) -> list[str]:
    rows = EmployeeNumber.filter(person_id=subject.person.id).order_by("created_at")
    return list(await rows.values_list("number", flat=True))


@SECTIONS.add("alumniProfile", ("AlumniProfile", "person"))
async def _profile(subject: Subject) -> dict[str, Any] | None:
    profile = await AlumniProfile.get_or_none(person_id=subject.person.id)
    if profile is None:
        return None
    return {
        "departedOn": _when(profile.departed_on),
        "currentCompany": profile.current_company,
        "currentTitle": profile.current_title,
        "location": profile.location,
        "rehireEligibility": profile.rehire_eligibility.value,
        "rehireNote": profile.rehire_note,
        "note": profile.note,
        "lastTouchpointAt": _when(profile.last_touchpoint_at),
        "directoryListed": profile.directory_listed,
    }


@SECTIONS.add("labels", ("AlumniLabel", "person"))
async def _labels(subject: Subject) -> dict[str, list[str]]:
    labels = await AlumniLabel.filter(person_id=subject.person.id).order_by("kind", "position")
    return {
        "skills": [label.value for label in labels if label.kind == LabelKind.SKILL],
        "tags": [label.value for label in labels if label.kind == LabelKind.TAG],
    }


@SECTIONS.add("accounts", ("Membership", "person"), ("Membership", "user"))
async def _accounts(subject: Subject) -> list[dict[str, Any]]:
    return [
        {
            "email": membership.user.email,
            "displayName": membership.user.display_name,
            "role": membership.role.value,
            "memberSince": _when(membership.created_at),
            "passwordSet": membership.user.password_hash is not None,
            "passwordChangedAt": _when(membership.user.password_changed_at),
        }
        for membership in subject.memberships
    ]


@SECTIONS.add("sessions", ("Session", "user"), ("RefreshToken", "session"))
async def _sessions(subject: Subject) -> list[dict[str, Any]]:
    sessions = (
        await Session.filter(id__in=subject.session_ids)
        .select_related("app")
        .order_by("created_at")
    )
    refreshes: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for token in await RefreshToken.filter(session_id__in=subject.session_ids).order_by(
        "created_at"
    ):
        refreshes[token.session_id].append(
            {
                "createdAt": _when(token.created_at),
                "expiresAt": _when(token.expires_at),
                "usedAt": _when(token.used_at),
            }
        )
    return [
        {
            "method": session.method.value,
            "app": session.app.name if session.app else None,
            "scope": session.scope,
            "clientAddress": session.client_address,
            "createdAt": _when(session.created_at),
            "lastUsedAt": _when(session.last_used_at),
            "expiresAt": _when(session.expires_at),
            "revokedAt": _when(session.revoked_at),
            "revokedReason": session.revoked_reason,
            "refreshTokens": refreshes[session.id],
        }
        for session in sessions
    ]


@SECTIONS.add("magicLinks", ("MagicLink", "user"))
async def _magic_links(subject: Subject) -> list[dict[str, Any]]:
    links = await MagicLink.filter(id__in=subject.magic_link_ids).order_by("created_at")
    return [
        {
            "createdAt": _when(link.created_at),
            "expiresAt": _when(link.expires_at),
            "usedAt": _when(link.used_at),
            "requestedFrom": link.requested_from,
        }
        for link in links
    ]


@SECTIONS.add("appAuthorizations", ("AuthorizationCode", "user"))
async def _app_authorizations(subject: Subject) -> list[dict[str, Any]]:
    codes = (
        await AuthorizationCode.filter(
            organization_id=subject.organization.id, user_id__in=subject.user_ids
        )
        .select_related("app")
        .order_by("created_at")
    )
    return [
        {
            "app": code.app.name,
            "scope": code.scope,
            "createdAt": _when(code.created_at),
            "usedAt": _when(code.used_at),
        }
        for code in codes
    ]


@SECTIONS.add("consents", ("ConsentRecord", "person"))
async def _consents(subject: Subject) -> list[dict[str, Any]]:
    """The whole ledger, oldest first: every decision, not only the current ones."""
    records = await ConsentRecord.filter(
        organization_id=subject.organization.id, person_id=subject.person.id
    ).order_by("recorded_at")
    return [
        {
            "purpose": record.purpose.value,
            "channel": None if record.channel is None else record.channel.value,
            "decision": record.decision.value,
            "source": record.source.value,
            "note": record.note,
            "recordedAt": _when(record.recorded_at),
            "recordedBy": record.recorded_by.label,
        }
        for record in records
    ]


@SECTIONS.add("newsletterDeliveries", ("NewsletterDelivery", "person"))
async def _deliveries(subject: Subject) -> list[dict[str, Any]]:
    deliveries = (
        await NewsletterDelivery.filter(
            organization_id=subject.organization.id, person_id=subject.person.id
        )
        .select_related("newsletter")
        .order_by("created_at")
    )
    return [
        {
            "subject": delivery.newsletter.subject,
            "status": delivery.status.value,
            "reason": delivery.reason,
            "queuedAt": _when(delivery.created_at),
            "finishedAt": _when(delivery.finished_at),
        }
        for delivery in deliveries
    ]


@SECTIONS.add("touchpoints", ("Touchpoint", "person"))
async def _touchpoints(subject: Subject) -> list[dict[str, Any]]:
    touchpoints = await Touchpoint.filter(
        organization_id=subject.organization.id, person_id=subject.person.id
    ).order_by("happened_at")
    return [
        {
            "kind": touchpoint.kind.value,
            "happenedAt": _when(touchpoint.happened_at),
            "note": touchpoint.note,
            "loggedBy": touchpoint.logged_by.label,
        }
        for touchpoint in touchpoints
    ]


async def _interview(offboarding_id: Any) -> dict[str, Any] | None:
    interview = await ExitInterview.get_or_none(offboarding_id=offboarding_id)
    if interview is None:
        return None
    reasons = ExitInterviewReason.filter(interview_id=interview.id).order_by("reason")
    return {
        "reasons": [str(reason) for reason in await reasons.values_list("reason", flat=True)],
        "primaryReason": interview.primary_reason.value,
        "freeText": interview.free_text,
        "comeBackLikelihood": interview.come_back_likelihood,
        "feedbackEscalated": interview.feedback_escalated,
        "recordedAt": _when(interview.recorded_at),
    }


@SECTIONS.add(
    "offboardings",
    ("Offboarding", "person"),
    ("Offboarding", "employment_period"),
    ("ExitInterview", "offboarding"),
    ("ExitInterviewReason", "interview"),
    ("InboundWebhookEvent", "offboarding"),
)
async def _offboardings(subject: Subject) -> list[dict[str, Any]]:
    today = clock.today_in(subject.organization.time_zone)
    offboardings = (
        await Offboarding.filter(id__in=subject.offboarding_ids)
        .select_related("positive_message_sender")
        .order_by("leave_date")
    )
    found = []
    for offboarding in offboardings:
        sender = offboarding.positive_message_sender
        reports = InboundWebhookEvent.filter(offboarding_id=offboarding.id).order_by("received_at")
        found.append(
            {
                "leaveDate": _when(offboarding.leave_date),
                "source": offboarding.source.value,
                "status": status_of(offboarding, today).value,
                "cancelledAt": _when(offboarding.cancelled_at),
                "positiveMessageSentAt": _when(offboarding.positive_message_sent_at),
                "positiveMessageSender": sender.name if sender else None,
                "communityInvitationSentAt": _when(offboarding.community_invitation_sent_at),
                "consentAskedAt": _when(offboarding.consent_asked_at),
                "exitInterview": await _interview(offboarding.id),
                "hrisReports": [
                    {"provider": report.provider.value, "receivedAt": _when(report.received_at)}
                    for report in await reports
                ],
            }
        )
    return found


@SECTIONS.add("hrisEmployeeIds", ("HrisEmployeeId", "person"))
async def _hris_ids(subject: Subject) -> list[dict[str, str]]:
    links = await HrisEmployeeId.filter(
        organization_id=subject.organization.id, person_id=subject.person.id
    ).order_by("provider")
    return [{"provider": link.provider.value, "employeeId": link.employee_id} for link in links]


@SECTIONS.add(
    "referralsMade",
    ("Referral", "referrer"),
    ("Referral", "opening"),
    ("ReferralStageChange", "referral"),
)
async def _referrals(subject: Subject) -> list[dict[str, Any]]:
    """What they did as a referrer. Who the candidate is (name, contact, résumé) is the
    candidate's data, not theirs: it is not in their export."""
    referrals = (
        await Referral.filter(
            organization_id=subject.organization.id, referrer_id=subject.person.id
        )
        .select_related("opening")
        .order_by("created_at")
    )
    moves = ReferralStageChange.filter(referral_id__in=[r.id for r in referrals])
    history: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for move in await moves.order_by("changed_at"):
        history[move.referral_id].append(
            {"stage": move.to_stage.value, "at": _when(move.changed_at)}
        )
    return [
        {
            "opening": referral.opening.title,
            "source": referral.source.value,
            "relationship": referral.relationship,
            "note": referral.note,
            "stage": referral.stage.value,
            "submittedAt": _when(referral.created_at),
            "stages": history[referral.id],
        }
        for referral in referrals
    ]


@SECTIONS.add(
    "rehireApplications",
    ("RehireApplication", "applicant"),
    ("RehireApplication", "opening"),
    ("RehireApplication", "employment_period"),
    ("RehireStageChange", "application"),
)
async def _rehire_applications(subject: Subject) -> list[dict[str, Any]]:
    """What they wrote when applying to come back, the terms they applied under and how
    it went (who moved it is the organization's, not theirs)."""
    applications = (
        await RehireApplication.filter(
            organization_id=subject.organization.id, applicant_id=subject.person.id
        )
        .select_related("opening", "policy")
        .order_by("created_at")
    )
    moves = RehireStageChange.filter(application_id__in=[a.id for a in applications])
    history: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for move in await moves.order_by("position"):
        history[move.application_id].append(
            {"stage": move.to_stage.value, "at": _when(move.changed_at)}
        )
    return [
        {
            "opening": application.opening.title,
            "policyVersion": application.policy.version,
            "motivation": application.motivation,
            "currentSituation": application.current_situation,
            "desiredStartOn": _when(application.desired_start_on),
            "stage": application.stage.value,
            "appliedAt": _when(application.created_at),
            "startDate": _when(application.start_date),
            "stages": history[application.id],
        }
        for application in applications
    ]


@SECTIONS.add("referredAsCandidate")
async def _referred(subject: Subject) -> list[dict[str, Any]]:
    """Referrals naming them as the candidate (domain.privacy.candidate): what was written
    about them, the opening and how it went. Who referred them, how they know each other
    and who moved the stages are the referrer's and the organization's, not in it."""
    referrals = await as_candidate(subject).select_related("opening").order_by("created_at")
    moves = ReferralStageChange.filter(referral_id__in=[r.id for r in referrals])
    history: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for move in await moves.order_by("changed_at", "position"):
        history[move.referral_id].append(
            {"stage": move.to_stage.value, "at": _when(move.changed_at)}
        )
    return [
        {
            "opening": referral.opening.title,
            "name": referral.candidate_name,
            "nameKana": referral.candidate_name_kana,
            "email": referral.candidate_email,
            "phone": referral.candidate_phone,
            "resumeUrl": referral.resume_url,
            "note": referral.note,
            "stage": referral.stage.value,
            "rejectionReason": referral.rejection_reason,
            "submittedAt": _when(referral.created_at),
            "stages": history[referral.id],
        }
        for referral in referrals
    ]


def about(subject: Subject) -> Q:
    """Audit events about the person: their records as subject. Events their account merely
    did are about whoever they acted on, so they are neither exported nor scrubbed whole."""
    return Q(subject_id__in=subject.audited_ids)


@SECTIONS.add("auditEvents")
async def _audit(subject: Subject) -> list[dict[str, Any]]:
    events = (
        await AuditEvent.filter(organization_id=subject.organization.id)
        .filter(about(subject))
        .order_by("created_at")
    )
    return [
        {
            "action": event.action,
            "subjectType": event.subject_type,
            "subjectId": str(event.subject_id),
            "actor": event.actor_kind.value
            if event.actor_id is None
            else f"{event.actor_kind.value}:{event.actor_id}",
            "changes": event.changes,
            "createdAt": _when(event.created_at),
        }
        for event in events
    ]


@SECTIONS.add("actionsTaken")
async def _actions(subject: Subject) -> list[dict[str, Any]]:
    """What their account did to others' records: that they acted, and when. The subject
    and the details (ids, decisions, dates typed in) are the others' data."""
    acted = [str(user_id) for user_id in subject.user_ids]
    events = (
        await AuditEvent.filter(organization_id=subject.organization.id, actor_id__in=acted)
        .exclude(about(subject))
        .order_by("created_at")
    )
    return [{"action": event.action, "createdAt": _when(event.created_at)} for event in events]


async def export_of(subject: Subject) -> dict[str, Any]:
    held = {
        "formatVersion": FORMAT_VERSION,
        "exportedAt": _when(clock.now()),
        "organization": {"name": subject.organization.name, "slug": subject.organization.slug},
    }
    for section in SECTIONS:
        held[section.name] = await section.run(subject)
    return held
