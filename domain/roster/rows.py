"""A roster table to alumni rows, each either ready to import or with every problem it has."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from domain.people.models import RehireEligibility
from domain.roster import normalise
from domain.roster.columns import Header, field_names, read_header
from domain.roster.error_codes import RosterErrorCode, RosterFileError, ValueProblem
from domain.roster.reading import Formula, TableRow


@dataclass(frozen=True, slots=True)
class RosterRow:
    line: int  # the row number a spreadsheet user sees (xlsx row, CSV line)
    name: str
    left_on: date
    employee_number: str | None = None
    email: str | None = None
    kana: str | None = None
    phone: str | None = None
    hired_on: date | None = None
    department: str | None = None
    title: str | None = None
    leave_reason: str | None = None
    current_company: str | None = None
    skills: tuple[str, ...] = ()
    community_consent: bool | None = None  # None: the alumnus was not asked
    rehire_eligibility: RehireEligibility | None = None
    note: str | None = None
    # How a value was read, for the user to check (e.g. 令和1年3月3日 read as 2019-03-03).
    warnings: tuple["RowProblem", ...] = ()


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    column: str  # the header as written in the file
    field: str
    code: RosterErrorCode
    message: str


# Lengths are those of the columns the importer writes to.
PARSERS: dict[str, Callable[[str], Any]] = {
    "employee_number": partial(normalise.text, max_length=32),
    "name": partial(normalise.text, max_length=100),
    "kana": normalise.kana,
    "email": normalise.email,
    "phone": normalise.phone,
    "hired_on": normalise.date_value,
    "left_on": normalise.date_value,
    "department": partial(normalise.text, max_length=100),
    "title": partial(normalise.text, max_length=100),
    "leave_reason": partial(normalise.text, max_length=2000, one_line=False),
    "current_company": partial(normalise.text, max_length=200),
    "skills": normalise.skills,
    "community_consent": normalise.consent,
    "rehire_eligibility": normalise.rehire_eligibility,
    "note": partial(normalise.text, max_length=2000, one_line=False),
}


class Roster:
    """The rows of a roster file, parsed one at a time as they are iterated, after what its
    header told: where it was and which columns are not imported."""

    def __init__(self, header: Header, rows: Iterator[RosterRow | RowProblem]) -> None:
        self.header = header
        self._rows = rows

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return self.header.ignored_columns

    def __iter__(self) -> "Roster":
        return self

    def __next__(self) -> RosterRow | RowProblem:
        return next(self._rows)


def parse_roster(
    table: Iterable[TableRow], mapping: Mapping[str, str | None] | None = None
) -> Roster:
    """Finds the header (raising RosterFileError if there is none, or if it lacks a name, a
    leave date, or both employee number and email), then yields, for each non-blank row
    below it, a RosterRow or all of the row's RowProblems.

    `mapping` adds or overrides header names: {"個人アドレス": "email", "旧姓": None}."""
    rows = iter(table)
    header = read_header(rows, field_names(mapping))
    _require_columns(header)
    return Roster(header, _parse_rows(rows, header))


def _require_columns(header: Header) -> None:
    missing = [field for field in ("name", "left_on") if field not in header.columns]
    if "employee_number" not in header.columns and "email" not in header.columns:
        missing.append("employee_number or email")
    if missing:
        raise RosterFileError(
            RosterErrorCode.MISSING_COLUMNS,
            f"The header on line {header.line} has no column for: {', '.join(missing)}.",
        )


def _parse_rows(rows: Iterator[TableRow], header: Header) -> Iterator[RosterRow | RowProblem]:
    # Keys seen so far, to the line that had them first. These grow with the number of
    # rows, but only by one short string each; the rows themselves are not kept.
    employee_numbers: dict[str, int] = {}
    emails: dict[str, int] = {}
    for row in rows:
        if row.is_blank():
            continue
        values, problems, warnings = _parse_row(row, header)
        for field, seen, code in (
            ("employee_number", employee_numbers, RosterErrorCode.DUPLICATE_EMPLOYEE_NUMBER),
            ("email", emails, RosterErrorCode.DUPLICATE_EMAIL),
        ):
            if value := values.get(field):
                earlier = seen.setdefault(value.casefold(), row.line)
                if earlier != row.line:
                    problems.append(
                        _problem(row, header, field, code, f"'{value}' is also on line {earlier}.")
                    )
        if problems:
            yield from sorted(problems, key=lambda problem: header.columns[problem.field])
        else:
            yield RosterRow(line=row.line, **values, warnings=tuple(warnings))


def _parse_row(
    row: TableRow, header: Header
) -> tuple[dict[str, Any], list[RowProblem], list[RowProblem]]:
    """The row's values, its problems, and its warnings."""
    values: dict[str, Any] = {}
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    for field, index in header.columns.items():
        cell = _cell(row, index)
        if isinstance(cell, Formula):
            problems.append(
                _problem(
                    row,
                    header,
                    field,
                    RosterErrorCode.FORMULA_CELL,
                    f"'{cell}' is a formula; formulas are not imported: paste values instead.",
                )
            )
            continue
        try:
            value = PARSERS[field](cell)
        except ValueProblem as refused:
            problems.append(_problem(row, header, field, refused.code, refused.message))
            continue
        if isinstance(value, normalise.Noted):
            warnings.append(_problem(row, header, field, value.code, value.message))
            value = value.value
        values[field] = value
    failed = {problem.field for problem in problems}
    problems.extend(_missing(row, header, values, failed))
    return values, problems, warnings


def _missing(
    row: TableRow, header: Header, values: dict[str, Any], failed: set[str]
) -> Iterator[RowProblem]:
    """Required values absent from cells that had no other problem, and dates out of order."""
    required = RosterErrorCode.REQUIRED
    if "name" not in failed and not values.get("name"):
        yield _problem(row, header, "name", required, "the name is empty; it is required.")
    if (
        not failed & {"employee_number", "email"}
        and not values.get("employee_number")
        and not values.get("email")
    ):
        field = "employee_number" if "employee_number" in header.columns else "email"
        yield _problem(
            row, header, field, required, "an employee number or an email address is required."
        )
    if "left_on" not in failed and values.get("left_on") is None:
        typed = _cell(row, header.columns["left_on"]).strip()
        said = f"says '{typed}'" if typed else "is empty"
        yield _problem(
            row, header, "left_on", required, f"the leave date {said}; a date is required."
        )
    hired_on, left_on = values.get("hired_on"), values.get("left_on")
    if hired_on and left_on and left_on < hired_on:
        yield _problem(
            row,
            header,
            "left_on",
            RosterErrorCode.LEAVE_BEFORE_HIRE,
            f"the leave date {left_on} is before the hire date {hired_on} "
            f"({header.text_of('hired_on')}).",
        )


def _cell(row: TableRow, index: int) -> str:
    """Rows may be shorter than the header: CSV lines and sheets drop trailing empty cells."""
    return row.cells[index] if index < len(row.cells) else ""


def _problem(
    row: TableRow, header: Header, field: str, code: RosterErrorCode, message: str
) -> RowProblem:
    column = header.text_of(field)
    return RowProblem(row.line, column, field, code, f"{column}: {message}")
