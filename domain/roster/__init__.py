"""Reading HR's alumni roster, an Excel workbook or a CSV file, into rows to import.

Pure: no database. The file is read one row at a time, whatever its size.
"""

from domain.roster.error_codes import RosterErrorCode, RosterFileError
from domain.roster.reading import Table, read_table

__all__ = ["RosterErrorCode", "RosterFileError", "Table", "read_table"]
