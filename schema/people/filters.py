"""The `alumni` query's filter input, checked into a domain AlumniFilter. Saved segments
store their filter through the same check, so both accept exactly the same filters."""

from uuid import UUID

from domain.common.text import has_control_characters
from domain.people.queries import AlumniFilter
from resolvers import ids
from resolvers.errors import BadUserInput
from schema.people.inputs import AlumniFilterInput

MAX_SEARCH_LENGTH = 100
MAX_FILTER_VALUES = 30
FILTER_LISTS = {
    "skills": "filter.skills",
    "tags": "filter.tags",
    "department_ids": "filter.departmentIds",
    "rehire_eligibility": "filter.rehireEligibility",
}


def department_keys(global_ids: list[str], field: str) -> list[UUID]:
    """`field` names the argument as the client wrote it (`filter.departmentIds` …)."""
    if len(global_ids) > MAX_FILTER_VALUES:
        raise BadUserInput(f"At most {MAX_FILTER_VALUES} values per filter.", field=field)
    keys = []
    for global_id in global_ids:
        key = ids.decode(global_id, "Department")
        if key is None:
            raise BadUserInput(
                f"`departmentIds` has an id that is not a department: {global_id}", field=field
            )
        keys.append(key)
    return keys


def search_text(value: str | None, field: str) -> str | None:
    if value is not None and len(value) > MAX_SEARCH_LENGTH:
        raise BadUserInput(f"`search` is limited to {MAX_SEARCH_LENGTH} characters.", field=field)
    if value is not None and has_control_characters(value):
        raise BadUserInput("`search` may not contain control characters.", field=field)
    return value


def alumni_filter(given: AlumniFilterInput | None) -> AlumniFilter:
    if given is None:
        return AlumniFilter()
    search_text(given.search, "filter.search")
    for name, field in FILTER_LISTS.items():
        if len(getattr(given, name)) > MAX_FILTER_VALUES:
            raise BadUserInput(f"At most {MAX_FILTER_VALUES} values per filter.", field=field)
    for name in ("skills", "tags"):
        if any(has_control_characters(value) for value in getattr(given, name)):
            raise BadUserInput(
                "Skills and tags may not contain control characters.", field=FILTER_LISTS[name]
            )
    department_ids = department_keys(given.department_ids, "filter.departmentIds")
    return AlumniFilter(
        search=given.search,
        skills=list(given.skills),
        tags=list(given.tags),
        department_ids=department_ids,
        departed_from=given.departed_from,
        departed_to=given.departed_to,
        rehire_eligibility=list(given.rehire_eligibility),
        directory_listed=given.directory_listed,
    )
