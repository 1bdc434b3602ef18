"""The roster import's report: counts, and each row's outcome with its reasons."""

from enum import StrEnum

import strawberry

from domain.roster.columns import FIELDS
from domain.roster.error_codes import RosterErrorCode as RosterErrorCodeValue
from domain.roster.importing import Action

RosterErrorCode = strawberry.enum(
    RosterErrorCodeValue,
    name="RosterErrorCode",
    description="Why a roster file, or one of its rows, cannot be imported as it is.",
)
RosterRowAction = strawberry.enum(
    Action, name="RosterRowAction", description="What the import does (or would do) with a row."
)
# The roster reader's field names (domain.roster.columns.FIELDS), as a GraphQL enum.
RosterFieldValue = StrEnum("RosterFieldValue", {name.upper(): name for name in FIELDS})
RosterField = strawberry.enum(
    RosterFieldValue, name="RosterField", description="A field a roster column can fill."
)


@strawberry.type(description="A problem with one cell of a row, or how a value was read.")
class RosterRowProblem:
    line: int = strawberry.field(description="The row number as the spreadsheet shows it.")
    column: str = strawberry.field(description="The column's header as written in the file.")
    code: RosterErrorCode
    message: str


@strawberry.type(description="What the import does (or would do) with one row.")
class RosterRowOutcome:
    line: int
    action: RosterRowAction
    person_id: strawberry.ID | None = strawberry.field(
        description="The person the row created, updated or matched; null in a dry run's "
        "creations and for rejected rows that match nobody."
    )
    changed_fields: list[str] = strawberry.field(description="The fields an update changes.")
    problems: list[RosterRowProblem] = strawberry.field(description="Why the row is rejected.")
    warnings: list[RosterRowProblem] = strawberry.field(description="How values were read.")


@strawberry.type(description="The outcome of a roster import or dry run.")
class RosterImportReport:
    dry_run: bool
    applied: bool = strawberry.field(
        description="Whether anything was written: false for dry runs, and for real runs "
        "refused because rows were rejected and skipping them was not chosen."
    )
    created: int
    updated: int
    unchanged: int
    rejected: int
    departments_created: list[str] = strawberry.field(
        description="Departments the import creates (or would create), by name."
    )
    exit_interviews: int = strawberry.field(
        description="Rows whose 退職理由 the import records (or would record) as an exit "
        "interview of the person's last departure: new ones, and earlier imports' answers "
        "when the roster's reason changed."
    )
    header_line: int
    ignored_columns: list[str] = strawberry.field(description="Columns no field reads.")
    rows: list[RosterRowOutcome] = strawberry.field(
        description="Each row's outcome in file order: every rejected or warned row, and the "
        "others up to 10,000 rows in all."
    )
    rows_truncated: bool = strawberry.field(
        description="Some created, updated or unchanged rows are left out of `rows`; the "
        "counts are always complete."
    )


@strawberry.type(description="Why the file as a whole cannot be imported.")
class RosterImportError:
    field: str | None
    code: RosterErrorCode
    message: str


@strawberry.type(description="The import's report, or why the file could not be read.")
class RosterImportPayload:
    report: RosterImportReport | None
    errors: list[RosterImportError]
