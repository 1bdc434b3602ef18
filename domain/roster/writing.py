"""Writing a planned chunk of roster rows: new people in one bulk insert per table, updates
of the values that changed, 備考 as the alumni profile's note and 退職理由 as imported exit
interviews, in bulk too. Every row is stamped with the import run's actor."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.common import clock
from domain.common.actors import Actor
from domain.common.bulk import insert_rows, update_rows
from domain.common.ids import ordered_id
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
from domain.roster.leave_reasons import record_leave_reasons
from domain.roster.planning import PERSON_FIELDS, PROFILE_FIELDS, Action, LeaveReason, Planned

# Changes the per-row update writes; the note and the leave reason are written in bulk.
ONE_BY_ONE = {*PERSON_FIELDS, *PROFILE_FIELDS, "skills", "community_consent"}


class Writer:
    def __init__(
        self, organization: Organization, actor: Actor, departments: dict[str, UUID]
    ) -> None:
        self.organization = organization
        self.actor = actor
        self.departments = departments  # name → id, including those this run creates

    async def apply(self, planned: list[Planned]) -> None:
        creates = [p for p in planned if p.outcome.action is Action.CREATE]
        updates = [p for p in planned if p.outcome.action is Action.UPDATE]
        leave_reasons = await self._create(creates) if creates else []
        for update in updates:
            if ONE_BY_ONE & update.changes.keys():
                await self._update(_person_id(update), update.changes)
        stamp = {"updated_by_kind": self.actor.kind, "updated_by_id": self.actor.id}
        notes = [
            {"person_id": _person_id(update), "note": update.changes["note"], **stamp}
            for update in updates
            if "note" in update.changes
        ]
        await update_rows(AlumniProfile, "person_id", notes)
        leave_reasons += [
            (_person_id(update), update.leave_reason) for update in updates if update.leave_reason
        ]
        await record_leave_reasons(self.organization.id, self.actor, leave_reasons)
        # A changed exit interview alone does not change the person.
        now = clock.now()
        await insert_rows(
            OutboxEvent,
            [
                _person_event(self.organization.id, events.PERSON_UPDATED, _person_id(update), now)
                for update in updates
                if update.changes
            ],
        )

    async def _department_id(self, name: str | None) -> UUID | None:
        if not name:
            return None
        if name not in self.departments:
            department = Department(organization_id=self.organization.id, name=name)
            department.stamp(self.actor, created=True)
            await department.save()
            self.departments[name] = department.id
        return self.departments[name]

    async def _create(self, creates: list[Planned]) -> list[tuple[UUID | str, LeaveReason]]:
        """Inserts the people; answers their leave reasons, for the periods just created.

        Ids are time-ordered and written as text, each converted once (see domain.common.ids)."""
        org = str(self.organization.id)
        stamp = {
            "organization_id": org,
            "created_by_kind": self.actor.kind,
            "created_by_id": self.actor.id,
            "updated_by_kind": self.actor.kind,
            "updated_by_id": self.actor.id,
        }
        people, periods, numbers, profiles, labels, consents, outbox = [], [], [], [], [], [], []
        leave_reasons = []
        now = clock.now()
        for planned in creates:
            person_id, row = str(_person_id(planned)), planned.row
            assert row is not None
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
            period_id = ordered_id()
            if row.leave_reason:
                leave_reasons.append(
                    (person_id, LeaveReason(row.leave_reason, period_id, row.left_on))
                )
            periods.append(
                {
                    **stamp,
                    "id": period_id,
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
                    {"id": ordered_id(), "organization_id": org,
                     "number": row.employee_number, "person_id": person_id}
                )  # fmt: skip
            profiles.append(
                {
                    **stamp,
                    "id": ordered_id(),
                    "person_id": person_id,
                    "departed_on": row.left_on,
                    "current_company": row.current_company or "",
                    "note": row.note or "",
                    **({"rehire_eligibility": row.rehire_eligibility}
                       if row.rehire_eligibility else {}),
                }
            )  # fmt: skip
            labels.extend(_skill_labels(stamp, person_id, row.skills))
            if row.community_consent is not None:
                consent = self._new_consent(person_id, _decision(row.community_consent), now)
                consents.append(consent)
                outbox.append(_consent_event(consent, now))
            outbox.append(_person_event(org, events.PERSON_CREATED, person_id, now))
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
        return leave_reasons

    def _new_consent(
        self, person_id: UUID | str, decision: ConsentDecision, now: datetime
    ) -> dict[str, Any]:
        """A new person's first ledger row: the roster's コミュニティ参加同意, from import."""
        return {
            "id": ordered_id(),
            "organization_id": str(self.organization.id),
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


def _person_id(planned: Planned) -> UUID:
    assert planned.outcome.person_id is not None, "creations and updates name their person"
    return planned.outcome.person_id


def _decision(granted: bool) -> ConsentDecision:
    return ConsentDecision.GRANTED if granted else ConsentDecision.WITHDRAWN


def _person_event(
    organization_id: UUID | str, event_type: str, person_id: UUID | str, now: datetime
) -> dict[str, Any]:
    return {
        "id": ordered_id(),
        "organization_id": organization_id,
        "event_type": event_type,
        "payload": {"person_id": str(person_id)},
        "available_at": now,
    }


def _consent_event(consent: dict[str, Any], now: datetime) -> dict[str, Any]:
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
        "id": ordered_id(),
        "organization_id": consent["organization_id"],
        "event_type": consent_events.CONSENT_CHANGED,
        "payload": payload,
        "available_at": now,
    }


def _skill_labels(
    stamp: dict[str, Any], person_id: UUID | str, skills: Iterable[str]
) -> list[dict[str, Any]]:
    return [
        {**stamp, "id": ordered_id(), "person_id": person_id, "kind": LabelKind.SKILL,
         "value": value, "position": position}
        for position, value in enumerate(skills)
    ]  # fmt: skip
