"""The health check of a kept database connection (`pitchey.postgres`): no round trip while
the connection is sound, a fresh connection once the server has closed it."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connection, connections

from pitchey.postgres.base import DatabaseWrapper

pytestmark = pytest.mark.django_db(transaction=True)


def _server_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _terminate(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            gone = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if gone.fetchone() is None:
                return
            time.sleep(0.02)
    raise AssertionError("the backend outlived pg_terminate_backend")


def test_the_project_uses_the_backend() -> None:
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_sound_connection_is_checked_without_a_query(monkeypatch: pytest.MonkeyPatch) -> None:
    _server_pid()  # connected
    sent: list[str] = []
    raw = connection.connection
    original = raw.cursor

    def cursor(*args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append("cursor")
        return original(*args, **kwargs)

    monkeypatch.setattr(raw, "cursor", cursor)
    monkeypatch.setattr(raw, "execute", lambda *a, **k: sent.append("execute"))
    assert connection.is_usable() is True
    assert sent == []


def test_a_connection_the_server_closed_is_replaced_before_the_next_request() -> None:
    pid = _server_pid()
    _terminate(pid)
    connection.health_check_enabled = True
    connection.health_check_done = False  # as at the start of a request
    # What the next request's first query does: the check finds the closing message waiting,
    # Django opens a new connection, and the query answers instead of failing.
    new_pid = _server_pid()
    assert new_pid != pid


def test_a_connection_left_in_a_transaction_is_not_usable() -> None:
    _server_pid()
    raw = connection.connection
    raw.execute("BEGIN")
    try:
        assert connection.is_usable() is False
    finally:
        raw.execute("ROLLBACK")
    assert connection.is_usable() is True


def test_a_closed_connection_is_not_usable() -> None:
    _server_pid()
    connection.connection.close()
    assert connection.is_usable() is False
    connection.close()
