"""Planning a chunk of roster rows: what Kizuna holds about the people they name (a fixed
number of indexed queries per chunk), and for each row whether it creates, updates, leaves
unchanged or is rejected, with what it would change. Planning writes nothing."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from domain.common.actors import ActorKind
from domain.common.ids import ordered_uuid
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentRecord
from domain.offboarding.models import ExitInterview, Offboarding, OffboardingSource
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmployeeNumber,
    EmploymentPeriod,
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
class LeaveReason:
    """A known person's 退職理由 to record as an imported exit interview: with a new imported
    off-boarding of their last employment period, or in place of the answers of the
    interview an earlier import recorded (`interview_id`)."""

    text: str
    period_id: UUID | str | None = None  # text: a period this run creates
    leave_date: date | None = None
    interview_id: UUID | None = None


@dataclass(frozen=True, slots=True)
class Planned:
    """A row's outcome and, for a creation or an update, what to write."""

    outcome: RowOutcome
    row: RosterRow | None = None  # a creation's row
    changes: dict[str, Any] = field(default_factory=dict)  # an update's new values
    leave_reason: LeaveReason | None = None  # an update's new exit-interview answers

    @property
    def records_exit_interview(self) -> bool:
        """The row's 退職理由 is recorded: with a new person, or as an update."""
        return self.leave_reason is not None or bool(self.row and self.row.leave_reason)


PERSON_FIELDS = ("name", "name_kana", "phone", "personal_email")
PROFILE_FIELDS = ("current_company", "rehire_eligibility")


@dataclass(frozen=True, slots=True)
class Departure:
    """A known person's last ended employment period, and its standing off-boarding."""

    period_id: UUID
    leave_date: date
    offboarding_source: OffboardingSource | None = None  # None: not off-boarded in Kizuna
    interview_id: UUID | None = None
    interview_text: str = ""
    # Whether an import recorded the interview last: answers hr recorded since are theirs.
    imported_interview: bool = False


@dataclass
class Known:
    """What Kizuna holds about the people a chunk's rows name."""

    by_number: dict[str, UUID]
    by_email: dict[str, UUID]
    people: dict[UUID, dict[str, Any]]
    profiles: dict[UUID, dict[str, Any]]
    skills: dict[UUID, list[str]]
    community: dict[UUID, bool]  # the latest community consent on email, where recorded
    departures: dict[UUID, Departure]


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
                "id", "person_id", "current_company", "rehire_eligibility", "note"
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
        departures = await _departures(list(people))
        return Known(by_number, by_email, people, profiles, skills, community, departures)

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
            outcome = RowOutcome(row.line, Action.CREATE, ordered_uuid(), warnings=row.warnings)
            return Planned(outcome, row=row)
        changes = _changes(row, person, known.profiles.get(person["id"]), known)
        leave_reason = _leave_reason(row, known.departures.get(person["id"]))
        changed = (*changes, *(("leave_reason",) if leave_reason else ()))
        action = Action.UPDATE if changed else Action.UNCHANGED
        outcome = RowOutcome(row.line, action, person["id"], changed=changed, warnings=row.warnings)
        return Planned(outcome, changes=changes, leave_reason=leave_reason)

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
            ("note", row.note),
        ):
            if value and value != profile[key]:
                changes[key] = value
    if row.skills and list(row.skills) != known.skills.get(person["id"], []):
        changes["skills"] = list(row.skills)
    consent = row.community_consent
    if consent is not None and consent != known.community.get(person["id"]):
        changes["community_consent"] = consent
    return changes


def _leave_reason(row: RosterRow, departure: Departure | None) -> LeaveReason | None:
    """What the row's 退職理由 records, if anything: an off-boarding of the person's last
    departure that hr, a manager or an HR system started keeps its own interview, and so does
    an imported one whose answers hr recorded again since."""
    if not row.leave_reason or departure is None:
        return None
    if departure.offboarding_source is None:
        return LeaveReason(row.leave_reason, departure.period_id, departure.leave_date)
    if (
        departure.offboarding_source is OffboardingSource.IMPORT
        and departure.imported_interview
        and departure.interview_text != row.leave_reason
    ):
        return LeaveReason(row.leave_reason, interview_id=departure.interview_id)
    return None


async def _departures(person_ids: list[UUID]) -> dict[UUID, Departure]:
    """Each person's last ended employment period, with its standing off-boarding and the
    off-boarding's exit interview: three queries, whatever the number of people."""
    periods: dict[UUID, tuple[UUID, date]] = {}
    for person_id, period_id, leave_date in (
        await EmploymentPeriod.filter(person_id__in=person_ids, leave_date__not_isnull=True)
        .order_by("leave_date", "hire_date")
        .values_list("person_id", "id", "leave_date")
    ):
        periods[person_id] = (period_id, leave_date)  # the last one wins
    standing = {
        period_id: (offboarding_id, OffboardingSource(source))
        for period_id, offboarding_id, source in await Offboarding.filter(
            standing_period_id__in=[period_id for period_id, _ in periods.values()]
        ).values_list("standing_period_id", "id", "source")
    }
    interviews = {
        offboarding_id: (interview_id, text, updated_by == ActorKind.IMPORT)
        for offboarding_id, interview_id, text, updated_by in await ExitInterview.filter(
            offboarding_id__in=[offboarding_id for offboarding_id, _ in standing.values()]
        ).values_list("offboarding_id", "id", "free_text", "updated_by_kind")
    }
    departures = {}
    for person_id, (period_id, leave_date) in periods.items():
        offboarding_id, source = standing.get(period_id, (None, None))
        interview_id, text, imported = interviews.get(offboarding_id, (None, "", False))
        departures[person_id] = Departure(
            period_id, leave_date, source, interview_id, text, imported
        )
    return departures


def _key_field(row: RosterRow) -> str:
    return "employee_number" if row.employee_number else "email"
