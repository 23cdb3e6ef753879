"""Typed environment helpers for settings: each reads one variable and fails loudly on a bad value.

`env_secret(NAME)` also accepts a `NAME_FILE` path (container secrets). Only settings read the
environment; everything else reads `django.conf.settings`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return raw


def env_optional(name: str) -> str | None:
    raw = os.environ.get(name)
    return raw if raw else None


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() not in {"true", "false", "1", "0"}:
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', got {raw!r}")
    return raw.lower() in {"true", "1"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r} cannot be read: {exc}") from exc
    return env_optional(name)


def local_secret_key(
    path: Path, make: Callable[[], str] = lambda: secrets.token_urlsafe(50)
) -> str:
    """A secret generated once for this checkout and kept under var/ (never committed)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = make()
    path.write_text(key)
    path.chmod(0o600)
    return key


def previous_secrets(name: str) -> list[str]:
    """Keys still accepted while rotating away from them: NAME_PREVIOUS (or its file), comma-
    separated."""
    raw = env_secret(f"{name}_PREVIOUS") or ""
    return [key.strip() for key in raw.split(",") if key.strip()]


def default_key_prefix(database_url: str, redis_url: str | None) -> str:
    """A Redis prefix unique per deployment: its database name plus its Redis database number.

    Redis pub/sub ignores the database number, so two deployments sharing one server would
    otherwise deliver each other's socket events.
    """
    database = unquote(urlparse(database_url).path.lstrip("/")) or "postgres"
    redis_db = (urlparse(redis_url).path.lstrip("/") or "0") if redis_url else "local"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in database)
    return f"pitchey-{safe}-r{redis_db}"


def parse_database_url(url: str) -> dict[str, Any]:
    """Django DATABASES entry from a postgres:// URL (PostgreSQL only). A socket directory goes in
    the query, `postgres://user@/name?host=/run/postgresql&port=5432`, as libpq spells it."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL, got scheme {parsed.scheme!r}"
        )
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    host = parsed.hostname or query.pop("host", "") or ""
    options: dict[str, Any] = {}
    for key in ("sslmode", "sslrootcert", "options", "application_name", "channel_binding"):
        if key in query:
            options[key] = query[key]
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    return {
        "ENGINE": "pitchey.postgres",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or query.get("port", "")),
        "OPTIONS": options,
    }
