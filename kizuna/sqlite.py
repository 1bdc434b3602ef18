"""Kizuna's SQLite client: short reads outside a transaction run on the event loop's thread.

Tortoise's SQLite client sends every statement to one connection owned by a worker thread
(aiosqlite). For a write that is right: it may wait for SQLite's write lock, for up to the
busy timeout, and the event loop must not wait with it. For a short read it is not: in WAL
mode a reader does not wait for the writer, and reading is CPU work in this process, which
the worker thread and the event loop take turns at under the GIL rather than share. Handed
to the thread, a 100-alumni page's three reads cost ≈3.5 ms of CPU for ≈1 ms of SQLite
work (bench/README.md).

So a SELECT outside a transaction first runs right here, on a second connection that only
reads (`query_only`) and that only the event loop's thread uses, for at most
`INLINE_READ_SECONDS`. A read that needs longer (a count or a search over a large
organization, analytics), or that meets a lock (no busy timeout here), is stopped and runs
the usual way, on the worker thread: other requests wait for at most that budget (the first
read after a schema change, which re-reads the schema, may be one of them). Either
way the read sees what is committed, as a PostgreSQL read does. Reads inside a transaction
are not this class's: Tortoise's transaction client (`SqliteTransactionWrapper`) derives
from its own `SqliteClient`, so they use the transaction's connection and see its writes.
An in-memory database exists once per connection, so there every statement takes the usual
way.

Tortoise picks its SQLite migration tooling by the engine module's name containing
"sqlite": keep this module's name.
"""

import sqlite3
import time
from collections.abc import Sequence
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient

# How long a read may hold the event loop before it is handed to the worker thread.
INLINE_READ_SECONDS = 0.002
# SQLite calls the progress handler every this many virtual-machine steps (≈10–50 µs).
STEPS_PER_CHECK = 1000


def _is_read(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class SqliteClientReadingInline(SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._reader: sqlite3.Connection | None = None

    async def _reading_connection(self) -> sqlite3.Connection:
        if self._reader is None:
            if self._connection is None:
                # The writing connection first, made under Tortoise's lock as Tortoise makes
                # it: it creates the file and puts it in WAL mode.
                async with self.acquire_connection():
                    pass
            if self._reader is None:
                reader = sqlite3.connect(self.filename, isolation_level=None)
                reader.row_factory = sqlite3.Row  # as Tortoise's own connection gives rows
                reader.execute("PRAGMA query_only = ON")
                self._reader = reader
        return self._reader

    async def _read_here(self, query: str, values: list | None) -> list[sqlite3.Row] | None:
        """The rows, or None when the read did not finish within the budget or met a lock."""
        reader = await self._reading_connection()
        deadline = time.perf_counter() + INLINE_READ_SECONDS

        def over_budget() -> bool:
            return time.perf_counter() > deadline

        reader.set_progress_handler(over_budget, STEPS_PER_CHECK)
        cursor = reader.cursor()
        try:
            cursor.execute(query.replace("\x00", "'||CHAR(0)||'"), values or ())
            rows = cursor.fetchall()
        except sqlite3.OperationalError:
            return None  # interrupted, locked, or an error the usual way reports as usual
        finally:
            # However the read ended, its statement is reset: no snapshot stays open on this
            # connection to hide later commits from later reads (tests/test_sqlite_reads.py).
            cursor.close()
            reader.set_progress_handler(None, 0)
        self.log.debug("%s: %s", query, values)  # counted as Tortoise's own statements are
        return rows

    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        if self.filename != ":memory:" and _is_read(query):
            rows = await self._read_here(query, values)
            if rows is not None:
                return len(rows), rows
        return await super().execute_query(query, values)

    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        if self.filename != ":memory:" and _is_read(query):
            rows = await self._read_here(query, values)
            if rows is not None:
                return [dict(row) for row in rows]
        return await super().execute_query_dict(query, values)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await super().close()


# Tortoise finds the client class of an engine module by this name.
client_class = SqliteClientReadingInline
