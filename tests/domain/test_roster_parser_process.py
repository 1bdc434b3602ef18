"""Parsing a roster in a child process: the same rows and errors as parsing in place, and
the child never outlives the block, whether the import succeeds, fails or is cancelled."""

import asyncio
import io
import multiprocessing
import os
import signal
from pathlib import Path

import pytest

from domain.common.actors import Actor
from domain.people.models import Person
from domain.roster import RosterFileError, parse_roster, read_table
from domain.roster.error_codes import RosterErrorCode
from domain.roster.importing import import_roster
from domain.roster.parser_process import CHUNK_ROWS, parsed_roster
from domain.roster.reading import MAX_BYTES
from tests.domain.roster_samples import FILES, sample
from tests.factories import make_org

HR = Actor.user("hr-user")
HEADER = "社員番号,氏名,メールアドレス,退職日\r\n"


def roster_csv(rows: int) -> bytes:
    lines = [f"E{n:05d},高橋 結衣,yui{n}@example.jp,2024-03-31\r\n" for n in range(rows)]
    return (HEADER + "".join(lines)).encode()


def no_child_left() -> bool:
    return multiprocessing.active_children() == []


def inline_refusal(source, name: str, mapping=None) -> RosterFileError:
    with pytest.raises(RosterFileError) as raised, read_table(source, name) as table:
        list(parse_roster(table, mapping))
    return raised.value


def child_refusal(source, name: str, mapping=None) -> RosterFileError:
    with pytest.raises(RosterFileError) as raised, parsed_roster(source, name, mapping) as roster:
        list(roster)
    assert no_child_left()
    return raised.value


@pytest.mark.parametrize("name", FILES)
def test_the_child_gives_what_parsing_in_place_gives(name):
    path = sample(name)
    with read_table(path, name) as table:
        roster = parse_roster(table)
        inline = (roster.header, list(roster))
    for source in (path, str(path), path.read_bytes(), io.BytesIO(path.read_bytes())):
        with parsed_roster(source, name) as roster:
            assert (roster.header, list(roster)) == inline
        assert no_child_left()
    assert len(inline[1]) >= 300


@pytest.mark.parametrize(
    ("data", "name", "mapping", "code"),
    [
        (b"", "roster.csv", None, RosterErrorCode.EMPTY_FILE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old.xls", None,
         RosterErrorCode.LEGACY_XLS),
        (b"PK\x03\x04" + bytes(100), "roster.xlsx", None, RosterErrorCode.CORRUPT_XLSX),
        ("氏名,備考\r\n高橋,\r\n".encode(), "roster.csv", None, RosterErrorCode.NO_HEADER),
        ("社員番号,氏名,所属,役職\r\n".encode(), "roster.csv", None,
         RosterErrorCode.MISSING_COLUMNS),
        (HEADER.encode(), "roster.csv", {"旧姓": "maiden"}, RosterErrorCode.INVALID_MAPPING),
        (b"a," + b"x" * 200_000 + b"\r\n", "roster.csv", None, RosterErrorCode.MALFORMED_CSV),
    ],
)  # fmt: skip
def test_a_refused_file_is_refused_with_the_same_error(data, name, mapping, code):
    inline = inline_refusal(data, name, mapping)
    assert inline.code is code
    for source in (data, io.BytesIO(data)):
        refused = child_refusal(source, name, mapping)
        assert (refused.code, refused.message) == (code, inline.message)


def test_an_oversized_upload_is_refused_before_it_is_copied(tmp_path: Path):
    sparse = tmp_path / "huge.csv"
    with sparse.open("wb") as file:
        file.truncate(MAX_BYTES + 1)
    with sparse.open("rb") as upload:
        refused = child_refusal(upload, "huge.csv")
        assert upload.tell() == 0  # measured, not read
    assert (refused.code, refused.message) == (
        RosterErrorCode.TOO_LARGE,
        "The file is 50.0 MB; the limit is 50 MB: split it.",
    )
    assert child_refusal(sparse, "huge.csv").code is RosterErrorCode.TOO_LARGE


async def import_through_child(org, data: bytes, on_row) -> None:
    with parsed_roster(data, "roster.csv") as roster:
        await import_roster(org, HR, roster, dry_run=False, on_row=on_row)


async def test_a_line_that_does_not_decode_midway_rolls_back_the_chunks_written(database_url):
    org = await make_org()
    # Three chunks import before the bad line, far past the part the encoding is told from.
    data = roster_csv(3 * CHUNK_ROWS) + b"E99999,\xff\xfe,bad@example.jp,2024-03-31\r\n"
    reported = []
    with pytest.raises(RosterFileError) as raised:
        await import_through_child(org, data, reported.append)
    assert (raised.value.code, raised.value.message) == (
        RosterErrorCode.UNKNOWN_ENCODING,
        inline_refusal(data, "roster.csv").message,
    )
    assert raised.value.message.startswith("Line 1502 is not valid UTF-8")
    assert len(reported) == 3 * CHUNK_ROWS
    assert await Person.filter(organization_id=org.id).count() == 0
    assert no_child_left()


class OnFirstRow:
    """An on_row that, when the first outcome is reported, does `act` to the child parsing."""

    def __init__(self, act) -> None:
        self.act = act
        self.child_pid: int | None = None

    def __call__(self, outcome) -> None:
        if self.child_pid is None:
            [child] = multiprocessing.active_children()
            self.child_pid = child.pid
            self.act(child.pid)

    def child_is_gone(self) -> bool:
        return no_child_left() and not Path(f"/proc/{self.child_pid}").exists()


async def test_a_child_that_dies_midway_is_a_clear_error_and_nothing_is_written(database_url):
    org = await make_org()
    kill = OnFirstRow(lambda pid: os.kill(pid, signal.SIGKILL))
    with pytest.raises(RosterFileError) as raised:
        await import_through_child(org, roster_csv(6 * CHUNK_ROWS), kill)
    assert (raised.value.code, raised.value.message) == (
        RosterErrorCode.READ_INTERRUPTED,
        "Reading the file stopped before its end (the reading process ended with exit code "
        "-9); nothing was imported: try again.",
    )
    assert await Person.filter(organization_id=org.id).count() == 0
    assert kill.child_is_gone()


async def test_a_cancelled_import_stops_its_child(database_url):
    org = await make_org()
    cancel = OnFirstRow(lambda pid: task.cancel())
    task = asyncio.create_task(import_through_child(org, roster_csv(6 * CHUNK_ROWS), cancel))
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await Person.filter(organization_id=org.id).count() == 0
    assert cancel.child_is_gone()


async def test_an_import_that_fails_for_another_reason_stops_its_child(database_url):
    org = await make_org()

    def fail(outcome) -> None:
        raise RuntimeError("the caller's report failed")

    with pytest.raises(RuntimeError, match="the caller's report failed"):
        await import_through_child(org, roster_csv(6 * CHUNK_ROWS), fail)
    assert await Person.filter(organization_id=org.id).count() == 0
    assert no_child_left()
