"""Roster files to rows of cell strings: formats, encodings, refused files, and streaming."""

import codecs
import io
import random
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from domain.roster import RosterErrorCode, RosterFileError, read_table
from domain.roster.reading import MAX_BYTES, SAMPLE_BYTES, Formula, Source
from tests.domain.roster_samples import FILES, expected, sample


def xlsx_bytes(*rows: list, title: str = "名簿") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(data: Source, filename: str = "roster.csv") -> RosterFileError:
    with pytest.raises(RosterFileError) as raised:
        table = read_table(data, filename)
        list(table)
    return raised.value


# The samples


@pytest.mark.parametrize(
    ("name", "kind", "encoding", "sheet"),
    [
        ("roster.xlsx", "xlsx", None, "退職者名簿"),
        ("roster.sjis.csv", "csv", "cp932", None),
        ("roster.utf8.csv", "csv", "utf-8-sig", None),
    ],
)
def test_each_sample_is_read_with_its_format_and_encoding(name, kind, encoding, sheet):
    table = read_table(sample(name).read_bytes(), name)
    assert (table.kind, table.encoding, table.sheet) == (kind, encoding, sheet)
    rows = list(table)
    # Header on row 1, then one row per alumnus, 15 cells each.
    assert rows[0].line == 1
    assert list(rows[0].cells) == expected()["columns"]
    assert [row.line for row in rows] == list(range(1, expected()["rows"] + 2))
    assert {len(row.cells) for row in rows} == {15}


def test_the_samples_differ_only_in_how_a_date_cell_is_written():
    """Excel stores some dates as date cells; the CSVs write those as text, the UTF-8 one
    with hyphens and the Shift_JIS one with slashes. Every other cell is the same text."""
    xlsx, sjis, utf8 = ([row.cells for row in read_table(sample(name))] for name in FILES)
    differing = {
        (line, xlsx[line][column], sjis[line][column], utf8[line][column])
        for line in range(len(xlsx))
        for column in range(15)
        if not xlsx[line][column] == sjis[line][column] == utf8[line][column]
    }
    assert len(differing) == 123
    for _, in_xlsx, in_sjis, in_utf8 in differing:
        assert in_xlsx == in_utf8 == in_sjis.replace("/", "-")
        assert date.fromisoformat(in_xlsx)
    # Line 3's 退職日 is a date cell in the workbook.
    assert (2, "2021-08-18", "2021/08/18", "2021-08-18") in {
        (line, *cells) for line, *cells in differing
    }


def test_a_path_and_an_open_file_read_like_bytes():
    path = sample("roster.sjis.csv")
    from_bytes = list(read_table(path.read_bytes()))
    assert list(read_table(path)) == from_bytes
    assert list(read_table(str(path))) == from_bytes
    with path.open("rb") as file:
        assert list(read_table(file)) == from_bytes
        assert not file.closed  # the caller's file is the caller's to close
    with sample("roster.xlsx").open("rb") as file:
        assert len(list(read_table(file))) == 301


def test_the_format_is_told_by_content_not_by_name():
    workbook = sample("roster.xlsx").read_bytes()
    assert read_table(workbook, "roster.csv").kind == "xlsx"
    text = sample("roster.utf8.csv").read_bytes()
    assert read_table(text, "roster.xlsx").kind == "csv"


# CSV


def test_utf8_without_bom_and_shift_jis_are_told_apart():
    text = "社員番号,氏名\r\nE1,髙橋 ①\r\n"
    assert read_table(text.encode("utf-8")).encoding == "utf-8"
    table = read_table(text.encode("cp932"))
    assert table.encoding == "cp932"
    assert [row.cells for row in table] == [("社員番号", "氏名"), ("E1", "髙橋 ①")]


def test_a_csv_line_number_is_where_its_row_starts():
    data = b'a,b\r\n1,"two\r\nlines"\r\n\r\n3,x\r\n'
    assert [(row.line, row.cells) for row in read_table(data)] == [
        (1, ("a", "b")),
        (2, ("1", "two\r\nlines")),
        (4, ()),
        (5, ("3", "x")),
    ]


def test_a_character_cut_by_the_sample_boundary_is_not_taken_for_another_encoding():
    data = b"x" * (SAMPLE_BYTES - 1) + "あ,い\r\n".encode()
    assert not data[:SAMPLE_BYTES].decode("utf-8", errors="ignore").endswith("あ")
    table = read_table(data)
    assert table.encoding == "utf-8"
    assert [row.cells[-1] for row in table] == ["い"]


def test_a_file_that_changes_encoding_after_the_sample_is_refused_at_that_line():
    head = "社員番号,氏名\r\n".encode() + b"E1,x\r\n" * (SAMPLE_BYTES // 6 + 1)
    data = head + "E2,髙橋\r\n".encode("cp932")
    table = read_table(data)
    assert table.encoding == "utf-8"
    with pytest.raises(RosterFileError) as raised:
        list(table)
    assert raised.value.code is RosterErrorCode.UNKNOWN_ENCODING
    last_line = head.count(b"\n") + 1
    assert f"Line {last_line} is not valid UTF-8" in raised.value.message


# Excel


def test_xlsx_cells_become_strings_and_formulas_are_marked():
    data = xlsx_bytes(
        ["title"],
        [],
        ["E1", "=A1&B1", datetime(2020, 1, 2), date(2021, 3, 4), 10001, 1.5, True, None, "x"],
        [datetime(2020, 1, 2, 9, 30)],
    )
    rows = list(read_table(data))
    assert [row.line for row in rows] == [1, 2, 3, 4]
    assert rows[1].cells == ()
    cells = rows[2].cells
    assert cells == ("E1", "=A1&B1", "2020-01-02", "2021-03-04", "10001", "1.5", "TRUE", "", "x")
    assert isinstance(cells[1], Formula)
    assert not any(isinstance(cell, Formula) for cell in cells[:1] + cells[2:])
    assert rows[3].cells == ("2020-01-02 09:30:00",)


def test_xlsx_line_and_column_numbers_count_from_a1_whatever_the_used_range():
    workbook = openpyxl.Workbook()
    workbook.active["C5"] = "x"
    workbook.active["D7"] = "y"
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = [(row.line, row.cells) for row in read_table(buffer.getvalue())]
    assert rows == [(5, ("", "", "x")), (6, ()), (7, ("", "", "", "y"))]


def test_a_text_cell_starting_with_equals_is_not_a_formula():
    workbook = openpyxl.Workbook()
    cell = workbook.active["A1"]
    cell.value = "=not a formula"
    cell.data_type = "s"  # as Excel stores '=text typed with a leading apostrophe
    buffer = io.BytesIO()
    workbook.save(buffer)
    [row] = read_table(buffer.getvalue())
    assert row.cells == ("=not a formula",) and not isinstance(row.cells[0], Formula)


def test_the_first_visible_sheet_is_read():
    workbook = openpyxl.Workbook()
    workbook.active.title = "hidden"
    workbook.active.append(["secret"])
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("名簿").append(["社員番号"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.sheet == "名簿"
    assert [row.cells for row in table] == [("社員番号",)]


# Refused files


def test_a_truncated_workbook_is_corrupt():
    data = sample("roster.xlsx").read_bytes()
    error = refusal(data[: len(data) // 2], "roster.xlsx")
    assert error.code is RosterErrorCode.CORRUPT_XLSX
    assert error.message == "The Excel file is damaged and cannot be read."


def test_random_bytes_after_a_zip_header_are_a_corrupt_workbook():
    noise = random.Random(1).randbytes(4096)
    assert refusal(b"PK\x03\x04" + noise, "upload.bin").code is RosterErrorCode.CORRUPT_XLSX


def replace_part(workbook: bytes, name: str, content: bytes | None) -> bytes:
    """The workbook with one of its zip parts replaced, or removed if content is None."""
    original = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in original.infolist():
            if item.filename != name:
                damaged.writestr(item, original.read(item))
            elif content is not None:
                damaged.writestr(item, content)
    return buffer.getvalue()


def test_a_workbook_whose_sheet_is_missing_or_cut_is_corrupt():
    workbook = xlsx_bytes(*([f"row {n}"] for n in range(100)))
    missing = refusal(replace_part(workbook, "xl/worksheets/sheet1.xml", None))
    assert (missing.code, missing.message) == (
        RosterErrorCode.CORRUPT_XLSX,
        "The workbook has no worksheet that can be read.",
    )
    sheet = zipfile.ZipFile(io.BytesIO(workbook)).read("xl/worksheets/sheet1.xml")
    cut = refusal(replace_part(workbook, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2]))
    assert cut.code is RosterErrorCode.CORRUPT_XLSX


def test_an_old_xls_workbook_is_refused_with_what_to_do():
    error = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "roster.xls")
    assert error.code is RosterErrorCode.LEGACY_XLS
    assert "save it as .xlsx" in error.message


@pytest.mark.parametrize(
    "data",
    [
        b"",
        codecs.BOM_UTF8,
        b"\r\n\r\n   \r\n\n",
        codecs.BOM_UTF8 + b"\r\n,,,\r\n , \r\n",
        "\u3000\r\n".encode("cp932"),
    ],
    ids=["zero bytes", "only a BOM", "only blank lines", "only empty cells", "only a space"],
)
def test_an_empty_file_is_refused(data):
    error = refusal(data)
    assert (error.code, error.message) == (RosterErrorCode.EMPTY_FILE, "The file is empty.")


def test_a_workbook_of_empty_cells_is_empty():
    assert refusal(xlsx_bytes([], [None, ""], [])).code is RosterErrorCode.EMPTY_FILE


def test_utf16_is_an_unknown_encoding_with_or_without_bom():
    text = "社員番号,氏名\r\nE1,山田\r\n"
    with_bom = refusal(text.encode("utf-16"))
    assert with_bom.code is RosterErrorCode.UNKNOWN_ENCODING
    assert "UTF-16" in with_bom.message and "UTF-8 or Shift_JIS" in with_bom.message
    without_bom = refusal(text.encode("utf-16-le"))
    assert without_bom.code is RosterErrorCode.UNKNOWN_ENCODING
    assert without_bom.message == (
        "The file is not text in a known encoding: save it as CSV in UTF-8 or Shift_JIS."
    )


def test_binary_noise_is_an_unknown_encoding():
    noise = random.Random(7).randbytes(10_000)
    assert not noise.startswith(b"PK")
    assert refusal(noise).code is RosterErrorCode.UNKNOWN_ENCODING
    # Named like a workbook, the same bytes are a damaged workbook.
    named = refusal(noise, "名簿.xlsx")
    assert (named.code, named.message) == (
        RosterErrorCode.CORRUPT_XLSX,
        "名簿.xlsx is not a valid Excel workbook.",
    )


def test_a_file_over_50_mb_is_refused_before_it_is_parsed(tmp_path: Path):
    assert MAX_BYTES == 50 * 1024 * 1024
    error = refusal(b"a" * (MAX_BYTES + 1))
    assert error.code is RosterErrorCode.TOO_LARGE
    assert error.message == "The file is 50.0 MB; the limit is 50 MB: split it."
    # A path is measured without reading it: this sparse file has no data to read.
    sparse = tmp_path / "huge.csv"
    with sparse.open("wb") as file:
        file.truncate(MAX_BYTES + 1)
    assert refusal(sparse).code is RosterErrorCode.TOO_LARGE


def test_a_cell_larger_than_csv_allows_is_malformed():
    error = refusal(b"a," + b"x" * 200_000 + b"\r\n")
    assert error.code is RosterErrorCode.MALFORMED_CSV
    assert error.message.startswith("Line 1 cannot be read: field larger than field limit")


# Streaming


def write_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="cp932", newline="") as file:
        file.write("社員番号,氏名,メールアドレス,退職日,備考\r\n")
        for n in range(rows):
            file.write(f"E{n},山田　太郎{n},taro{n}@example.jp,令和2年4月1日,{'メモ' * 20}\r\n")
    return path


def peak_memory_reading(path: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_table(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_csv_is_read_without_holding_it(tmp_path: Path):
    small = write_csv(tmp_path / "small.csv", 10_000)
    large = write_csv(tmp_path / "large.csv", 100_000)
    assert large.stat().st_size > 10 * 1024 * 1024
    small_count, small_peak = peak_memory_reading(small)
    large_count, large_peak = peak_memory_reading(large)
    assert (small_count, large_count) == (10_001, 100_001)
    # Ten times the rows, nowhere near ten times the memory: the file is never held whole.
    assert large_peak < 2 * small_peak + 256 * 1024, (small_peak, large_peak)
    assert large_peak < 2 * 1024 * 1024, large_peak
