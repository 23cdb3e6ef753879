"""A real daphne process (HTTP and WebSocket) on a free port, against the test database and
Redis, for browser tests that need the socket; and the session cookie a browser context carries.

Import the fixture into the test module that uses it: `from tests.e2e.servers import asgi_server`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def database_url(db: dict[str, Any]) -> str:
    """The test database as a DATABASE_URL, over TCP or a socket directory (the embedded one)."""
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    name, host, port = quote(db["NAME"], safe=""), db["HOST"] or "", str(db["PORT"] or "")
    if host.startswith("/"):
        query = urlencode({"host": host, **({"port": port} if port else {})})
        return f"postgres://{auth}/{name}?{query}"
    return f"postgres://{auth}{host}{':' + port if port else ''}/{name}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_daphne(log: Path) -> Iterator[str]:
    """Start daphne on a free port against the test database; yields its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pitchey.settings_test",
        "DEBUG": "true",  # static files from the finders
        "DATABASE_URL": database_url(db),
        "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        "CSRF_TRUSTED_ORIGINS": base,
        "SITE_URL": base,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "pitchey.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),  # read on failure; a pipe could fill up
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("daphne did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def asgi_server(transactional_db: Any, tmp_path: Path) -> Iterator[str]:
    with running_daphne(tmp_path / "daphne.log") as base:
        yield base


def session_cookie(user: Any, base: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}
