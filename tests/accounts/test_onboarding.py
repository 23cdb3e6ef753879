"""The SPA's onboarding loop: ProfileGuard sends a creator, investor or production account whose
profile is incomplete to /<portal>/onboarding. The form sends `PUT /api/user/profile` with
`{name: "First Last", bio}`, reads `data.user` from the answer, then re-reads the session
(`GET /api/auth/session`, `user`) and decides with `isProfileComplete(user)`: `firstName` and
`lastName` non-empty (or a `name` of two words or more) and a non-empty `bio`.
"""

import pytest

from accounts.demo import DEMO_ACCOUNTS, create_accounts
from accounts.models import User
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def spa_profile_complete(user: dict) -> bool:
    """The SPA's `isProfileComplete` (frontend/src/utils/profileCompleteness.ts), key for key."""
    has_first_last = bool((user.get("firstName") or "").strip()) and bool(
        (user.get("lastName") or "").strip()
    )
    parts = (user.get("name") or "").strip().split()
    has_full_name = has_first_last or (len(parts) >= 2 and bool(parts[0]) and bool(parts[1]))
    return has_full_name and bool((user.get("bio") or "").strip())


@pytest.mark.parametrize("user_type", [User.Type.INVESTOR, User.Type.PRODUCTION, User.Type.CREATOR])
def test_onboarding_save_persists_and_the_session_reads_it_back(user_type):
    account = UserFactory(
        user_type=user_type, first_name="", last_name="", bio="", company_name="Orbit"
    )
    client = browser_client()
    login_user = log_in(client, account, str(user_type)).json()["user"]
    assert not spa_profile_complete(login_user)  # the guard sends them to the onboarding form
    assert not spa_profile_complete(client.get("/api/auth/session").json()["user"])

    response = client.put(
        "/api/user/profile",
        {"name": "Ann Marie Lee", "bio": "  I back thrillers.  "},
        format="json",
    )

    assert response.status_code == 200
    saved = response.json()["data"]["user"]  # UserService.updateProfile reads data.user
    assert (saved["firstName"], saved["lastName"], saved["bio"]) == (
        "Ann",
        "Marie Lee",
        "I back thrillers.",
    )
    session_user = client.get("/api/auth/session").json()["user"]
    assert session_user["firstName"] == "Ann"
    assert session_user["lastName"] == "Marie Lee"
    assert session_user["name"] == "Ann Marie Lee"
    assert session_user["bio"] == "I back thrillers."
    assert spa_profile_complete(session_user)
    account.refresh_from_db()
    assert (account.first_name, account.last_name, account.bio) == (
        "Ann",
        "Marie Lee",
        "I back thrillers.",
    )
    # and a fresh login (a new tab) agrees
    assert spa_profile_complete(log_in(browser_client(), account).json()["user"])


def test_onboarding_refuses_bad_input_with_field_messages_and_writes_nothing():
    account = UserFactory(user_type=User.Type.INVESTOR, first_name="", last_name="", bio="")
    client = browser_client()
    log_in(client, account, "investor")

    response = client.put(
        "/api/user/profile", {"name": "A " + "b" * 150, "bio": "x" * 2001}, format="json"
    )

    assert response.status_code == 400
    assert "bio" in response.json()["error"]["details"]
    response = client.put("/api/user/profile", {"name": "A " + "b" * 150, "bio": "ok"})
    assert response.status_code == 400
    assert "name" in response.json()["error"]["details"]
    account.refresh_from_db()
    assert (account.first_name, account.last_name, account.bio) == ("", "", "")


def test_every_demo_login_has_a_complete_profile():
    create_accounts()
    for email, _username, user_type, _profile in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        portal = "watcher" if user_type == User.Type.VIEWER else str(user_type)
        client = browser_client()
        login_user = log_in(client, user, None if portal == "admin" else portal).json()["user"]
        assert spa_profile_complete(login_user), email
        assert spa_profile_complete(client.get("/api/auth/session").json()["user"]), email
