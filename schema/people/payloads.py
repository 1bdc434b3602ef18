import strawberry

from schema.people.errors import PersonError
from schema.people.types import Department, Person


@strawberry.type(description="The new person, or why not.")
class PersonCreatePayload:
    person: Person | None
    errors: list[PersonError]


@strawberry.type(description="The changed person, or why not.")
class PersonUpdatePayload:
    person: Person | None
    errors: list[PersonError]


@strawberry.type(description="The archived person, or why not.")
class PersonArchivePayload:
    person: Person | None
    errors: list[PersonError]


@strawberry.type(description="The departing person, or why not.")
class DepartureRecordPayload:
    person: Person | None
    errors: list[PersonError]


@strawberry.type(description="The new department, or why not.")
class DepartmentCreatePayload:
    department: Department | None
    errors: list[PersonError]
