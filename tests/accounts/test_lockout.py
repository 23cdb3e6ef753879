import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from tests.accounts.conftest import browser_client
from tests.factories import UserFactory


def _attempt(email: str, password: str) -> int:
    return (
        browser_client()
        .post("/api/auth/sign-in", {"email": email, "password": password})
        .status_code
    )


@pytest.mark.django_db
def test_exactly_five_failures_lock_the_account_for_fifteen_minutes(creator, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    assert [_attempt(creator.email, "wrong-password") for _ in range(5)] == [401] * 5
    creator.refresh_from_db()
    assert creator.failed_login_attempts == 5
    assert creator.account_locked_until == timezone.now() + timedelta(minutes=15)
    response = browser_client().post(
        "/api/auth/sign-in", {"email": creator.email, "password": "Demo123"}
    )
    assert response.status_code == 401  # like a wrong password: lockout reveals no account
    assert response.json()["error"]["code"] == "INVALID_CREDENTIALS"
    time_machine.shift(timedelta(minutes=15, seconds=1))
    assert _attempt(creator.email, "Demo123") == 200
    creator.refresh_from_db()
    assert creator.failed_login_attempts == 0
    assert creator.account_locked_until is None


@pytest.mark.django_db
def test_four_failures_then_success_resets_the_counter(creator):
    for _ in range(4):
        _attempt(creator.email, "wrong-password")
    assert _attempt(creator.email, "Demo123") == 200
    creator.refresh_from_db()
    assert creator.failed_login_attempts == 0


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_wrong_attempts_count_exactly_five():
    user = UserFactory(user_type=User.Type.CREATOR)
    results: list[int] = []
    barrier = threading.Barrier(20)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(_attempt(user.email, "wrong-password"))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    user.refresh_from_db()
    assert sorted(results) == [401] * 20
    assert user.failed_login_attempts == 5
    assert user.is_locked
