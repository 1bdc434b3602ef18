"""Planning a chunk of roster rows: what Kizuna holds about the people they name (a fixed
number of indexed queries per chunk), and for each row whether it creates, updates, leaves
unchanged or is rejected, with what it would change. Planning writes nothing."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentRecord
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmployeeNumber,
    LabelKind,
    Person,
    PersonStatus,
)
from domain.roster.columns import Header
from domain.roster.error_codes import RosterErrorCode
from domain.roster.rows import RosterRow, RowProblem


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class RowOutcome:
    line: int
    action: Action
    person_id: UUID | None = None
    changed: tuple[str, ...] = ()  # the fields an update changes
    problems: tuple[RowProblem, ...] = ()  # why the row is rejected
    warnings: tuple[RowProblem, ...] = ()  # how a value was read


@dataclass(frozen=True, slots=True)
class Planned:
    """A row's outcome and, for a creation or an update, what to write."""

    outcome: RowOutcome
    row: RosterRow | None = None  # a creation's row
    changes: dict[str, Any] = field(default_factory=dict)  # an update's new values


PERSON_FIELDS = ("name", "name_kana", "phone", "personal_email")
PROFILE_FIELDS = ("current_company", "rehire_eligibility")


@dataclass
class Known:
    """What Kizuna holds about the people a chunk's rows name."""

    by_number: dict[str, UUID]
    by_email: dict[str, UUID]
    people: dict[UUID, dict[str, Any]]
    profiles: dict[UUID, dict[str, Any]]
    skills: dict[UUID, list[str]]
    community: dict[UUID, bool]  # the latest community consent on email, where recorded


class Planner:
    """Plans chunk after chunk of one roster. `departments_created` lists, in dry runs and
    real runs alike, the departments the rows name that the organization does not have."""

    def __init__(self, organization_id: UUID, header: Header, departments: Iterable[str]) -> None:
        self.organization_id = organization_id
        self.header = header
        self.departments = set(departments)
        self.departments_created: list[str] = []

    async def plan(self, chunk: list[RosterRow | tuple[RowProblem, ...]]) -> list[Planned]:
        """Each item of the chunk planned: a RosterRow, or a row rejected while parsing (all
        its problems)."""
        rows = [item for item in chunk if isinstance(item, RosterRow)]
        known = await self._known(rows)
        return [
            Planned(RowOutcome(item[0].line, Action.REJECT, problems=item))
            if isinstance(item, tuple)
            else self._plan_row(item, known)
            for item in chunk
        ]

    async def _known(self, rows: list[RosterRow]) -> Known:
        org = self.organization_id
        numbers = [row.employee_number for row in rows if row.employee_number]
        emails = [row.email for row in rows if row.email]
        by_number = dict(
            await EmployeeNumber.filter(organization_id=org, number__in=numbers).values_list(
                "number", "person_id"
            )
        )
        # Three indexed lookups: one query OR-ing the columns would scan the table.
        columns = ("id", "name", "name_kana", "phone", "personal_email", "work_email", "status",
                   "archived_at")  # fmt: skip
        people_here = Person.filter(organization_id=org)
        found = [
            *await people_here.filter(id__in=list(by_number.values())).values(*columns),
            *await people_here.filter(personal_email__in=emails).values(*columns),
            *await people_here.filter(work_email__in=emails).values(*columns),
        ]
        people = {person["id"]: person for person in found}
        by_email: dict[str, UUID] = {}
        for person in found:
            for key in ("work_email", "personal_email"):  # a personal email wins a tie
                if person[key]:
                    by_email[person[key].lower()] = person["id"]
        profiles = {
            profile["person_id"]: profile
            for profile in await AlumniProfile.filter(person_id__in=list(people)).values(
                "id", "person_id", "current_company", "rehire_eligibility"
            )
        }
        skills: dict[UUID, list[str]] = {}
        for person_id, value in (
            await AlumniLabel.filter(person_id__in=list(people), kind=LabelKind.SKILL)
            .order_by("position", "value")
            .values_list("person_id", "value")
        ):
            skills.setdefault(person_id, []).append(value)
        community: dict[UUID, bool] = {}
        for person_id, decision in (
            await ConsentRecord.filter(
                person_id__in=list(people),
                purpose=ConsentPurpose.COMMUNITY,
                channel=ConsentChannel.EMAIL,
            )
            .order_by("recorded_at")
            .values_list("person_id", "decision")
        ):
            community[person_id] = decision == ConsentDecision.GRANTED  # the last one wins
        return Known(by_number, by_email, people, profiles, skills, community)

    def _plan_row(self, row: RosterRow, known: Known) -> Planned:
        problems = []
        if row.hired_on is None:
            problems.append(
                self._problem(
                    row,
                    "hired_on",
                    RosterErrorCode.REQUIRED,
                    "the hire date is empty or unknown; Kizuna keeps each employment period "
                    "with its first day.",
                )
            )
        by_number = known.by_number.get(row.employee_number or "")
        by_email = known.by_email.get(row.email or "")
        if by_number and by_email and by_number != by_email:
            problems.append(
                self._problem(
                    row,
                    "email",
                    RosterErrorCode.CONFLICTING_PERSON,
                    f"'{row.email}' is another person's than employee number "
                    f"'{row.employee_number}'.",
                )
            )
        person_id = by_number or by_email
        person = known.people.get(person_id) if person_id else None
        if person is not None and person["archived_at"] is not None:
            problems.append(
                self._problem(
                    row,
                    _key_field(row),
                    RosterErrorCode.ARCHIVED_PERSON,
                    "this person is archived in Kizuna; restore them before importing.",
                )
            )
        elif person is not None and person["status"] == PersonStatus.EMPLOYEE:
            problems.append(
                self._problem(
                    row,
                    _key_field(row),
                    RosterErrorCode.STILL_EMPLOYED,
                    "this person is a current employee in Kizuna; record their departure first.",
                )
            )
        if problems:
            return Planned(RowOutcome(row.line, Action.REJECT, person_id, problems=tuple(problems)))
        if person is None:
            self._note_department(row.department)
            outcome = RowOutcome(row.line, Action.CREATE, uuid.uuid4(), warnings=row.warnings)
            return Planned(outcome, row=row)
        changes = _changes(row, person, known.profiles.get(person["id"]), known)
        action = Action.UPDATE if changes else Action.UNCHANGED
        outcome = RowOutcome(
            row.line, action, person["id"], changed=tuple(changes), warnings=row.warnings
        )
        return Planned(outcome, changes=changes)

    def _problem(
        self, row: RosterRow, field: str, code: RosterErrorCode, message: str
    ) -> RowProblem:
        column = self.header.text_of(field)
        return RowProblem(row.line, column, field, code, f"{column}: {message}")

    def _note_department(self, name: str | None) -> None:
        if name and name not in self.departments:
            self.departments.add(name)
            self.departments_created.append(name)


def _changes(
    row: RosterRow, person: dict[str, Any], profile: dict[str, Any] | None, known: Known
) -> dict[str, Any]:
    """What the row would change; empty cells change nothing."""
    wanted: dict[str, Any] = {"name": row.name, "name_kana": row.kana, "phone": row.phone}
    emails = {(person[key] or "").lower() for key in ("personal_email", "work_email")}
    if row.email and row.email not in emails:
        wanted["personal_email"] = row.email
    changes = {k: v for k, v in wanted.items() if v and v != person[k]}
    if profile is not None:
        for key, value in (
            ("current_company", row.current_company),
            ("rehire_eligibility", row.rehire_eligibility),
        ):
            if value and value != profile[key]:
                changes[key] = value
    if row.skills and list(row.skills) != known.skills.get(person["id"], []):
        changes["skills"] = list(row.skills)
    consent = row.community_consent
    if consent is not None and consent != known.community.get(person["id"]):
        changes["community_consent"] = consent
    return changes


def _key_field(row: RosterRow) -> str:
    return "employee_number" if row.employee_number else "email"
