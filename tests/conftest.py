"""Shared fixtures: personas, API clients, and the rule for tests that need Redis, a worker or
Chromium.

A test marked `redis`, `worker` or `browser` is skipped (reason printed) where that dependency is
absent, except under CI=true, where an absent dependency fails the run.

Tests run inside one large interpreter frame (`pytest_runtestloop` below): see `_in_a_large_frame`.
After a transactional test, only the tables that hold rows are emptied: see `tests/flush.py`.
"""

from __future__ import annotations

import gc
import os
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests import flush

CHROMIUM = Path("/usr/bin/chromium")
flush.install()


def _reachable(url: str | None) -> bool:
    if not url:
        return False
    parsed = urlparse(url)
    try:
        socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=2
        ).close()
    except OSError:
        return False
    return True


def _missing(marker: str) -> str | None:
    if marker in {"redis", "worker"}:
        if not settings.REDIS_URL:
            return "REDIS_URL is not set"
        if not _reachable(settings.REDIS_URL):
            return f"Redis at {settings.REDIS_URL} cannot be reached"
    if marker == "browser" and not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    return None


def _in_a_large_frame(run: Callable[[], object]) -> object:
    """`run()`, called from a frame that reserves about 560 KiB of CPython's data stack.

    CPython 3.11 keeps Python frames in 16 KiB chunks and frees a chunk as soon as the frame at
    its start returns, so a call made at a depth that just crosses a chunk's end maps a chunk and
    unmaps it again on every call (CPython issue 142183, fixed in 3.13 and 3.14 only). A test's
    requests go through some 30 frames of middleware and views, so where that edge falls moves
    with every frame added anywhere on the way, and a test whose hot loop sits on it pays a
    mmap/munmap pair per call: 24,781 of them in `test_config_lists` alone (0.02 s -> 0.17 s),
    127,000 over three test files. A frame this large gets a 1 MiB chunk of its own whose free
    half holds everything the tests call, so no test runs at an edge and the per-test durations
    measure the code, not where the edge happens to fall.
    """
    return run()


_in_a_large_frame.__code__ = _in_a_large_frame.__code__.replace(
    co_stacksize=_in_a_large_frame.__code__.co_stacksize + 70_000  # 8-byte slots
)


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> object:
    """pytest's own loop over the tests, inside `_in_a_large_frame`, after the objects every test
    shares (Django, the apps, the collected tests) are frozen out of the garbage collector's
    full collections, which then scan only what the tests themselves allocate."""
    from _pytest.main import pytest_runtestloop as run_tests

    if hasattr(session.config, "workerinput") or session.config.pluginmanager.has_plugin(
        "dsession"
    ):
        return None  # pytest-xdist runs the loop itself
    gc.collect()
    gc.freeze()
    return _in_a_large_frame(lambda: run_tests(session))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests run last: Playwright's sync API holds an event loop that async tests trip
    on."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("redis", "worker", "browser"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if os.environ.get("CI") == "true":
            pytest.fail(f"[{marker}] required under CI but unavailable: {reason}", pytrace=False)
        pytest.skip(f"[{marker}] {reason}")


def clear_cache() -> None:
    from pitchey import nearcache, runtime

    runtime.forget()
    nearcache.drop_all()
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # only this run's prefix, never the whole Redis database
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _rate_windows_open_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate limits count in fixed windows aligned on the clock, so a test counting up to a limit
    could straddle the turn of a minute and see its count start again. The limiter's clock reads
    midnight as each test starts (every second, minute, hour and day window opens then) and runs
    on from there at the real pace, time_machine's travels included."""
    from pitchey import ratelimit

    shift = time.time() % 86400
    monkeypatch.setattr(ratelimit, "_clock", lambda: time.time() - shift)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from pitchey.health import forget_readiness

    clear_cache()
    forget_readiness()
    yield
    clear_cache()


def _on_the_test_database() -> bool:
    """Whether the default connection points at the test database (once a test has created it,
    pytest-django renames the connection's NAME to it)."""
    from django.db import connection
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    return connection.vendor == "postgresql" and str(connection.settings_dict["NAME"]).startswith(
        TEST_DATABASE_PREFIX
    )


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """Before the test database is dropped, end the connections other threads left open on it
    (asgiref's executor threads under sockets, a live server's): otherwise the drop fails
    ("being accessed by other users") and the next run cannot create the database."""
    yield
    from django.db import connection

    if not _on_the_test_database():
        return  # no test of the run used the database: none was created
    with django_db_blocker.unblock(), connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


# --- personas (healthchecks' alice/bob/charlie) ------------------------------------------------


@pytest.fixture
def creator(db):
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(user_type=User.Type.CREATOR, first_name="Alice", last_name="Creator")


@pytest.fixture
def other_creator(db):
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(user_type=User.Type.CREATOR, first_name="Carol", last_name="Rival")


@pytest.fixture
def investor(db):
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(
        user_type=User.Type.INVESTOR,
        first_name="Ivan",
        last_name="Investor",
        company_name="Ivan Capital",
    )


@pytest.fixture
def production(db):
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(user_type=User.Type.PRODUCTION, company_name="Big Studio")


@pytest.fixture
def watcher(db):
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(user_type=User.Type.VIEWER)


@pytest.fixture
def staff(db):
    from accounts.models import User
    from tests.factories import UserFactory

    # Staff functions need a second factor on the account (pitchey.staff).
    return UserFactory(
        user_type=User.Type.ADMIN, is_staff=True, is_superuser=True, two_factor_enabled=True
    )


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser (behind `admin_client`), with the second factor staff need."""
    return django_user_model.objects.create_superuser(
        email="admin@example.com",
        username="admin",
        password="password",
        two_factor_enabled=True,
    )
