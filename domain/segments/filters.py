"""A segment's filter as stored JSON, and back: the `alumni` query's AlumniFilter."""

from dataclasses import fields
from datetime import date
from typing import Any
from uuid import UUID

from domain.people.models import RehireEligibility
from domain.people.queries import AlumniFilter


def to_json(wanted: AlumniFilter) -> dict[str, Any]:
    """Only the filters in use, in JSON types (ids and dates as text)."""
    stored: dict[str, Any] = {}
    for spec in fields(wanted):
        value = getattr(wanted, spec.name)
        if value in (None, []):
            continue
        if spec.name == "department_ids":
            value = [str(key) for key in value]
        elif spec.name == "rehire_eligibility":
            value = [RehireEligibility(item).value for item in value]
        elif isinstance(value, date):
            value = value.isoformat()
        stored[spec.name] = value
    return stored


def from_json(stored: dict[str, Any]) -> AlumniFilter:
    values = dict(stored)
    if "department_ids" in values:
        values["department_ids"] = [UUID(key) for key in values["department_ids"]]
    if "rehire_eligibility" in values:
        values["rehire_eligibility"] = [RehireEligibility(v) for v in values["rehire_eligibility"]]
    for name in ("departed_from", "departed_to"):
        if values.get(name) is not None:
            values[name] = date.fromisoformat(values[name])
    return AlumniFilter(**values)
