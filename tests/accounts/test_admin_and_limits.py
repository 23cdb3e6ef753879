from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User, UserSession
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_auth_endpoint_is_rate_limited_per_ip(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "auth": "3/minute"}
    client = browser_client()
    statuses = [
        client.post("/api/auth/forgot-password", {"email": "a@example.com"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    limited = client.post("/api/auth/sign-in", {"email": "a@example.com", "password": "x"})
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert int(limited["Retry-After"]) >= 1
    other_ip = browser_client()
    assert (
        other_ip.post(
            "/api/auth/sign-in", {"email": "a@example.com", "password": "x"}, REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 401
    )


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_admin_searches_and_filters_users(admin_client, investor, creator):
    response = admin_client.get("/admin/accounts/user/", {"q": "Ivan Capital"})
    assert response.status_code == 200
    assert investor.email.encode() in response.content
    assert creator.email.encode() not in response.content
    locked = UserFactory(account_locked_until=timezone.now() + timedelta(minutes=5))
    response = admin_client.get(
        "/admin/accounts/user/",
        {"locked": "yes", "user_type": "viewer", "email_verified__exact": "1"},
    )
    assert locked.email.encode() in response.content
    assert investor.email.encode() not in response.content


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("lock", lambda u: u.is_locked),
        ("unlock", lambda u: not u.is_locked and u.failed_login_attempts == 0),
        ("verify_email", lambda u: u.email_verified),
        ("verify_company", lambda u: u.company_verified),
        ("end_sessions", lambda u: u.token_version == 1),
    ],
)
def test_admin_actions_call_the_services(admin_client, action, check):
    user = UserFactory(
        user_type=User.Type.INVESTOR,
        email_verified=action != "verify_email",
        failed_login_attempts=3,
    )
    if action == "end_sessions":
        log_in(browser_client(), user, "investor")
    response = admin_client.post(
        "/admin/accounts/user/", {"action": action, "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert check(user)
    if action in {"lock", "end_sessions"}:
        assert not UserSession.objects.active().filter(user=user).exists()


def test_admin_login_goes_through_the_site_login(client, staff):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    client.post("/login/", {"portal": "creator", "email": staff.email, "password": "Demo123"})
    assert client.get("/admin/accounts/user/").status_code == 200
    client.post("/admin/logout/")
    assert client.get("/admin/accounts/user/").status_code == 302


def test_portal_login_links_open_the_one_login_form(client):
    response = client.get("/login/investor/?next=/saved/")
    assert response["Location"] == "/login/?next=%2Fsaved%2F"
    assert b'name="portal"' not in client.get(response["Location"]).content


def test_deactivate_action(admin_client):
    user = UserFactory(user_type=User.Type.CREATOR)
    other = browser_client()
    log_in(other, user, "creator")
    admin_client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [user.pk]}
    )
    user.refresh_from_db()
    assert not user.is_active
    assert other.get("/api/auth/session").status_code == 401
