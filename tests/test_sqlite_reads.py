"""kizuna.sqlite: on SQLite, short reads outside a transaction run on the event loop's thread,
on a connection of their own that only reads; longer reads, writes and everything in a
transaction take Tortoise's usual way, the worker thread."""

import asyncio
import sqlite3
import threading

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

import kizuna.sqlite
from kizuna import db
from kizuna.diagnostics import count_statements
from kizuna.sqlite import SqliteClientReadingInline
from tests.conftest import POSTGRES

if not POSTGRES:

    @pytest.fixture(autouse=True)
    def generous_budget(monkeypatch: pytest.MonkeyPatch) -> None:
        # The budget is wall-clock time: on a loaded machine a short read can be descheduled
        # past 2 ms and take the worker thread. These tests are about which way a read goes.
        monkeypatch.setattr(kizuna.sqlite, "INLINE_READ_SECONDS", 5.0)

    def _client() -> SqliteClientReadingInline:
        client = connections.get("default")
        assert type(client) is SqliteClientReadingInline
        return client

    async def _threads_running_sql(client: SqliteClientReadingInline) -> list[int]:
        """Records the thread of every statement either connection runs from now on."""
        seen: list[int] = []

        def trace(statement: str) -> None:
            seen.append(threading.get_ident())

        await client._connection.set_trace_callback(trace)  # the worker thread's connection
        if client._reader is not None:
            client._reader.set_trace_callback(trace)
        return seen

    async def test_a_read_outside_a_transaction_runs_on_the_event_loop_thread(database_url):
        client = _client()
        await client.execute_query("SELECT 1")  # opens both connections
        seen = await _threads_running_sql(client)
        count, rows = await client.execute_query("SELECT ? AS answer", [42])
        assert (count, [tuple(row) for row in rows], rows[0]["answer"]) == (1, [(42,)], 42)
        assert seen == [threading.get_ident()]

    async def test_a_read_over_the_budget_is_stopped_and_run_on_the_worker_thread(
        database_url, monkeypatch
    ):
        client = _client()
        await client.execute_script("CREATE TABLE note (body TEXT)")
        await client.execute_query("SELECT 1 FROM note")
        seen = await _threads_running_sql(client)
        # No budget at all: stopped at SQLite's first check (after 1,000 steps of two million).
        monkeypatch.setattr(kizuna.sqlite, "INLINE_READ_SECONDS", 0.0)
        long_read = (
            "SELECT (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
            " WHERE x < 2000000) SELECT count(*) FROM n) AS total"
        )
        with count_statements() as counter:
            rows = await client.execute_query_dict(long_read)
        assert rows == [{"total": 2_000_000}]
        loop_thread = threading.get_ident()
        # Started here, stopped, then run once more by the worker thread; logged once.
        assert seen[0] == loop_thread and seen[-1] != loop_thread and len(seen) == 2
        assert counter.count == 1
        monkeypatch.setattr(kizuna.sqlite, "INLINE_READ_SECONDS", 5.0)
        # The stopped read left no snapshot open: a later write is seen by the next read.
        await client.execute_query("INSERT INTO note VALUES ('after')")
        _, rows = await client.execute_query("SELECT body FROM note")
        assert [row["body"] for row in rows] == ["after"] and seen[-1] == loop_thread

    async def test_writes_and_reads_in_a_transaction_take_the_worker_thread(database_url):
        client = _client()
        await client.execute_query("SELECT 1")
        seen = await _threads_running_sql(client)
        await client.execute_script("CREATE TABLE note (body TEXT)")
        async with in_transaction() as transaction:
            await transaction.execute_query("INSERT INTO note VALUES (?)", ["下書き"])
            # The transaction's own read sees its own uncommitted row.
            _, rows = await transaction.execute_query("SELECT body FROM note")
            assert [row["body"] for row in rows] == ["下書き"]
        assert seen and threading.get_ident() not in seen

    async def test_a_read_sees_what_is_committed_without_waiting_for_a_transaction(
        database_url,
    ):
        client = _client()
        await client.execute_script("CREATE TABLE note (body TEXT)")
        await client.execute_query("INSERT INTO note VALUES (?)", ["committed"])
        inside, release = asyncio.Event(), asyncio.Event()

        async def writer() -> None:
            async with in_transaction() as transaction:
                await transaction.execute_query("INSERT INTO note VALUES (?)", ["open"])
                inside.set()
                await release.wait()

        task = asyncio.create_task(writer())
        await inside.wait()
        # The transaction holds Tortoise's connection lock: a read through it would wait.
        _, rows = await asyncio.wait_for(client.execute_query("SELECT body FROM note"), 1)
        assert [row["body"] for row in rows] == ["committed"]
        release.set()
        await task
        _, rows = await client.execute_query("SELECT body FROM note ORDER BY body")
        assert [row["body"] for row in rows] == ["committed", "open"]

    async def test_the_reading_connection_cannot_write(database_url):
        client = _client()
        await client.execute_query("SELECT 1")
        with pytest.raises(sqlite3.OperationalError, match="attempt to write a readonly database"):
            client._reader.execute("CREATE TABLE nope (x)")

    async def test_a_bad_read_is_tortoises_operational_error(database_url):
        with pytest.raises(OperationalError, match="no such table: missing"):
            await _client().execute_query("SELECT * FROM missing")
        with pytest.raises(OperationalError, match="no such table: missing"):
            await _client().execute_query_dict("SELECT * FROM missing")

    async def test_reads_are_logged_as_statements_and_dicts_come_back(database_url):
        with count_statements() as counter:
            rows = await _client().execute_query_dict("SELECT 1 AS one, 'a\x00b' AS nul")
        assert rows == [{"one": 1, "nul": "a\x00b"}]
        assert counter.count == 1 and counter.statements[0].startswith("SELECT 1 AS one")

    async def test_closing_closes_the_reading_connection(database_url):
        client = _client()
        await client.execute_query("SELECT 1")
        reader = client._reader
        await db.close()
        assert client._reader is None
        with pytest.raises(Exception, match="closed"):
            reader.execute("SELECT 1")
        await db.init(database_url)  # for the fixture's own close

    async def test_an_in_memory_database_reads_through_its_one_connection(tmp_path):
        await db.close()
        await db.init("sqlite://:memory:")
        try:
            client = _client()
            await client.execute_script("CREATE TABLE note (body TEXT)")
            await client.execute_query("INSERT INTO note VALUES ('here')")
            _, rows = await client.execute_query("SELECT body FROM note")
            assert [row["body"] for row in rows] == ["here"] and client._reader is None
        finally:
            await db.close()
