"""One login request with the production password hasher (Argon2 with Django's defaults)."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from accounts.models import User
from tests.accounts.conftest import browser_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_login_with_argon2_is_measured(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(user_type=User.Type.CREATOR)
    user.set_password("Timing-passphrase-1")
    user.save()
    assert user.password.startswith("argon2$")
    timings = []
    for _ in range(5):
        client = browser_client()
        started = time.perf_counter()
        response = client.post(
            "/api/auth/creator/login", {"email": user.email, "password": "Timing-passphrase-1"}
        )
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    unknown_started = time.perf_counter()
    browser_client().post(
        "/api/auth/creator/login", {"email": "ghost@example.com", "password": "Timing-passphrase-1"}
    )
    unknown = time.perf_counter() - unknown_started
    hasher = Argon2PasswordHasher
    with capsys.disabled():
        print(
            f"\nlogin with argon2 (time_cost={hasher.time_cost}, "
            f"memory_cost={hasher.memory_cost} KiB, "
            f"parallelism={hasher.parallelism}): median {statistics.median(timings) * 1000:.0f} "
            f"ms, "
            f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms; "
            f"unknown email {unknown * 1000:.0f} ms"
        )
    assert statistics.median(timings) < 10.0  # a measurement; only an absurd regression fails
