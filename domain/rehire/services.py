"""Applying to come back: one transaction that checks the applicant, the opening and the
policy, then writes the application (under the policy's current version), its first
history row, an audit row and the `rehire.applied` outbox row — or nothing at all."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.jobs.models import JobOpening, OpeningStatus
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import EmploymentPeriod, Person, PersonStatus
from domain.rehire import events
from domain.rehire.error_codes import MESSAGES, RehireErrorCode
from domain.rehire.models import RehireApplication, RehireStage, RehireStageChange
from domain.rehire.policy import current_policy

TEXT_LIMIT = 2000


@dataclass(frozen=True)
class ApplicationDraft:
    motivation: str
    current_situation: str = ""
    desired_start_on: date | None = None


def refusal(code: RehireErrorCode, field: str | None = None) -> DomainError:
    return DomainError(code, MESSAGES[code], field)


def _checked(draft: ApplicationDraft, today: date) -> ApplicationDraft:
    motivation, situation = draft.motivation.strip(), draft.current_situation.strip()
    problems = []
    if not motivation:
        problems.append(refusal(RehireErrorCode.REQUIRED, "motivation"))
    for name, value in (("motivation", motivation), ("current_situation", situation)):
        if len(value) > TEXT_LIMIT:
            problems.append(refusal(RehireErrorCode.TOO_LONG, name))
    if draft.desired_start_on is not None and draft.desired_start_on < today:
        problems.append(refusal(RehireErrorCode.DATE_IN_PAST, "desired_start_on"))
    if problems:
        raise DomainErrors(problems)
    return ApplicationDraft(motivation, situation, draft.desired_start_on)


async def _opening(organization_id: UUID, opening_id: UUID) -> JobOpening:
    """An open opening shown to alumni. One alumni saw while it was open (paused or closed
    since) answers why it takes nothing now; any other is not there for them."""
    opening = await JobOpening.get_or_none(id=opening_id, organization_id=organization_id)
    if opening is None or not opening.visible_to_alumni or opening.status == OpeningStatus.DRAFT:
        raise refusal(RehireErrorCode.OPENING_NOT_FOUND, "opening_id")
    if opening.status != OpeningStatus.OPEN:
        raise refusal(RehireErrorCode.OPENING_NOT_OPEN, "opening_id")
    return opening


async def apply(
    organization: Organization,
    actor: Actor,
    acting: Viewer,
    opening_id: UUID,
    draft: ApplicationDraft,
) -> RehireApplication:
    checked = _checked(draft, clock.today_in(organization.time_zone))
    applicant = None
    if acting.person_id is not None:
        applicant = await Person.get_or_none(id=acting.person_id, organization_id=organization.id)
    if applicant is None or applicant.status != PersonStatus.ALUMNUS:
        raise refusal(RehireErrorCode.NOT_ALUMNUS)
    # Hired back with a start date still to come: an alumnus until then, but their return
    # is settled, and a second one could not be (domain.rehire.hiring).
    if await EmploymentPeriod.exists(
        organization_id=organization.id, person_id=applicant.id, leave_date=None
    ):
        raise refusal(RehireErrorCode.ALREADY_EMPLOYED)
    try:
        async with in_transaction():
            opening = await _opening(organization.id, opening_id)
            policy = await current_policy(organization.id)
            if policy is None:
                raise refusal(RehireErrorCode.POLICY_REQUIRED)
            now = clock.now()
            application = RehireApplication(
                organization_id=organization.id,
                opening_id=opening.id,
                applicant_id=applicant.id,
                policy_id=policy.id,
                motivation=checked.motivation,
                current_situation=checked.current_situation,
                desired_start_on=checked.desired_start_on,
                stage=RehireStage.APPLIED,
                stage_changed_at=now,
                created_at=now,
            )
            application.stamp(actor, created=True)
            await application.save()
            await RehireStageChange.create(
                organization_id=organization.id,
                application_id=application.id,
                from_stage=None,
                to_stage=RehireStage.APPLIED,
                position=0,
                changed_at=now,
                changed_by=actor.label,
            )
            # What they wrote stays on the application, where visibility and erasure reach it.
            facts = {"opening_id": str(opening.id), "policy_version": policy.version}
            await audit(
                organization.id,
                actor,
                "rehire.applied",
                "rehire_application",
                application.id,
                facts,
            )
            await enqueue(
                events.REHIRE_APPLIED,
                {"application_id": str(application.id), "person_id": str(applicant.id), **facts},
                organization_id=organization.id,
            )
    except IntegrityError:  # the unique key of open applications: one per opening
        raise refusal(RehireErrorCode.ALREADY_APPLIED, "opening_id") from None
    application.policy = policy
    return application
