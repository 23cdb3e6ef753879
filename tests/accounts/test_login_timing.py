"""Logins with the production password hasher: Argon2id with parameters no weaker than Django's
defaults, about one hash per login, and an unknown email costing a hash too (no timing oracle)."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher

from accounts.models import User
from tests.accounts.conftest import browser_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Timing-passphrase-1"


def _median_seconds(action, runs: int = 5) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def test_production_hashes_passwords_with_argon2id_at_django_strength(settings):
    from pitchey import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    user = UserFactory(user_type=User.Type.CREATOR)
    user.set_password(PASSWORD)
    algorithm, variety, version, params = user.password.split("$")[:4]
    assert (algorithm, variety, version) == ("argon2", "argon2id", "v=19")
    costs = dict(part.split("=") for part in params.split(","))
    assert int(costs["m"]) >= 102400  # KiB, Django 5.2's default
    assert int(costs["t"]) >= 2
    assert int(costs["p"]) >= 1
    assert isinstance(identify_hasher(user.password), Argon2PasswordHasher)


def test_a_login_costs_about_one_hash_and_so_does_an_unknown_email(settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = UserFactory(user_type=User.Type.CREATOR)
    user.set_password(PASSWORD)
    user.save()
    hasher = Argon2PasswordHasher()
    one_hash = _median_seconds(lambda: hasher.encode(PASSWORD, hasher.salt()))

    def login(email: str) -> int:
        response = browser_client().post(
            "/api/auth/creator/login", {"email": email, "password": PASSWORD}
        )
        return response.status_code

    assert login(user.email) == 200
    known = _median_seconds(lambda: login(user.email))
    unknown = _median_seconds(lambda: login("ghost@example.com"))
    with capsys.disabled():
        print(
            f"\nargon2 (t={hasher.time_cost}, m={hasher.memory_cost} KiB, "
            f"p={hasher.parallelism}): one hash {one_hash * 1000:.0f} ms, login "
            f"{known * 1000:.0f} ms, unknown email {unknown * 1000:.0f} ms"
        )
    assert known < 3 * one_hash  # a login is one hash and some queries, not several hashes
    assert unknown > 0.5 * one_hash  # an unknown email still pays for a hash
