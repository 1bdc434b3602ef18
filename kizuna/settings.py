"""Configuration from the environment, with safe local defaults and refusals in production."""

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SECRET = "kizuna-local-development-secret-change-me"
DEFAULT_DATABASE = "sqlite://kizuna.sqlite3"


class SettingsError(RuntimeError):
    """The configuration is unsafe or malformed; the process must not start."""


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_url: str = DEFAULT_DATABASE
    secret_key: str = DEFAULT_SECRET
    access_token_minutes: int = 60
    # None: run the outbox worker inside the server process on SQLite only.
    in_process_worker: bool | None = None
    log_json: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def runs_worker_in_process(self) -> bool:
        if self.in_process_worker is None:
            return self.sqlite
        return self.in_process_worker

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        worker = env.get("KIZUNA_IN_PROCESS_WORKER")
        settings = cls(
            environment=env.get("KIZUNA_ENV", "development"),
            database_url=normalize_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE)),
            secret_key=env.get("KIZUNA_SECRET_KEY", DEFAULT_SECRET),
            access_token_minutes=_int(env, "KIZUNA_ACCESS_TOKEN_MINUTES", 60),
            in_process_worker=None if worker is None else worker.lower() in ("1", "true", "yes"),
            log_json=env.get("KIZUNA_LOG_JSON", "").lower() in ("1", "true", "yes"),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.environment not in ("development", "test", "production"):
            raise SettingsError("KIZUNA_ENV must be development, test or production.")
        if self.production:
            if self.secret_key == DEFAULT_SECRET:
                raise SettingsError("KIZUNA_SECRET_KEY must be set in production.")
            if len(self.secret_key) < 32:
                raise SettingsError("KIZUNA_SECRET_KEY must be at least 32 characters.")


def _int(env: dict[str, str], name: str, default: int) -> int:
    try:
        return int(env.get(name, default))
    except ValueError:
        raise SettingsError(f"{name} must be a whole number.") from None


def normalize_database_url(url: str) -> str:
    """Accept postgresql:// and relative sqlite paths; refuse anything else."""
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        if path != ":memory:" and not path.startswith("/"):
            url = "sqlite://" + str(Path(path).resolve()) + url[len("sqlite://") + len(path) :]
        return url
    if url.startswith("postgres://"):
        return url
    raise SettingsError("DATABASE_URL must start with sqlite:// or postgres://.")
