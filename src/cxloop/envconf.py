"""Typed readers for the environment variables that configure a deployment.

Every per-deploy setting is read here, so `settings.py` stays declarative and
the defaults are safe for a fresh checkout on SQLite.
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """An environment variable holds a value cxloop cannot use."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_meta_header(name: str) -> str:
    """An HTTP header name from the environment, as Django's META spells it."""
    header = env_str(name).strip()
    if not header:
        return ""
    return "HTTP_" + header.upper().replace("-", "_")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The directory holding the embedded database, the secret key and uploads."""
    path = Path(env_str("CXLOOP_DATA_DIR") or ".cxloop").expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def env_secret(name: str, *, directory: Path) -> str:
    """The secret from the environment, else one generated once and kept on disk.

    Keeping the generated key in the data directory means sessions and signed
    links survive a restart without anyone having to invent a key.
    """
    value = env_str(name)
    if value:
        return value
    key_file = directory / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    value = secrets.token_urlsafe(50)
    # Create with owner-only permissions; another process may win the race.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def database_config(directory: Path) -> dict[str, Any]:
    """`DATABASE_URL`, or an embedded SQLite database in WAL mode."""
    url = env_str("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        )
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.update(sqlite_options())
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(directory / "cxloop.sqlite3"),
        **sqlite_options(),
    }


def sqlite_options() -> dict[str, Any]:
    # WAL lets the web server read while the worker writes; IMMEDIATE
    # transactions and a busy timeout make writers queue instead of failing
    # with "database is locked".
    return {
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA foreign_keys=ON;"
            ),
        }
    }
