"""Importing a parsed roster: each row is matched to a person and created, updated, left as
it is, or rejected with its reasons.

One call is one transaction, and all-or-nothing: while any row is rejected nothing is
written, unless the caller chose to skip rejected rows. A dry run plans the same way and
writes nothing. Rows are handled in chunks (a few queries per chunk, bulk inserts), so the
work per row is constant and the memory does not grow with the file; each row's outcome goes
to `on_row` as soon as it is known instead of being kept.

Matching: a row is the person whose employee number it gives, or else whose personal or work
email it gives (case-insensitive). An empty cell never erases what Kizuna holds; the
employment history of a person already in Kizuna is not rewritten by an import.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import islice
from typing import Any
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.common.bulk import insert_rows
from domain.consent import events as consent_events
from domain.consent.models import (
    ConsentChannel,
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
)
from domain.consent.services import record_consent
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.outbox.models import OutboxEvent
from domain.people import events
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    Department,
    EmployeeNumber,
    EmploymentPeriod,
    LabelKind,
    Person,
    PersonStatus,
)
from domain.roster.error_codes import RosterErrorCode
from domain.roster.rows import Roster, RosterRow, RowProblem

CHUNK_ROWS = 500


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


@dataclass
class ImportSummary:
    dry_run: bool
    skip_rejected: bool
    header_line: int
    ignored_columns: tuple[str, ...]
    counts: dict[Action, int] = field(default_factory=lambda: dict.fromkeys(Action, 0))
    departments_created: list[str] = field(default_factory=list)
    applied: bool = False  # whether the changes were written

    @property
    def refused(self) -> bool:
        """A real run that wrote nothing because rows were rejected and not to be skipped."""
        return not self.dry_run and not self.applied


class _Rejected(Exception):
    """Rolls the transaction back: a row was rejected and skipping was not chosen."""


async def import_roster(
    organization: Organization,
    actor: Actor,
    roster: Roster,
    *,
    dry_run: bool,
    skip_rejected: bool = False,
    on_row: Callable[[RowOutcome], None] | None = None,
) -> ImportSummary:
    """Plans (and unless `dry_run`, applies) every row of `roster`; see the module doc."""
    summary = ImportSummary(
        dry_run=dry_run,
        skip_rejected=skip_rejected,
        header_line=roster.header.line,
        ignored_columns=roster.ignored_columns,
    )
    run = _Run(organization, roster, summary, on_row or (lambda outcome: None))
    if dry_run:
        await run.go(write=False)
        return summary
    # Imported rows are stamped with this run; the audit row names who ran it.
    run.actor = Actor(ActorKind.IMPORT, str(uuid.uuid4()))
    try:
        async with in_transaction():
            await run.go(write=True)
            if summary.counts[Action.REJECT] and not skip_rejected:
                raise _Rejected
            await audit(
                organization.id,
                actor,
                "roster.imported",
                "organization",
                organization.id,
                {
                    "import": run.actor.id,
                    **{action.value: count for action, count in summary.counts.items()},
                },
            )
    except _Rejected:
        summary.departments_created.clear()
        return summary
    summary.applied = True
    return summary


def _outcomes(roster: Roster) -> Iterator[RosterRow | tuple[RowProblem, ...]]:
    """RosterRows, and each rejected row's problems as one tuple (they come in a run)."""
    pending: list[RowProblem] = []
    for item in roster:
        if pending and (isinstance(item, RosterRow) or item.line != pending[0].line):
            yield tuple(pending)
            pending = []
        if isinstance(item, RosterRow):
            yield item
        else:
            pending.append(item)
    if pending:
        yield tuple(pending)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class _Known:
    """What Kizuna holds about the people a chunk's rows name."""

    by_number: dict[str, UUID]
    by_email: dict[str, UUID]
    people: dict[UUID, dict[str, Any]]
    profiles: dict[UUID, dict[str, Any]]
    skills: dict[UUID, list[str]]
    community: dict[UUID, bool]  # the latest community consent on email, where recorded


class _Run:
    def __init__(
        self,
        organization: Organization,
        roster: Roster,
        summary: ImportSummary,
        on_row: Callable[[RowOutcome], None],
    ) -> None:
        self.organization = organization
        self.roster = roster
        self.summary = summary
        self.on_row = on_row
        self.actor = Actor(ActorKind.IMPORT)
        self.departments: dict[str, UUID] = {}
        self.new_departments: set[str] = set()

    async def go(self, *, write: bool) -> None:
        rows = Department.filter(organization_id=self.organization.id).values_list("name", "id")
        self.departments = dict(await rows)
        for chunk in _chunks(_outcomes(self.roster), CHUNK_ROWS):
            planned = await self._plan(chunk)
            # Once a row is rejected (and rejected rows are not skipped), the run will be
            # rolled back: the rest is only planned, so that every row is reported.
            writing = write and (
                self.summary.skip_rejected or not self.summary.counts[Action.REJECT]
            )
            if writing:
                await self._apply(planned)
            for outcome, _ in planned:
                self.summary.counts[outcome.action] += 1
                self.on_row(outcome)

    # --- planning ---------------------------------------------------------------------

    async def _plan(self, chunk: list[Any]) -> list[tuple[RowOutcome, Any]]:
        rows = [item for item in chunk if isinstance(item, RosterRow)]
        known = await self._known(rows)
        planned: list[tuple[RowOutcome, Any]] = []
        for item in chunk:
            if isinstance(item, tuple):
                outcome = RowOutcome(item[0].line, Action.REJECT, problems=item)
                planned.append((outcome, None))
            else:
                planned.append(self._plan_row(item, known))
        return planned

    async def _known(self, rows: list[RosterRow]) -> _Known:
        org = self.organization.id
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
        return _Known(by_number, by_email, people, profiles, skills, community)

    def _plan_row(self, row: RosterRow, known: _Known) -> tuple[RowOutcome, Any]:
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
            return RowOutcome(row.line, Action.REJECT, person_id, problems=tuple(problems)), None
        if person is None:
            self._note_department(row.department)
            new_id = uuid.uuid4()
            return RowOutcome(row.line, Action.CREATE, new_id, warnings=row.warnings), (new_id, row)
        changes = _changes(row, person, known.profiles.get(person["id"]), known)
        action = Action.UPDATE if changes else Action.UNCHANGED
        outcome = RowOutcome(
            row.line, action, person["id"], changed=tuple(changes), warnings=row.warnings
        )
        return outcome, (person["id"], changes) if changes else None

    def _problem(
        self, row: RosterRow, field: str, code: RosterErrorCode, message: str
    ) -> RowProblem:
        column = self.roster.header.text_of(field)
        return RowProblem(row.line, column, field, code, f"{column}: {message}")

    # --- writing ------------------------------------------------------------------------

    async def _apply(self, planned: list[tuple[RowOutcome, Any]]) -> None:
        creates = [work for outcome, work in planned if outcome.action is Action.CREATE]
        updates = [work for outcome, work in planned if outcome.action is Action.UPDATE]
        if creates:
            await self._create(creates)
        for person_id, changes in updates:
            await self._update(person_id, changes)

    def _note_department(self, name: str | None) -> None:
        """A department the import creates: listed in dry runs and real runs alike."""
        if name and name not in self.departments and name not in self.new_departments:
            self.new_departments.add(name)
            self.summary.departments_created.append(name)

    async def _department_id(self, name: str | None) -> UUID | None:
        if not name:
            return None
        if name not in self.departments:
            department = Department(organization_id=self.organization.id, name=name)
            department.stamp(self.actor, created=True)
            await department.save()
            self.departments[name] = department.id
        return self.departments[name]

    async def _create(self, creates: list[tuple[UUID, RosterRow]]) -> None:
        org = self.organization.id
        stamp = {
            "organization_id": org,
            "created_by_kind": self.actor.kind,
            "created_by_id": self.actor.id,
            "updated_by_kind": self.actor.kind,
            "updated_by_id": self.actor.id,
        }
        people, periods, numbers, profiles, labels, consents, outbox = [], [], [], [], [], [], []
        now = clock.now()
        for person_id, row in creates:
            people.append(
                {
                    **stamp,
                    "id": person_id,
                    "name": row.name,
                    "name_kana": row.kana or "",
                    "personal_email": row.email,
                    "phone": row.phone,
                    "status": PersonStatus.ALUMNUS,
                }
            )
            periods.append(
                {
                    **stamp,
                    "id": uuid.uuid4(),
                    "person_id": person_id,
                    "hire_date": row.hired_on,
                    "leave_date": row.left_on,
                    "department_id": await self._department_id(row.department),
                    "title": row.title or "",
                    "employee_number": row.employee_number,
                }
            )
            if row.employee_number:
                numbers.append(
                    {"id": uuid.uuid4(), "organization_id": org,
                     "number": row.employee_number, "person_id": person_id}
                )  # fmt: skip
            profiles.append(
                {
                    **stamp,
                    "id": uuid.uuid4(),
                    "person_id": person_id,
                    "departed_on": row.left_on,
                    "current_company": row.current_company or "",
                    **({"rehire_eligibility": row.rehire_eligibility}
                       if row.rehire_eligibility else {}),
                }
            )  # fmt: skip
            labels.extend(_skill_labels(stamp, person_id, row.skills))
            if row.community_consent is not None:
                consent = self._new_consent(person_id, _decision(row.community_consent), now)
                consents.append(consent)
                outbox.append(_consent_event(consent, now))
            outbox.append(
                {
                    "id": uuid.uuid4(),
                    "organization_id": org,
                    "event_type": events.PERSON_CREATED,
                    "payload": {"person_id": str(person_id)},
                    "available_at": now,
                }
            )
        for model, rows in (
            (Person, people),
            (EmploymentPeriod, periods),
            (EmployeeNumber, numbers),
            (AlumniProfile, profiles),
            (AlumniLabel, labels),
            (ConsentRecord, consents),
            (OutboxEvent, outbox),
        ):
            await insert_rows(model, rows)

    def _new_consent(self, person_id: UUID, decision: ConsentDecision, now: Any) -> dict[str, Any]:
        """A new person's first ledger row: the roster's コミュニティ参加同意, from import."""
        return {
            "id": uuid.uuid4(),
            "organization_id": self.organization.id,
            "person_id": person_id,
            "purpose": ConsentPurpose.COMMUNITY,
            "channel": ConsentChannel.EMAIL,
            "decision": decision,
            "source": ConsentSource.IMPORT,
            "recorded_at": now,
            "recorded_by_kind": self.actor.kind,
            "recorded_by_id": self.actor.id,
        }

    async def _update(self, person_id: UUID, changes: dict[str, Any]) -> None:
        person_changes = {k: v for k, v in changes.items() if k in PERSON_FIELDS}
        profile_changes = {k: v for k, v in changes.items() if k in PROFILE_FIELDS}
        stamp = {"updated_by_kind": self.actor.kind, "updated_by_id": self.actor.id}
        if person_changes:
            await Person.filter(id=person_id).update(**person_changes, **stamp)
        if profile_changes:
            await AlumniProfile.filter(person_id=person_id).update(**profile_changes, **stamp)
        if "skills" in changes:
            await AlumniLabel.filter(person_id=person_id, kind=LabelKind.SKILL).delete()
            created = {"created_by_kind": self.actor.kind, "created_by_id": self.actor.id}
            labels = {"organization_id": self.organization.id, **stamp, **created}
            await insert_rows(AlumniLabel, _skill_labels(labels, person_id, changes["skills"]))
        if "community_consent" in changes:
            await record_consent(
                self.organization,
                self.actor,
                person_id,
                ConsentPurpose.COMMUNITY,
                ConsentChannel.EMAIL,
                _decision(changes["community_consent"]),
                ConsentSource.IMPORT,
            )
        await enqueue(
            events.PERSON_UPDATED,
            {"person_id": str(person_id)},
            organization_id=self.organization.id,
        )


PERSON_FIELDS = ("name", "name_kana", "phone", "personal_email")
PROFILE_FIELDS = ("current_company", "rehire_eligibility")


def _changes(
    row: RosterRow, person: dict[str, Any], profile: dict[str, Any] | None, known: _Known
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


def _decision(granted: bool) -> ConsentDecision:
    return ConsentDecision.GRANTED if granted else ConsentDecision.WITHDRAWN


def _consent_event(consent: dict[str, Any], now: Any) -> dict[str, Any]:
    """As the consent ledger announces every change (consent.changed)."""
    payload = {
        "person_id": str(consent["person_id"]),
        "record_id": str(consent["id"]),
        "purpose": consent["purpose"].value,
        "channel": consent["channel"].value,
        "decision": consent["decision"].value,
        "source": consent["source"].value,
    }
    return {
        "id": uuid.uuid4(),
        "organization_id": consent["organization_id"],
        "event_type": consent_events.CONSENT_CHANGED,
        "payload": payload,
        "available_at": now,
    }


def _key_field(row: RosterRow) -> str:
    return "employee_number" if row.employee_number else "email"


def _skill_labels(
    stamp: dict[str, Any], person_id: UUID, skills: Iterable[str]
) -> list[dict[str, Any]]:
    return [
        {**stamp, "id": uuid.uuid4(), "person_id": person_id, "kind": LabelKind.SKILL,
         "value": value, "position": position}
        for position, value in enumerate(skills)
    ]  # fmt: skip
