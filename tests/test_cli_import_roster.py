"""`kizuna import-roster`, run as a real process against the test's database."""

import io
import zipfile

from domain.audit.models import AuditEvent
from domain.people.models import Department, Person
from tests.domain.roster_samples import sample
from tests.factories import make_org
from tests.test_cli import kizuna


async def test_dry_run_then_import_then_nothing_left_to_change(database_url):
    org = await make_org()
    path = str(sample("roster.xlsx"))

    dry = kizuna("import-roster", path, "--dry-run", url=database_url)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == "line 2: create"
    assert sum(line.startswith("line ") for line in lines) == 300
    assert "    date_outside_era: 入社日: '令和1年3月3日' is before 令和 began on 2019-05-01; " \
        "read as 2019-03-03." in lines  # fmt: skip
    assert lines[-2].startswith(
        "300 create, 0 update, 0 unchanged, 0 reject; exit interviews from 退職理由: 271; "
        "new departments: "
    )
    assert lines[-1] == "Dry run: nothing was written."
    assert await Person.filter(organization_id=org.id).count() == 0

    real = kizuna("import-roster", path, "--org", "acme", url=database_url)
    assert real.returncode == 0, real.stderr
    assert real.stdout.splitlines()[-1] == "Imported."
    assert await Person.filter(organization_id=org.id).count() == 300

    again = kizuna("import-roster", str(sample("roster.utf8.csv")), url=database_url)
    assert again.stdout.splitlines()[-2:] == [
        "0 create, 0 update, 300 unchanged, 0 reject; exit interviews from 退職理由: 0; "
        "new departments: none.",
        "Imported.",
    ]


async def test_a_rejected_row_imports_nothing_unless_skipped(database_url, tmp_path):
    await make_org()
    lines = sample("roster.utf8.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "2018/12/18" in lines[4]
    lines[4] = lines[4].replace("2018/12/18", "不明")  # line 5's hire date
    broken = tmp_path / "退職者.csv"
    broken.write_text("\n".join(lines), encoding="cp932")

    refused = kizuna("import-roster", str(broken), url=database_url)
    assert refused.returncode == 1
    out = refused.stdout.splitlines()
    assert "line 5: reject" in out
    assert out[out.index("line 5: reject") + 1].startswith("    required: 入社日: ")
    assert out[-1] == (
        "Nothing was imported: fix the rejected rows, or run again with --skip-rejected."
    )
    assert await Person.all().count() == 0
    assert await Department.all().count() == 0

    skipped = kizuna("import-roster", str(broken), "--skip-rejected", url=database_url)
    assert skipped.returncode == 0, skipped.stderr
    assert skipped.stdout.splitlines()[-1] == "Imported. Rejected rows were skipped."
    assert await Person.all().count() == 299


async def test_file_and_argument_errors_are_one_clear_line(database_url, tmp_path):
    await make_org()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    cases = {
        (str(empty),): "kizuna: empty.csv: The file is empty.",
        (str(tmp_path / "missing.xlsx"),): f"kizuna: no file '{tmp_path / 'missing.xlsx'}'.",
        (str(empty), "--org", "nope"): "kizuna: no organization 'nope'.",
        (str(empty), "--map", "nothing"): "kizuna: --map wants HEADER=FIELD, not 'nothing'.",
    }
    for args, message in cases.items():
        result = kizuna("import-roster", *args, url=database_url)
        last = result.stderr.strip().splitlines()[-1]
        assert (result.returncode, last) == (1, message), args


def damaged_workbooks() -> dict[str, bytes]:
    """Workbooks as they arrive broken: cut off in transfer, a zip of something else, and
    one whose sheet ends mid-row (found only as its rows are read)."""
    whole = sample("roster.xlsx").read_bytes()
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    cut_sheet = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(whole)) as source, zipfile.ZipFile(cut_sheet, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) * 2 // 3]
            out.writestr(item, data)
    return {
        "truncated.xlsx": whole[: len(whole) // 2],
        "other.xlsx": other.getvalue(),
        "cut-sheet.xlsx": cut_sheet.getvalue(),
    }


async def test_an_unreadable_file_is_one_clear_error_and_nothing_is_written(database_url, tmp_path):
    org = await make_org()
    damaged = "The Excel file is damaged and cannot be read."
    files = {
        **{name: (data, damaged) for name, data in damaged_workbooks().items()},
        "binary.csv": (
            bytes(range(256)) * 4,
            "The file is not text in a known encoding: save it as CSV in UTF-8 or Shift_JIS.",
        ),
        "unicode.csv": (
            "社員番号,氏名,退職日\r\n".encode("utf-16"),
            "UTF-16 text (Excel's 'Unicode text') is not supported: save the file as CSV in "
            "UTF-8 or Shift_JIS.",
        ),
        "empty.xlsx": (b"", "The file is empty."),
    }
    for name, (data, message) in files.items():
        path = tmp_path / name
        path.write_bytes(data)
        for options in ((), ("--dry-run",)):
            result = kizuna("import-roster", str(path), *options, url=database_url)
            assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (
                1, f"kizuna: {name}: {message}"
            ), (name, options)  # fmt: skip
            assert ("Traceback" in result.stderr, result.stdout) == (False, ""), name
    assert await Person.filter(organization_id=org.id).count() == 0
    assert await Department.filter(organization_id=org.id).count() == 0
    assert await AuditEvent.filter(action="roster.imported").count() == 0
