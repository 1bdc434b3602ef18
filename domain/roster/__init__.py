"""Reading HR's alumni roster, an Excel workbook or a CSV file, into rows to import.

    with read_table(upload, "退職者名簿.xlsx") as table:   # RosterFileError if unreadable
        roster = parse_roster(table, mapping={"個人アドレス": "email"})
        roster.ignored_columns                             # header texts not imported
        for item in roster:                                # a RosterRow or a RowProblem
            ...

Pure: no database. The file is read one row at a time, whatever its size.
"""

from domain.roster.error_codes import RosterErrorCode, RosterFileError
from domain.roster.reading import Table, read_table
from domain.roster.rows import Roster, RosterRow, RowProblem, parse_roster

__all__ = [
    "Roster",
    "RosterErrorCode",
    "RosterFileError",
    "RosterRow",
    "RowProblem",
    "Table",
    "parse_roster",
    "read_table",
]
