"""Rows of cell strings from an Excel workbook or a CSV file, read one row at a time.

Nothing here holds the whole file: openpyxl reads the workbook in read-only mode and CSV is
decoded as it is read, so a 100,000-row roster costs no more memory than a 10-row one.
"""

import codecs
import csv
import io
import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from domain.roster.error_codes import RosterErrorCode, RosterFileError

MAX_BYTES = 50 * 1024 * 1024
# Enough text to tell the encoding of a roster: its header and a few hundred rows.
SAMPLE_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
# Old .xls workbooks and password-protected .xlsx are both OLE2 compound files.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Text has no control characters other than tab and line breaks; binary data does.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Source = bytes | bytearray | str | os.PathLike[str] | IO[bytes]


class Formula(str):
    """A cell holding a formula such as '=SUM(A1:A3)' rather than a value."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class TableRow:
    line: int  # as a spreadsheet user sees it: the xlsx row number, or the CSV line number
    cells: tuple[str, ...]

    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


Rows = Generator[TableRow, None, None]


class Table:
    """The rows of one sheet or CSV file, in order, each read when asked for."""

    def __init__(self, rows: Rows, kind: str, encoding: str | None, sheet: str | None) -> None:
        self.kind = kind  # "xlsx" or "csv"
        self.encoding = encoding
        self.sheet = sheet
        self._rows = rows
        # Read up to the first row with a value now, so that a file of only blank lines, only
        # a BOM or only empty cells is refused by read_table rather than halfway through.
        self._first = next((row for row in rows if not row.is_blank()), None)
        if self._first is None:
            rows.close()
            raise RosterFileError(RosterErrorCode.EMPTY_FILE)

    def __iter__(self) -> "Table":
        return self

    def __next__(self) -> TableRow:
        if self._first is not None:
            row, self._first = self._first, None
            return row
        return next(self._rows)

    def close(self) -> None:
        """Releases the file before the last row is read (reading to the end does it too)."""
        self._rows.close()

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_table(source: Source, filename: str = "") -> Table:
    """A table over `source`: the bytes of an upload, a path, or a seekable binary file.

    The format is told from the content, not the name: a zip is an .xlsx workbook, anything
    else is CSV in UTF-8 (with or without BOM) or Shift_JIS. File-level problems raise
    RosterFileError here, before any row is read.
    """
    stream, owned = _open(source)
    try:
        size = checked_size(stream)
        start = stream.tell()
        head = stream.read(SAMPLE_BYTES)
        stream.seek(start)
        if head.startswith(OLE2_MAGIC):
            raise RosterFileError(RosterErrorCode.LEGACY_XLS)
        if head.startswith(ZIP_MAGIC):
            return _xlsx_table(stream, owned)
        encoding = _csv_encoding(head, whole_file=size <= SAMPLE_BYTES, filename=filename)
        return Table(_csv_rows(stream, encoding, owned), "csv", encoding, None)
    except BaseException:
        if owned:
            stream.close()
        raise


def _open(source: Source) -> tuple[IO[bytes], bool]:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # closed by the row generator, or on error
    return source, False


def checked_size(stream: IO[bytes]) -> int:
    """The bytes left in `stream`, measured by seeking, so that an oversized file is refused
    without reading it; RosterFileError if there are none or too many."""
    start = stream.tell()
    size = stream.seek(0, io.SEEK_END) - start
    stream.seek(start)
    if size == 0:
        raise RosterFileError(RosterErrorCode.EMPTY_FILE)
    if size > MAX_BYTES:
        raise RosterFileError(
            RosterErrorCode.TOO_LARGE,
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is 50 MB: split it.",
        )
    return size


def _csv_encoding(head: bytes, *, whole_file: bool, filename: str) -> str:
    unknown = RosterFileError(RosterErrorCode.UNKNOWN_ENCODING)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        # Named as a workbook but not a zip: a damaged workbook, not an odd CSV.
        unknown = RosterFileError(
            RosterErrorCode.CORRUPT_XLSX, f"{filename} is not a valid Excel workbook."
        )
    if head.startswith(UTF16_BOMS):
        raise RosterFileError(
            RosterErrorCode.UNKNOWN_ENCODING,
            "UTF-16 text (Excel's 'Unicode text') is not supported: "
            "save the file as CSV in UTF-8 or Shift_JIS.",
        )
    candidates = ["utf-8-sig"] if head.startswith(codecs.BOM_UTF8) else ["utf-8", "cp932"]
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            # Not final unless the sample is the whole file: it may end mid-character.
            text = decoder.decode(head, final=whole_file)
        except UnicodeDecodeError:
            continue
        if BINARY_CHARACTERS.search(text):
            break
        return encoding
    raise unknown


def _csv_rows(stream: IO[bytes], encoding: str, owned: bool) -> Rows:
    decoder = codecs.getincrementaldecoder(encoding)()
    lines_read = 0

    def decoded_lines() -> Iterator[str]:
        # Split on b"\n" before decoding: that byte is never part of a UTF-8 or Shift_JIS
        # character, and a line that does not decode can then be named exactly.
        nonlocal lines_read
        for raw in stream:
            lines_read += 1
            yield decoder.decode(raw)
        decoder.decode(b"", final=True)

    reader = csv.reader(decoded_lines())
    row_end = 0
    try:
        for cells in reader:
            # A quoted cell may span lines: a row's line is where it starts.
            yield TableRow(row_end + 1, tuple(cells))
            row_end = lines_read
    except UnicodeDecodeError:
        raise RosterFileError(
            RosterErrorCode.UNKNOWN_ENCODING,
            f"Line {lines_read} is not valid {_encoding_name(encoding)} although the lines "
            "before it are: save the whole file in one encoding, UTF-8 or Shift_JIS.",
        ) from None
    except csv.Error as exc:
        raise RosterFileError(
            RosterErrorCode.MALFORMED_CSV, f"Line {lines_read} cannot be read: {exc}."
        ) from None
    finally:
        if owned:
            stream.close()


def _encoding_name(encoding: str) -> str:
    return "Shift_JIS" if encoding == "cp932" else "UTF-8"


def _xlsx_table(stream: IO[bytes], owned: bool) -> Table:
    import openpyxl  # only workbooks need it

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl reports damage as zip, XML or key errors alike
        if owned:
            stream.close()
        raise RosterFileError(RosterErrorCode.CORRUPT_XLSX) from exc
    visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    if not visible:
        # Excel always keeps one visible sheet; openpyxl drops a sheet whose part is missing.
        workbook.close()
        raise RosterFileError(
            RosterErrorCode.CORRUPT_XLSX, "The workbook has no worksheet that can be read."
        )
    sheet = visible[0]
    return Table(_xlsx_rows(workbook, sheet, stream, owned), "xlsx", None, sheet.title)


def _xlsx_rows(workbook: Any, sheet: Any, stream: IO[bytes], owned: bool) -> Rows:
    # Excel and some writers store a wrong used range; read every row there is.
    sheet.reset_dimensions()
    try:
        # Read-only mode yields empty rows too, so counting from 1 gives the row numbers.
        for line, cells in enumerate(sheet.iter_rows(), start=1):
            yield TableRow(line, tuple(_cell_text(cell) for cell in cells))
    except Exception as exc:  # a damaged sheet part shows only as it is read
        raise RosterFileError(RosterErrorCode.CORRUPT_XLSX) from exc
    finally:
        workbook.close()
        if owned:
            stream.close()


def _cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        return Formula(getattr(value, "text", value))  # array formulas are objects
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 10001.0 is the employee number 10001
    return str(value)
