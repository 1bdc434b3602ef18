"""Parsing a roster file in a child process, while the caller imports what it has parsed.

    with parsed_roster(upload, "退職者名簿.xlsx", mapping) as roster:  # RosterFileError
        summary = await import_roster(organization, actor, roster, dry_run=False)

Parsing (reading cells, checking e-mails, phones and dates) is pure Python, as is most of an
import's writing, so in one process they take turns on one core. Here a child process reads
and parses the file and sends the rows in chunks through a pipe, and the importing process
plans and writes them meanwhile: the two run on two cores. The pipe is the bound: the child
blocks once a chunk waits unread, so it is never more than about two chunks ahead and
memory does not grow with the file.

Errors are those of read_table and parse_roster, raised in the caller as the same
RosterFileError: at entry for the file and its header, from the iteration for a fault found
midway (a line that does not decode, say). A child that dies before the end is
READ_INTERRUPTED. However the block ends, the child is stopped and waited for.
"""

import io
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from domain.roster.error_codes import RosterErrorCode, RosterFileError
from domain.roster.reading import Source, checked_size, read_table
from domain.roster.rows import Roster, RosterRow, RowProblem, parse_roster

# Each child is forked from a small server process that has already imported the parser,
# not from the caller: the caller's threads (the database's, the server's) and its event
# loop are not copied, and a child starts in milliseconds. The server also imports the main
# script (`kizuna`) once, which multiprocessing would otherwise run again in every child.
CONTEXT = multiprocessing.get_context("forkserver")
CONTEXT.set_forkserver_preload(["__main__", "domain.roster.rows"])
CHUNK_ROWS = 500
COPY_BYTES = 1024 * 1024

Message = tuple[Any, ...]


@contextmanager
def parsed_roster(
    source: Source, filename: str = "", mapping: Mapping[str, str | None] | None = None
) -> Iterator[Roster]:
    """The Roster that read_table(source, filename) and parse_roster(…, mapping) would give,
    parsed in a child process; see the module doc."""
    with _as_path(source) as path:
        receiver, sender = CONTEXT.Pipe(duplex=False)
        process = CONTEXT.Process(
            target=_parse,
            args=(path, filename, None if mapping is None else dict(mapping), sender),
            name="roster-parser",
            daemon=True,  # if the caller exits without stopping it, multiprocessing does
        )
        try:
            process.start()
        finally:
            # The child holds the only sending end, so its death reads as the pipe's end.
            sender.close()
        try:
            _, header = _receive(receiver, process)
            yield Roster(header, _items(receiver, process))
        finally:
            receiver.close()  # a child still sending gets a broken pipe and stops
            _stop(process)


@contextmanager
def _as_path(source: Source) -> Iterator[str]:
    """A path the child can open: a path as it is; bytes or an open file (an upload) copied
    to a temporary file, in blocks, once its size is known to be within the limit. The copy
    is readable by this user only, and removed when the block ends."""
    if isinstance(source, str | os.PathLike):
        yield os.fspath(source)
        return
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    checked_size(stream)
    with tempfile.NamedTemporaryFile(prefix="roster-") as copy:
        shutil.copyfileobj(stream, copy, COPY_BYTES)
        copy.flush()
        yield copy.name


def _items(receiver: Connection, process: BaseProcess) -> Iterator[RosterRow | RowProblem]:
    while (message := _receive(receiver, process))[0] == "rows":
        yield from message[1]


def _receive(receiver: Connection, process: BaseProcess) -> Message:
    try:
        # Blocking: the caller would otherwise be parsing this chunk itself.
        message = receiver.recv()
    except EOFError:
        process.join()
        raise RosterFileError(
            RosterErrorCode.READ_INTERRUPTED,
            "Reading the file stopped before its end (the reading process ended with exit "
            f"code {process.exitcode}); nothing was imported: try again.",
        ) from None
    if message[0] == "refused":
        raise RosterFileError(message[1], message[2])
    return message


def _stop(process: BaseProcess) -> None:
    if process.is_alive():
        process.terminate()
    process.join()
    process.close()


def _parse(
    path: str, filename: str, mapping: dict[str, str | None] | None, sender: Connection
) -> None:
    """The child: sends ("header", Header), ("rows", [item, …]) per chunk and ("end",), or
    ("refused", code, message) for a RosterFileError."""
    # Ctrl-C reaches the whole process group; the parent decides, and stops this process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            with read_table(path, filename) as table:
                roster = parse_roster(table, mapping)
                sender.send(("header", roster.header))
                while chunk := list(islice(roster, CHUNK_ROWS)):
                    sender.send(("rows", chunk))
            sender.send(("end",))
        except RosterFileError as refused:
            sender.send(("refused", refused.code, refused.message))
    except BrokenPipeError:
        pass  # the parent stopped reading: its import is over
    finally:
        sender.close()
