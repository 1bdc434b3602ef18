"""Creating, changing, archiving people and recording departures. Each call is one transaction."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.accounts.models import Membership, Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.consent.gate import current_record
from domain.consent.models import ConsentDecision, ConsentPurpose
from domain.consent.services import record_consent, source_for
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people import events
from domain.people import validation as check
from domain.people.error_codes import PeopleErrorCode
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    Department,
    EmployeeNumber,
    EmploymentPeriod,
    LabelKind,
    Person,
    PersonStatus,
    RehireEligibility,
)


@dataclass
class PersonDraft:
    name: str
    name_kana: str = ""
    personal_email: str | None = None
    work_email: str | None = None
    phone: str | None = None


@dataclass
class EmploymentDraft:
    hire_date: date
    leave_date: date | None = None
    department_id: UUID | None = None
    title: str = ""
    manager_id: UUID | None = None
    employee_number: str | None = None


@dataclass
class ProfileDraft:
    current_company: str = ""
    current_title: str = ""
    location: str = ""
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    rehire_eligibility: RehireEligibility = RehireEligibility.ELIGIBLE
    rehire_note: str = ""
    note: str = ""
    directory_listed: bool = False


# Field name → how its typed value becomes a stored one. Shared by create and update.
PERSON_FIELDS = {
    "name": lambda v, f: check.text(v, f, 100, required=True),
    "name_kana": check.kana,
    "personal_email": check.email,
    "work_email": check.email,
    "phone": check.phone,
}
PROFILE_FIELDS = {
    "current_company": lambda v, f: check.text(v, f, 200),
    "current_title": lambda v, f: check.text(v, f, 100),
    "location": lambda v, f: check.text(v, f, 100),
    "skills": check.labels,
    "tags": check.labels,
    "rehire_eligibility": lambda v, f: check.choice(RehireEligibility, v, f),
    "rehire_note": lambda v, f: check.text(v, f, 2000),
    "note": lambda v, f: check.text(v, f, 2000),
    "directory_listed": lambda v, f: bool(v),
}


def _clean(spec: dict[str, Any], values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    return check.collect(
        {
            name: (lambda name=name, value=value: spec[name](value, prefix + name))
            for name, value in values.items()
        }
    )


async def _person_in(organization: Organization, person_id: UUID) -> Person:
    person = await Person.get_or_none(id=person_id, organization_id=organization.id)
    if person is None:
        raise check.error(PeopleErrorCode.NOT_FOUND, "person_id")
    if person.archived_at is not None:
        raise check.error(PeopleErrorCode.ARCHIVED, "person_id")
    return person


async def _ensure_emails_free(
    organization: Organization, emails: dict[str, str | None], person_id: UUID | None = None
) -> None:
    for name, value in emails.items():
        if value is None:
            continue
        taken = Person.filter(organization_id=organization.id).filter(
            **{name.removeprefix("person."): value}
        )
        if person_id is not None:
            taken = taken.exclude(id=person_id)
        if await taken.exists():
            raise check.error(PeopleErrorCode.EMAIL_TAKEN, name)


def _employment_values(draft: EmploymentDraft) -> dict[str, Any]:
    values = _clean(
        {"title": lambda v, f: check.text(v, f, 100), "employee_number": check.employee_number},
        {"title": draft.title, "employee_number": draft.employee_number},
        "employment.",
    )
    if draft.leave_date is not None and draft.leave_date < draft.hire_date:
        raise check.error(PeopleErrorCode.LEAVE_BEFORE_HIRE, "employment.leave_date")
    return values


async def _check_employment_references(
    organization: Organization, draft: EmploymentDraft, number: str | None
) -> None:
    """Department, manager and employee number must exist in (or be free in) the organization."""
    if draft.department_id is not None and not await Department.exists(
        id=draft.department_id, organization_id=organization.id
    ):
        raise check.error(PeopleErrorCode.DEPARTMENT_NOT_FOUND, "employment.department_id")
    if draft.manager_id is not None and not await Person.exists(
        id=draft.manager_id, organization_id=organization.id, archived_at=None
    ):
        raise check.error(PeopleErrorCode.MANAGER_NOT_FOUND, "employment.manager_id")
    if number is not None and await EmploymentPeriod.exists(
        organization_id=organization.id, employee_number=number
    ):
        raise check.error(PeopleErrorCode.EMPLOYEE_NUMBER_TAKEN, "employment.employee_number")


async def _claim_employee_number(organization: Organization, person: Person, number: str) -> None:
    """The check above answers the usual case; this insert is what holds when two people are
    created with one number at the same moment."""
    try:
        async with in_transaction():  # a savepoint: PostgreSQL can go on after the refusal
            await EmployeeNumber.create(
                organization_id=organization.id, number=number, person_id=person.id
            )
    except IntegrityError:
        raise check.error(
            PeopleErrorCode.EMPLOYEE_NUMBER_TAKEN, "employment.employee_number"
        ) from None


async def _replace_labels(
    organization: Organization, actor: Actor, person_id: UUID, kind: LabelKind, values: list[str]
) -> None:
    await AlumniLabel.filter(person_id=person_id, kind=kind).delete()
    labels = []
    for position, value in enumerate(values):
        label = AlumniLabel(
            organization_id=organization.id,
            person_id=person_id,
            kind=kind,
            value=value,
            position=position,
        )
        label.stamp(actor, created=True)
        labels.append(label)
    if labels:
        await AlumniLabel.bulk_create(labels)


async def _save_profile(
    organization: Organization,
    actor: Actor,
    person: Person,
    departed_on: date,
    values: dict[str, Any],
) -> AlumniProfile:
    values = dict(values)  # the caller's dict also feeds the audit row
    skills, tags = values.pop("skills", None), values.pop("tags", None)
    listed = values.pop("directory_listed", None)
    profile = await AlumniProfile.get_or_none(person_id=person.id)
    existed = profile is not None
    if profile is None:
        profile = AlumniProfile(
            organization_id=organization.id, person_id=person.id, departed_on=departed_on
        )
        profile.stamp(actor, created=True)
        # The directory follows the consent ledger: the person may have chosen before leaving.
        current = await current_record(
            organization.id, person.id, ConsentPurpose.DIRECTORY_LISTING, None
        )
        profile.directory_listed = current is not None and current.granted
    else:
        profile.departed_on = departed_on
        profile.stamp(actor)
    for name, value in values.items():
        setattr(profile, name, value)
    await profile.save()
    # `directoryListed` given as a field is a decision for the ledger, which sets the flag.
    # On a new profile `false` is the input's default, not an answer: nothing is recorded.
    if listed is not None and (listed or existed):
        decision = ConsentDecision.GRANTED if listed else ConsentDecision.WITHDRAWN
        await record_consent(
            organization,
            actor,
            person,
            ConsentPurpose.DIRECTORY_LISTING,
            None,
            decision,
            source_for(actor),
        )
        profile.directory_listed = listed
    if skills is not None:
        await _replace_labels(organization, actor, person.id, LabelKind.SKILL, skills)
    if tags is not None:
        await _replace_labels(organization, actor, person.id, LabelKind.TAG, tags)
    return profile


async def become_alumnus(organization_id: UUID, person_id: UUID) -> bool:
    """Same person, new role: status and every membership turn to alumnus. Idempotent."""
    changed = await Person.filter(
        id=person_id, organization_id=organization_id, status=PersonStatus.EMPLOYEE
    ).update(status=PersonStatus.ALUMNUS)
    await (
        Membership.filter(organization_id=organization_id, person_id=person_id)
        .exclude(role=Role.ALUMNUS)
        .update(role=Role.ALUMNUS)
    )
    return changed == 1


async def _schedule_departure(
    organization: Organization, person: Person, period: EmploymentPeriod
) -> None:
    assert period.leave_date is not None
    if period.leave_date <= clock.today_in(organization.time_zone):
        await become_alumnus(organization.id, person.id)
        person.status = PersonStatus.ALUMNUS
    else:
        await enqueue(
            events.DEPARTURE_EFFECTIVE,
            {"person_id": str(person.id), "period_id": str(period.id)},
            organization_id=organization.id,
            available_at=clock.start_of_day(period.leave_date, organization.time_zone),
        )


async def create_department(organization: Organization, actor: Actor, name: str) -> Department:
    cleaned = check.text(name, "name", 100, required=True)
    async with in_transaction():
        if await Department.exists(organization_id=organization.id, name=cleaned):
            raise check.error(PeopleErrorCode.DEPARTMENT_NAME_TAKEN, "name")
        department = Department(organization_id=organization.id, name=cleaned)
        department.stamp(actor, created=True)
        try:
            await department.save()
        except IntegrityError:
            raise check.error(PeopleErrorCode.DEPARTMENT_NAME_TAKEN, "name") from None
        await audit(organization.id, actor, "department.created", "department", department.id)
    return department


def _profile_values(profile: ProfileDraft | None, employment: EmploymentDraft) -> dict[str, Any]:
    if profile is None:
        return {}
    if employment.leave_date is None:
        raise check.error(
            PeopleErrorCode.NOT_ALUMNUS,
            "alumni_profile",
            "An alumni profile needs an employment with a leave date.",
        )
    return _clean(PROFILE_FIELDS, vars(profile), "alumni_profile.")


async def create_person(
    organization: Organization,
    actor: Actor,
    draft: PersonDraft,
    employment: EmploymentDraft,
    profile: ProfileDraft | None = None,
) -> Person:
    """A new person with their first employment period; past leavers arrive as alumni."""
    values, period_values, profile_values = check.gather(
        lambda: _clean(PERSON_FIELDS, vars(draft)),
        lambda: _employment_values(employment),
        lambda: _profile_values(profile, employment),
    )
    async with in_transaction():
        await _check_employment_references(
            organization, employment, period_values["employee_number"]
        )
        await _ensure_emails_free(
            organization,
            {"personal_email": values["personal_email"], "work_email": values["work_email"]},
        )
        person = Person(organization_id=organization.id, **values)
        person.stamp(actor, created=True)
        try:
            await person.save()
        except IntegrityError:
            raise check.error(PeopleErrorCode.EMAIL_TAKEN, "personal_email") from None
        period = EmploymentPeriod(
            organization_id=organization.id,
            person_id=person.id,
            hire_date=employment.hire_date,
            leave_date=employment.leave_date,
            department_id=employment.department_id,
            manager_id=employment.manager_id,
            **period_values,
        )
        period.stamp(actor, created=True)
        await period.save()
        if period_values["employee_number"] is not None:
            await _claim_employee_number(organization, person, period_values["employee_number"])
        if employment.leave_date is not None:
            await _save_profile(organization, actor, person, employment.leave_date, profile_values)
            await _schedule_departure(organization, person, period)
        await audit(organization.id, actor, "person.created", "person", person.id)
        await enqueue(
            events.PERSON_CREATED, {"person_id": str(person.id)}, organization_id=organization.id
        )
    return person


async def update_person(
    organization: Organization,
    actor: Actor,
    person_id: UUID,
    changes: dict[str, Any],
    profile_changes: dict[str, Any],
) -> Person:
    """Change only the fields given; skills and tags given are replaced as a whole."""
    values = _clean(PERSON_FIELDS, changes)
    profile_values = _clean(PROFILE_FIELDS, profile_changes, "alumni_profile.")
    async with in_transaction():
        person = await _person_in(organization, person_id)
        emails = {k: v for k, v in values.items() if k in ("personal_email", "work_email")}
        await _ensure_emails_free(organization, emails, person.id)
        if profile_values:
            profile = await AlumniProfile.get_or_none(person_id=person.id)
            if profile is None:
                raise check.error(PeopleErrorCode.NOT_ALUMNUS, "alumni_profile")
            await _save_profile(organization, actor, person, profile.departed_on, profile_values)
        for name, value in values.items():
            setattr(person, name, value)
        person.stamp(actor)
        try:
            await person.save()
        except IntegrityError:
            raise check.error(PeopleErrorCode.EMAIL_TAKEN, "personal_email") from None
        changed = sorted([*values, *(f"alumni_profile.{k}" for k in profile_values)])
        await audit(
            organization.id, actor, "person.updated", "person", person.id, {"fields": changed}
        )
        await enqueue(
            events.PERSON_UPDATED,
            {"person_id": str(person.id), "fields": changed},
            organization_id=organization.id,
        )
    return person


async def archive_person(organization: Organization, actor: Actor, person_id: UUID) -> Person:
    """Hide a person from every list (e.g. a duplicate); their history is kept."""
    async with in_transaction():
        person = await _person_in(organization, person_id)
        archived_at = clock.now()
        updated = await Person.filter(id=person.id, archived_at=None).update(
            archived_at=archived_at, updated_by_kind=actor.kind, updated_by_id=actor.id
        )
        if updated != 1:
            raise check.error(PeopleErrorCode.ARCHIVED, "person_id")
        person.archived_at = archived_at
        await audit(organization.id, actor, "person.archived", "person", person.id)
        await enqueue(
            events.PERSON_ARCHIVED, {"person_id": str(person.id)}, organization_id=organization.id
        )
    return person


async def record_departure(
    organization: Organization,
    actor: Actor,
    person_id: UUID,
    leave_date: date,
    rehire_eligibility: RehireEligibility | None = None,
    rehire_note: str | None = None,
) -> Person:
    """Close the open employment period; on the leave date the person becomes an alumnus."""
    profile_values = _clean(
        PROFILE_FIELDS,
        {
            k: v
            for k, v in {
                "rehire_eligibility": rehire_eligibility,
                "rehire_note": rehire_note,
            }.items()
            if v is not None
        },
        "",
    )
    async with in_transaction():
        person = await _person_in(organization, person_id)
        period = (
            await EmploymentPeriod.filter(person_id=person.id, leave_date=None)
            .order_by("-hire_date")
            .first()
        )
        if period is None:
            raise check.error(PeopleErrorCode.NOT_EMPLOYED, "person_id")
        if leave_date < period.hire_date:
            raise check.error(PeopleErrorCode.LEAVE_BEFORE_HIRE, "leave_date")
        # Conditional: two departures recorded at once close the period only once.
        closed = await EmploymentPeriod.filter(id=period.id, leave_date=None).update(
            leave_date=leave_date, updated_by_kind=actor.kind, updated_by_id=actor.id
        )
        if closed != 1:
            raise check.error(PeopleErrorCode.NOT_EMPLOYED, "person_id")
        period.leave_date = leave_date
        await _save_profile(organization, actor, person, leave_date, profile_values)
        await _schedule_departure(organization, person, period)
        await audit(
            organization.id,
            actor,
            "person.departed",
            "person",
            person.id,
            {"leave_date": leave_date.isoformat()},
        )
        await enqueue(
            events.PERSON_DEPARTED,
            {"person_id": str(person.id), "leave_date": leave_date.isoformat()},
            organization_id=organization.id,
        )
    return person


async def apply_departure(organization_id: UUID, person_id: UUID, period_id: UUID) -> bool:
    """Outbox handler body: turn the person into an alumnus if the departure still stands."""
    async with in_transaction():
        organization = await Organization.get(id=organization_id)
        period = await EmploymentPeriod.get_or_none(id=period_id, person_id=person_id)
        today = clock.today_in(organization.time_zone)
        if period is None or period.leave_date is None or period.leave_date > today:
            return False
        if await EmploymentPeriod.exists(person_id=person_id, leave_date=None):
            return False  # rehired since: a newer period is open
        return await become_alumnus(organization_id, person_id)
