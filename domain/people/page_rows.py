"""The employment periods and labels of a page of people, as plain tuples.

A listed page reads them for up to 100 people at once, so these two reads are written as
SQL: building the `IN` list through the query builder and converting every column through
the models cost about three times the queries themselves. Ids go back to the caller's own
UUID objects by their text, which both databases give.
"""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple
from uuid import UUID

from tortoise.fields.data import DateField

from domain.common.ids import uuid_from_text
from domain.common.rows import fetch, placeholders
from domain.people.models import AlumniLabel, EmploymentPeriod, LabelKind

_DATE = DateField()  # reads a date from SQLite's text, or passes PostgreSQL's date through
# A label's kind → its list in PersonLabels, by the stored text: no Enum code per row.
_LIST_OF_KIND = {LabelKind.SKILL.value: 0, LabelKind.TAG.value: 1}


class DepartmentRow(NamedTuple):
    id: UUID
    name: str


class PersonLabels(NamedTuple):
    skills: list[str]
    tags: list[str]


class PeriodRow(NamedTuple):
    id: UUID
    person_id: UUID
    hire_date: date
    leave_date: date | None
    title: str
    employee_number: str | None
    manager_id: UUID | None
    department: DepartmentRow | None
    tenure_counted_from: date | None = None  # None: the hire date


def _grouped(rows: Iterable, keys: Iterable[UUID]) -> dict[UUID, list]:
    groups: dict[UUID, list] = {key: [] for key in keys}
    for row in rows:
        groups[row.person_id].append(row)
    return groups


def _uuid(value: object) -> UUID | None:
    return None if value is None else value if isinstance(value, UUID) else uuid_from_text(value)


async def periods_of(organization_id: UUID, person_ids: list[UUID]) -> dict[UUID, list[PeriodRow]]:
    """Employment periods with their department, oldest first, in one query."""
    if not person_ids:
        return {}
    people = {str(key): key for key in person_ids}
    rows = await fetch(
        EmploymentPeriod,
        "SELECT p.id, p.person_id, p.hire_date, p.leave_date, p.title, p.employee_number,"
        " p.manager_id, p.department_id, d.name, p.tenure_counted_from"
        " FROM employment_period p LEFT JOIN department d ON d.id = p.department_id"
        f" WHERE p.organization_id = {placeholders(EmploymentPeriod, 1)}"
        f" AND p.person_id IN ({placeholders(EmploymentPeriod, len(people), start=2)})"
        " ORDER BY p.person_id, p.hire_date, p.id",
        [str(organization_id), *people],
    )
    departments: dict[str, DepartmentRow] = {}
    periods = []
    for row in rows:
        id_, person_id, hired, left, title, number, manager_id, department_id, name = row[:9]
        department = None
        if department_id is not None:
            department = departments.get(str(department_id))
            if department is None:
                department = departments[str(department_id)] = DepartmentRow(
                    _uuid(department_id), name
                )
        periods.append(
            PeriodRow(
                _uuid(id_),
                people[str(person_id)],
                _DATE.to_python_value(hired),
                _DATE.to_python_value(left),
                title,
                number,
                _uuid(manager_id),
                department,
                _DATE.to_python_value(row[9]),
            )
        )
    return _grouped(periods, person_ids)


async def labels_of(organization_id: UUID, person_ids: list[UUID]) -> dict[UUID, PersonLabels]:
    """Each person's skills and tags in their given order, in one query."""
    if not person_ids:
        return {}
    people = {str(key): key for key in person_ids}
    rows = await fetch(
        AlumniLabel,
        "SELECT person_id, kind, value FROM alumni_label"
        f" WHERE organization_id = {placeholders(AlumniLabel, 1)}"
        f" AND person_id IN ({placeholders(AlumniLabel, len(people), start=2)})"
        " ORDER BY person_id, position, value",
        [str(organization_id), *people],
    )
    labels = {key: PersonLabels([], []) for key in person_ids}
    for person_id, kind, value in rows:
        labels[people[str(person_id)]][_LIST_OF_KIND[kind]].append(value)
    return labels
