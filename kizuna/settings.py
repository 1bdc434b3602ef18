"""Configuration from the environment, with safe local defaults and refusals in production."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from integrations.mail import MailUrlError, check_smtp_url

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
    # How long a verified token's principal is reused without looking its membership up again.
    principal_cache_seconds: int = 5
    # None: run the outbox worker inside the server process on SQLite only.
    in_process_worker: bool | None = None
    log_json: bool = False
    # One log line per HTTP request; off for load tests and behind a proxy that logs them.
    access_log: bool = True
    # Mail: SMTP when set, otherwise .eml files in mail_dir (see integrations/mail).
    smtp_url: str | None = None
    mail_dir: str = "mail"
    mail_from: str = "Kizuna <no-reply@kizuna.example>"
    # Where a magic link points; `{token}` is replaced by the link's one-time token.
    magic_link_url: str = "http://127.0.0.1:8000/auth/magic-link?token={token}"
    # The server's own address as clients reach it: the OAuth issuer and endpoint URLs.
    public_url: str = "http://127.0.0.1:8000"
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
        settings = cls(
            environment=env.get("KIZUNA_ENV", "development"),
            database_url=normalize_database_url(env.get("DATABASE_URL", DEFAULT_DATABASE)),
            secret_key=env.get("KIZUNA_SECRET_KEY", DEFAULT_SECRET),
            access_token_minutes=_int(env, "KIZUNA_ACCESS_TOKEN_MINUTES", 60),
            principal_cache_seconds=_int(env, "KIZUNA_PRINCIPAL_CACHE_SECONDS", 5),
            in_process_worker=_flag(env, "KIZUNA_IN_PROCESS_WORKER", None),
            log_json=_flag(env, "KIZUNA_LOG_JSON", False),
            access_log=_flag(env, "KIZUNA_ACCESS_LOG", True),
            smtp_url=env.get("KIZUNA_SMTP_URL") or None,
            mail_dir=env.get("KIZUNA_MAIL_DIR", "mail"),
            mail_from=env.get("KIZUNA_MAIL_FROM", cls.mail_from),
            magic_link_url=env.get("KIZUNA_MAGIC_LINK_URL", cls.magic_link_url),
            public_url=env.get("KIZUNA_PUBLIC_URL", cls.public_url),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.environment not in ("development", "test", "production"):
            raise SettingsError("KIZUNA_ENV must be development, test or production.")
        if self.smtp_url is not None:
            try:
                check_smtp_url(self.smtp_url)
            except MailUrlError as wrong:
                raise SettingsError(str(wrong)) from None
        if not self.public_url.startswith(("https://", "http://")):
            raise SettingsError("KIZUNA_PUBLIC_URL must start with https:// or http://.")
        if "{token}" not in self.magic_link_url:
            raise SettingsError("KIZUNA_MAGIC_LINK_URL must contain {token}.")
        if not 0 <= self.principal_cache_seconds <= 300:
            raise SettingsError("KIZUNA_PRINCIPAL_CACHE_SECONDS must be between 0 and 300.")
        if self.production:
            if self.secret_key == DEFAULT_SECRET:
                raise SettingsError("KIZUNA_SECRET_KEY must be set in production.")
            if len(self.secret_key) < 32:
                raise SettingsError("KIZUNA_SECRET_KEY must be at least 32 characters.")


def _flag(env: dict[str, str], name: str, default: bool | None) -> bool | None:
    value = env.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false (1/0, yes/no, on/off).")


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
