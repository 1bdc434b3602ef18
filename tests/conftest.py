"""Test setup: a migrated, empty database per test, on SQLite or on PostgreSQL.

The migrations run once per test process, so tests exercise the real migrations. On SQLite
each test gets a copy of that database file; on PostgreSQL each test process keeps one
database and empties every table before each test (far cheaper than a
`CREATE DATABASE … TEMPLATE` per test). Either way no test sees another's rows.
"""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller

from kizuna import db
from kizuna.app import create_app
from kizuna.settings import Settings, normalize_database_url
from tests.live import free_port
from tests.smtp import Inbox

DATABASE_URL = normalize_database_url(os.environ.get("DATABASE_URL", "sqlite://:memory:"))
POSTGRES = DATABASE_URL.startswith("postgres")
MIGRATION_HISTORY = "tortoise_migrations"  # the table Tortoise records applied migrations in
SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def _postgres_url(name: str) -> str:
    base, _, _ = DATABASE_URL.rpartition("/")
    return f"{base}/{name}"


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(_postgres_url("postgres"))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database: copied per test on SQLite, emptied per test on PostgreSQL."""

    async def build(url: str) -> None:
        await db.migrate(url)
        await db.close()

    if POSTGRES:
        name = f"kizuna_test_{os.getpid()}"
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
        # A test database need not survive a crash: commits skip the wait for the disk.
        asyncio.run(_admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
        asyncio.run(build(_postgres_url(name)))
        yield name
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        asyncio.run(build(f"sqlite://{path}"))
        yield str(path)


async def _empty_postgres_database(name: str) -> None:
    """End what an earlier test left connected (a killed worker's session may hold locks),
    then empty every table but the migration history."""
    connection = await asyncpg.connect(_postgres_url(name))
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        tables = await connection.fetch(
            "SELECT quote_ident(tablename) AS name FROM pg_tables"
            " WHERE schemaname = 'public' AND tablename <> $1",
            MIGRATION_HISTORY,
        )
        # DELETE of a few rows takes well under a millisecond where TRUNCATE takes ~150 ms
        # (it rewrites every table's files); the replica role skips the foreign-key checks,
        # so the order of the tables does not matter.
        deletes = "".join(f"DELETE FROM {t['name']};" for t in tables)
        await connection.execute(
            f"SET session_replication_role = replica;{deletes}SET session_replication_role = origin"
        )
    finally:
        await connection.close()


@pytest.fixture
async def database_url(template_database: str, tmp_path: Path) -> AsyncIterator[str]:
    """An empty migrated database for this test; Tortoise is initialised on it."""
    if POSTGRES:
        await _empty_postgres_database(template_database)
        url = _postgres_url(template_database)
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(template_database, path)
        url = f"sqlite://{path}"
    await db.init(url)
    try:
        yield url
    finally:
        await db.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    # Every request looks its token up, so that counted statements and removed memberships
    # do not depend on earlier requests; tests/auth/test_principal_cache.py covers the cache.
    return Settings(
        environment="test",
        database_url=database_url,
        secret_key=SECRET,
        principal_cache_seconds=0,
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.test") as http:
        yield http


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback: what it received, and its port."""
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
