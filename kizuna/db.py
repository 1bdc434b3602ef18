"""Database wiring: Tortoise configuration, migrations, and the unmigrated-database refusal."""

import contextlib
from datetime import date, datetime
from typing import Any

from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.fields.data import DateField, DatetimeField
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.executor import MigrationExecutor

MODEL_MODULES = [
    "domain.organizations.models",
    "domain.people.models",
    "domain.accounts.models",
    "domain.audit.models",
    "domain.identity.models",
    "domain.outbox.models",
    "domain.consent.models",
    "domain.newsletters.models",
    "domain.offboarding.models",
    "domain.hris.models",
    "domain.touchpoints.models",
    "domain.segments.models",
    "domain.jobs.models",
    "domain.referrals.models",
    "domain.rehire.models",
]
SQLITE_BUSY_TIMEOUT_MS = 5000


class UnmigratedDatabase(RuntimeError):
    pass


def _read_timestamps_with_fromisoformat() -> None:
    """SQLite hands timestamps and dates back as ISO text, which Tortoise parses with the
    pure-Python iso8601 package: a sixth of a 100-alumni page's time. Python 3.11's C
    `fromisoformat` reads the same text about ten times faster; anything it does not read
    still goes the original way, and the time-zone handling after it is unchanged."""
    original_datetime = DatetimeField.to_python_value
    original_date = DateField.to_python_value

    def datetime_value(self: DatetimeField, value: Any) -> datetime | None:
        if type(value) is str:
            with contextlib.suppress(ValueError):
                value = datetime.fromisoformat(value)
        return original_datetime(self, value)

    def date_value(self: DateField, value: Any) -> date | None:
        if type(value) is str:
            with contextlib.suppress(ValueError):
                return date.fromisoformat(value)
        return original_date(self, value)

    DatetimeField.to_python_value = datetime_value  # type: ignore[method-assign]
    DateField.to_python_value = date_value  # type: ignore[method-assign]


_read_timestamps_with_fromisoformat()


def connection_url(database_url: str) -> str:
    """SQLite gets WAL (Tortoise's default) and a busy timeout so writers wait, not fail."""
    if database_url.startswith("sqlite") and "busy_timeout" not in database_url:
        joiner = "&" if "?" in database_url else "?"
        return f"{database_url}{joiner}busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    return database_url


def connection_config(database_url: str) -> dict[str, Any]:
    """Tortoise's settings for the URL; SQLite with Kizuna's client (kizuna.sqlite)."""
    config = expand_db_url(connection_url(database_url))
    if config["engine"] == "tortoise.backends.sqlite":
        config["engine"] = "kizuna.sqlite"
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


async def init(database_url: str) -> None:
    # Global fallback: the server's lifespan runs in another task than the requests, and
    # Tortoise keeps its context in a context variable otherwise.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close() -> None:
    """Close the connections and forget the context, so that `init` can run again."""
    await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    await run_migrations(config=tortoise_config(database_url))


async def pending_migrations() -> list[str]:
    """Names of migrations not yet applied to the initialised database."""
    config = tortoise_config("sqlite://:memory:")["apps"]
    executor = MigrationExecutor(connections.get("default"), config)
    plan = await executor.plan(None)
    return [
        f"{step.migration.app_label}.{step.migration.name}" for step in plan if not step.backward
    ]


async def require_migrated() -> None:
    pending = await pending_migrations()
    if pending:
        raise UnmigratedDatabase(
            "The database is not migrated (pending: "
            + ", ".join(pending)
            + "). Run `kizuna migrate` first."
        )


# For Tortoise's own CLI (`tortoise -c kizuna.db.TORTOISE_ORM makemigrations --name …`):
# migrations are computed from the models and the migration files, not from a database.
TORTOISE_ORM = tortoise_config("sqlite://:memory:")
