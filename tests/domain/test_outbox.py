"""The outbox runner against a real database and real worker processes: no mocks of our code.

Handlers run after commit, at least once and in practice exactly once per row; failures are
retried with backoff and end DEAD; a worker killed mid-handler leaves a lease that expires so
another worker takes the row; concurrent workers never run the same row.
"""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from tortoise import connections
from tortoise.transactions import in_transaction

from domain.outbox.events import enqueue
from domain.outbox.models import OutboxEvent, OutboxStatus
from domain.outbox.runner import LEASE, HandlerRegistry, backoff, run_one, run_until_idle

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2030, 1, 15, 9, 30, 0, 250_000, tzinfo=UTC)
WAIT_SECONDS = 60  # upper bound on any wait for another process; normally well under 5 s


class Recorder:
    """A handler that records what it was given, failing the first `failures` times."""

    def __init__(self, failures: int = 0, error: type[Exception] = RuntimeError) -> None:
        self.failures = failures
        self.error = error
        self.calls: list[tuple[Any, dict[str, Any], int]] = []

    async def __call__(self, event: OutboxEvent) -> None:
        self.calls.append((event.id, event.payload, event.attempts))
        if len(self.calls) <= self.failures:
            raise self.error(f"failure {len(self.calls)} of {event.id}")


def registry(**handlers: Any) -> HandlerRegistry:
    built = HandlerRegistry()
    for event_type, handler in handlers.items():
        built.register(event_type.replace("_", "."), handler)
    return built


async def reload(event: OutboxEvent) -> OutboxEvent:
    return await OutboxEvent.get(id=event.id)


# ── 1. after commit, once per row ────────────────────────────────────────────────────────────


async def test_a_committed_row_runs_once_with_its_payload(database_url):
    handler = Recorder()
    handlers = registry(test_ping=handler)
    event = await enqueue("test.ping", {"n": 1, "text": "こんにちは"}, organization_id=None)

    assert await run_until_idle(handlers, "w1") == 1
    assert await run_until_idle(handlers, "w1") == 0  # done rows are never claimed again
    assert await run_until_idle(handlers, "w2") == 0

    assert handler.calls == [(event.id, {"n": 1, "text": "こんにちは"}, 1)]
    done = await reload(event)
    assert done.status == OutboxStatus.DONE
    assert done.attempts == 1
    assert done.finished_at is not None
    assert done.finished_at >= done.created_at
    assert (done.locked_by, done.locked_until, done.last_error) == (None, None, None)


async def test_rows_of_a_rolled_back_transaction_never_run(database_url):
    handler = Recorder()
    handlers = registry(test_ping=handler)

    with pytest.raises(ZeroDivisionError):
        async with in_transaction():
            await enqueue("test.ping", {"n": 1}, organization_id=None)
            await enqueue("test.ping", {"n": 2}, organization_id=None)
            assert await OutboxEvent.all().count() == 2  # visible inside the transaction
            _ = 1 / 0

    assert await OutboxEvent.all().count() == 0
    assert await run_until_idle(handlers, "w1") == 0
    assert handler.calls == []


async def test_a_concurrent_worker_does_not_run_a_row_before_its_transaction_commits(
    database_url,
):
    """The worker runs in its own task (outside the transaction's context) while it is open."""
    handler = Recorder()
    handlers = registry(test_ping=handler)
    go = asyncio.Event()

    async def worker() -> int:
        await go.wait()
        return await run_until_idle(handlers, "outside")

    task = asyncio.create_task(worker())  # created before the transaction: not part of it
    async with in_transaction():
        event = await enqueue("test.ping", {"n": 1}, organization_id=None)
        go.set()
        # PostgreSQL: the worker finds nothing and returns. SQLite: it waits for the single
        # connection, which the transaction holds. Either way the handler has not run.
        await asyncio.wait({task}, timeout=0.5)
        assert handler.calls == []
    ran = await asyncio.wait_for(task, timeout=WAIT_SECONDS)
    ran += await run_until_idle(handlers, "after")
    assert ran == 1
    assert [call[0] for call in handler.calls] == [event.id]
    assert (await reload(event)).status == OutboxStatus.DONE


# ── 2. retries, backoff, dead rows ───────────────────────────────────────────────────────────


def test_backoff_doubles_and_is_capped_at_an_hour():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [timedelta(seconds=s) for s in (1, 2, 4, 8)]
    assert backoff(13) == timedelta(hours=1)  # 4096 s capped
    assert backoff(50) == timedelta(hours=1)


async def test_a_failing_handler_is_retried_with_backoff_then_dead(database_url):
    handler = Recorder(failures=99, error=ValueError)
    handlers = registry(test_flaky=handler)
    with time_machine.travel(START, tick=False) as traveller:
        event = await enqueue("test.flaky", {"k": "v"}, organization_id=None, max_attempts=3)
        assert event.available_at == START

        assert await run_one(handlers, "w") is True
        row = await reload(event)
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 1)
        assert row.available_at == START + backoff(1)
        assert row.last_error == f"ValueError: failure 1 of {event.id}"
        assert (row.locked_by, row.locked_until, row.finished_at) == (None, None, None)

        # Not due before its backoff has passed.
        traveller.shift(backoff(1) - timedelta(microseconds=1))
        assert await run_one(handlers, "w") is False
        traveller.shift(timedelta(microseconds=1))
        assert await run_one(handlers, "w") is True
        row = await reload(event)
        assert (row.status, row.attempts) == (OutboxStatus.PENDING, 2)
        assert row.available_at == START + backoff(1) + backoff(2)
        assert row.last_error == f"ValueError: failure 2 of {event.id}"

        traveller.shift(backoff(2) - timedelta(microseconds=1))
        assert await run_one(handlers, "w") is False
        traveller.shift(timedelta(microseconds=1))
        assert await run_one(handlers, "w") is True  # the 3rd and last attempt
        row = await reload(event)
        assert (row.status, row.attempts) == (OutboxStatus.DEAD, 3)
        assert row.last_error == f"ValueError: failure 3 of {event.id}"
        assert row.finished_at == START + backoff(1) + backoff(2)
        assert (row.locked_by, row.locked_until) == (None, None)

        traveller.shift(timedelta(days=1))
        assert await run_until_idle(handlers, "w") == 0  # dead rows are never claimed
    assert [call[2] for call in handler.calls] == [1, 2, 3]
    assert all(call[1] == {"k": "v"} for call in handler.calls)


async def test_a_row_without_a_handler_goes_dead_with_a_clear_error(database_url):
    handler = Recorder()
    handlers = registry(test_ping=handler)
    event = await enqueue("test.unknown", {}, organization_id=None)

    assert await run_until_idle(handlers, "w") == 1
    row = await reload(event)
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 1)
    assert row.last_error == "no handler registered for 'test.unknown'"
    assert row.finished_at is not None
    assert handler.calls == []


async def test_a_handler_that_succeeds_on_the_third_try_ends_done(database_url):
    handler = Recorder(failures=2)
    handlers = registry(test_flaky=handler)
    with time_machine.travel(START, tick=False) as traveller:
        event = await enqueue("test.flaky", {"k": 1}, organization_id=None)
        assert await run_until_idle(handlers, "w") == 1
        traveller.shift(backoff(1))
        assert await run_until_idle(handlers, "w") == 1
        traveller.shift(backoff(2))
        assert await run_until_idle(handlers, "w") == 1
        traveller.shift(timedelta(hours=2))
        assert await run_until_idle(handlers, "w") == 0

    row = await reload(event)
    assert (row.status, row.attempts) == (OutboxStatus.DONE, 3)
    assert row.finished_at == START + backoff(1) + backoff(2)
    assert row.last_error == f"RuntimeError: failure 2 of {event.id}"  # the last failure kept
    assert [call[2] for call in handler.calls] == [1, 2, 3]


def test_a_handler_type_is_registered_once():
    handlers = registry(test_ping=Recorder())
    with pytest.raises(ValueError, match="already registered"):
        handlers.register("test.ping", Recorder())
    assert handlers.event_types == ["test.ping"]


# ── 3. leases: a killed worker, a late worker ────────────────────────────────────────────────

WORKER_SCRIPT = r"""
import asyncio, sys, time
from pathlib import Path

from tortoise import connections

from kizuna import db
from domain.outbox.runner import HandlerRegistry, run_one, run_until_idle

url, mode, worker, folder = sys.argv[1:5]
folder = Path(folder)


async def block(event):
    (folder / "started").write_text(str(event.id))
    await asyncio.sleep(3600)  # killed long before


async def record(event):
    connection = connections.get("default")
    marks = "$1, $2" if connection.capabilities.dialect == "postgres" else "?, ?"
    await connection.execute_query(
        f"INSERT INTO handled (event_id, worker) VALUES ({marks})", [str(event.id), worker]
    )
    await asyncio.sleep(0.02)  # widen the window in which another worker could take it too


async def main():
    await db.init(url)
    try:
        registry = HandlerRegistry()
        if mode == "block":
            registry.register("test.block", block)
            await run_one(registry, worker)
        else:
            registry.register("test.race", record)
            (folder / f"ready-{worker}").write_text("")
            deadline = time.monotonic() + 60
            while not (folder / "go").exists():
                if time.monotonic() > deadline:
                    raise SystemExit("no go signal")
                await asyncio.sleep(0.005)
            print(await run_until_idle(registry, worker), flush=True)
    finally:
        await db.close()


asyncio.run(main())
"""


def start_worker(url: str, mode: str, worker: str, folder: Path) -> subprocess.Popen:
    log = (folder / f"{worker}.log").open("w")
    try:
        return subprocess.Popen(
            [sys.executable, "-c", WORKER_SCRIPT, url, mode, worker, str(folder)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
    finally:
        log.close()


def output_of(folder: Path, worker: str) -> str:
    return (folder / f"{worker}.log").read_text()


def wait_for_file(path: Path, processes: list[subprocess.Popen], folder: Path) -> None:
    """Block until a worker process wrote `path` (the test's event loop has nothing to do)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not path.exists():
        if any(process.poll() is not None for process in processes):
            logs = {log.stem: log.read_text() for log in folder.glob("*.log")}
            raise AssertionError(f"a worker exited before {path.name}: {logs}")
        assert time.monotonic() < deadline, f"timed out waiting for {path.name}"
        time.sleep(0.02)


async def test_a_worker_killed_mid_handler_leaves_the_row_to_be_claimed_again(
    database_url, tmp_path
):
    event = await enqueue("test.block", {"job": 7}, organization_id=None)
    before_claim = datetime.now(UTC)
    child = start_worker(database_url, "block", "doomed", tmp_path)
    try:
        wait_for_file(tmp_path / "started", [child], tmp_path)
        assert (tmp_path / "started").read_text() == str(event.id)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=WAIT_SECONDS)
    assert child.returncode == -signal.SIGKILL

    row = await reload(event)
    assert (row.status, row.attempts, row.locked_by) == (OutboxStatus.RUNNING, 1, "doomed")
    assert before_claim + LEASE <= row.locked_until <= datetime.now(UTC) + LEASE

    handler = Recorder()
    handlers = registry(test_block=handler)
    assert await run_one(handlers, "rescuer") is False  # the lease still holds
    assert handler.calls == []

    with time_machine.travel(row.locked_until + timedelta(microseconds=1), tick=False):
        assert await run_until_idle(handlers, "rescuer") == 1
        assert await run_until_idle(handlers, "rescuer") == 0
    assert handler.calls == [(event.id, {"job": 7}, 2)]
    row = await reload(event)
    assert (row.status, row.attempts) == (OutboxStatus.DONE, 2)
    assert (row.locked_by, row.locked_until, row.last_error) == (None, None, None)


async def test_an_expired_lease_runs_out_on_the_last_attempt_as_dead(database_url, tmp_path):
    """A worker that dies on the last allowed attempt: the next claim ends the row DEAD."""
    event = await enqueue("test.block", {}, organization_id=None, max_attempts=1)
    child = start_worker(database_url, "block", "doomed", tmp_path)
    try:
        wait_for_file(tmp_path / "started", [child], tmp_path)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=WAIT_SECONDS)

    handler = Recorder()
    row = await reload(event)
    with time_machine.travel(row.locked_until + timedelta(seconds=1), tick=False):
        assert await run_until_idle(registry(test_block=handler), "rescuer") == 1
    row = await reload(event)
    assert (row.status, row.attempts) == (OutboxStatus.DEAD, 2)
    assert row.last_error == "lease expired on the last attempt"
    assert handler.calls == []


async def test_a_worker_whose_lease_expired_cannot_overwrite_the_new_outcome(database_url):
    release = asyncio.Event()
    started = asyncio.Event()

    async def slow_then_fail(event: OutboxEvent) -> None:
        started.set()
        await release.wait()
        raise RuntimeError("too late")

    fast = Recorder()
    with time_machine.travel(START, tick=False) as traveller:
        event = await enqueue("test.slow", {}, organization_id=None)
        late = asyncio.create_task(run_one(registry(test_slow=slow_then_fail), "late"))
        await asyncio.wait_for(started.wait(), timeout=WAIT_SECONDS)
        traveller.shift(LEASE + timedelta(microseconds=1))
        assert await run_one(registry(test_slow=fast), "fast") is True
        release.set()
        assert await asyncio.wait_for(late, timeout=WAIT_SECONDS) is True

    row = await reload(event)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DONE, 2, None)
    assert row.finished_at == START + LEASE + timedelta(microseconds=1)
    assert len(fast.calls) == 1


# ── 4. concurrent workers ────────────────────────────────────────────────────────────────────


async def enqueue_many(count: int) -> set[str]:
    events = [await enqueue("test.race", {"i": i}, organization_id=None) for i in range(count)]
    return {str(event.id) for event in events}


async def assert_each_ran_once(ids: set[str], handled: list[tuple[str, str]]) -> set[str]:
    counts = Counter(event_id for event_id, _ in handled)
    assert set(counts) == ids
    assert set(counts.values()) == {1}, [i for i, n in counts.items() if n > 1]
    rows = await OutboxEvent.filter(id__in=list(ids)).values_list("status", "attempts")
    assert sorted(set(rows)) == [(OutboxStatus.DONE, 1)]
    assert len(rows) == len(ids)
    return {worker for _, worker in handled}


async def test_worker_processes_never_run_the_same_row(database_url, tmp_path):
    """Three real worker processes on one database, released together.

    PostgreSQL picks rows FOR UPDATE SKIP LOCKED; SQLite serialises the one-statement claim
    under its single writer lock across processes (server's in-process worker plus a
    `kizuna worker`). Both must hand each row to exactly one worker.
    """
    connection = connections.get("default")
    await connection.execute_script("CREATE TABLE handled (event_id TEXT, worker TEXT)")
    ids = await enqueue_many(60)

    names = ["p1", "p2", "p3"]
    workers = [start_worker(database_url, "race", name, tmp_path) for name in names]
    try:
        for name in names:
            wait_for_file(tmp_path / f"ready-{name}", workers, tmp_path)
        (tmp_path / "go").write_text("")
        for worker in workers:
            worker.wait(timeout=WAIT_SECONDS)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=WAIT_SECONDS)
    outputs = {name: output_of(tmp_path, name) for name in names}
    assert [worker.returncode for worker in workers] == [0, 0, 0], outputs
    ran = {name: int(outputs[name].strip().splitlines()[-1]) for name in names}
    assert sum(ran.values()) == 60, outputs

    handled = await connection.execute_query_dict("SELECT event_id, worker FROM handled")
    by_worker = await assert_each_ran_once(ids, [(r["event_id"], r["worker"]) for r in handled])
    assert len(by_worker) > 1, ran
    assert Counter(r["worker"] for r in handled) == Counter(
        {name: n for name, n in ran.items() if n}
    )


async def test_concurrent_workers_in_one_process_never_run_the_same_row(database_url):
    """Two asyncio workers (on PostgreSQL, two pool connections) racing for the same rows."""
    handled: list[tuple[str, str]] = []

    def recorder(worker: str):
        async def handle(event: OutboxEvent) -> None:
            handled.append((str(event.id), worker))
            await asyncio.sleep(0.01)

        return handle

    ids = await enqueue_many(40)
    ran = await asyncio.wait_for(
        asyncio.gather(
            run_until_idle(registry(test_race=recorder("a")), "a"),
            run_until_idle(registry(test_race=recorder("b")), "b"),
        ),
        timeout=WAIT_SECONDS,
    )
    assert sum(ran) == 40
    assert await assert_each_ran_once(ids, handled) == {"a", "b"}


# ── the `kizuna worker` command ──────────────────────────────────────────────────────────────


def start_cli_worker(url: str, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "kizuna"), "worker"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            stdout=out,
            stderr=subprocess.STDOUT,
        )


async def test_kizuna_worker_runs_due_rows_and_stops_on_sigterm(database_url, tmp_path):
    due = await enqueue("person.created", {"person_id": "p"}, organization_id=None)
    later = await enqueue(
        "person.departure_effective",
        {"person_id": "p", "period_id": "q"},
        organization_id=None,
        available_at=datetime.now(UTC) + timedelta(days=1),
    )
    log = tmp_path / "worker.log"
    process = start_cli_worker(database_url, log)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while (await reload(due)).status != OutboxStatus.DONE:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the worker did not run the due row\n" + (
                log.read_text()
            )
            await asyncio.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=WAIT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=WAIT_SECONDS)

    assert returncode == 0, log.read_text()
    assert "running; Ctrl-C to stop." in log.read_text()
    row = await reload(due)
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.DONE, 1, None)
    assert (row.locked_by, row.locked_until) == (None, None)
    assert row.finished_at is not None
    untouched = await reload(later)
    assert (untouched.status, untouched.attempts) == (OutboxStatus.PENDING, 0)
