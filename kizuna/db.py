"""Database wiring: Tortoise configuration, migrations, and the unmigrated-database refusal."""

from typing import Any

from tortoise import Tortoise, connections
from tortoise.migrations.api import migrate as run_migrations
from tortoise.migrations.executor import MigrationExecutor

MODEL_MODULES = [
    "domain.organizations.models",
    "domain.people.models",
    "domain.accounts.models",
    "domain.audit.models",
    "domain.identity.models",
    "domain.outbox.models",
    "domain.offboarding.models",
    "domain.hris.models",
]
SQLITE_BUSY_TIMEOUT_MS = 5000


class UnmigratedDatabase(RuntimeError):
    pass


def connection_url(database_url: str) -> str:
    """SQLite gets WAL (Tortoise's default) and a busy timeout so writers wait, not fail."""
    if database_url.startswith("sqlite") and "busy_timeout" not in database_url:
        joiner = "&" if "?" in database_url else "?"
        return f"{database_url}{joiner}busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"
    return database_url


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_url(database_url)},
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
