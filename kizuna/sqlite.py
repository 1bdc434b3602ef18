"""Kizuna's SQLite client: reads outside a transaction run on the event loop's own thread.

Tortoise's SQLite client sends every statement to one connection owned by a worker thread
(aiosqlite). For a write that is right: it may wait for SQLite's write lock, for up to the
busy timeout, and the event loop must not wait with it. For a read it is not: in WAL mode a
reader never waits for the writer, and reading is CPU work in this process, which the
worker thread and the event loop take turns at under the GIL rather than share. Handing
reads to the thread made them cost twice their own time (a 100-alumni page: ≈2 ms more CPU,
an eighth of the page; bench/README.md).

So a SELECT outside a transaction runs right here, on a second connection that only reads
(`query_only`) and is used by the event loop's thread alone. It sees what is committed, as a
PostgreSQL read does. Reads inside a transaction go through the transaction's connection, as
before, and see its own writes. The cost: while one read runs, nothing else on the event
loop does, so reads must stay short, which indexed reads of a page are. An in-memory
database (`sqlite://:memory:`) exists once per connection, so there every statement takes
the usual way.
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

from tortoise.backends.sqlite.client import SqliteClient, translate_exceptions


def _is_read(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class SqliteClientReadingInline(SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._reader: sqlite3.Connection | None = None

    async def _reading_connection(self) -> sqlite3.Connection:
        if self._reader is None:
            # The writing connection first: it creates the file and puts it in WAL mode.
            await self.create_connection(with_db=True)
            reader = sqlite3.connect(self.filename, isolation_level=None)
            reader.row_factory = sqlite3.Row  # as Tortoise's own connection gives rows
            reader.execute("PRAGMA query_only = ON")
            busy_timeout = self.pragmas.get("busy_timeout")
            if busy_timeout is not None:
                reader.execute(f"PRAGMA busy_timeout = {int(busy_timeout)}")
            self._reader = reader
        return self._reader

    @translate_exceptions
    async def _read(self, query: str, values: list | None) -> list[sqlite3.Row]:
        reader = await self._reading_connection()
        query = query.replace("\x00", "'||CHAR(0)||'")  # as SqliteClient does
        self.log.debug("%s: %s", query, values)
        return reader.execute(query, values or ()).fetchall()

    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        if self.filename == ":memory:" or not _is_read(query):
            return await super().execute_query(query, values)
        rows = await self._read(query, values)
        return len(rows), rows

    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        if self.filename == ":memory:" or not _is_read(query):
            return await super().execute_query_dict(query, values)
        return [dict(row) for row in await self._read(query, values)]

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        await super().close()


# Tortoise finds the client class of an engine module by this name.
client_class = SqliteClientReadingInline
