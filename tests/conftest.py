"""Shared fixtures: personas, API clients, and the rule for tests that need Redis, a worker or
Chromium.

A test marked `redis`, `worker` or `browser` is skipped (reason printed) where that dependency is
absent, except under CI=true, where an absent dependency fails the run.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

CHROMIUM = Path("/usr/bin/chromium")


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
    from pitchey import runtime

    runtime.forget()
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # only this run's prefix, never the whole Redis database
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from pitchey.health import forget_readiness

    clear_cache()
    forget_readiness()
    yield
    clear_cache()


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """Before the test database is dropped, end the connections other threads left open on it
    (asgiref's executor threads under sockets, a live server's): otherwise the drop fails
    ("being accessed by other users") and the next run cannot create the database."""
    yield
    from django.db import connection

    if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
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
