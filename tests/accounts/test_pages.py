import re

import pyotp
import pytest
from django.conf import settings
from django.test import Client

from accounts import selectors, services
from accounts.models import Follow, User, UserSession
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page() -> Client:
    return Client()


def _login(page: Client, user, portal: str, password: str = "Demo123"):  # noqa: S107
    return page.post("/login/", {"portal": portal, "email": user.email, "password": password})


@pytest.mark.parametrize(
    "path",
    [
        "/login/",
        "/register/",
        "/forgot-password/",
        "/reset-password/?token=x",
        "/verify-email/resend/",
    ],
)
def test_public_pages_render(page, path):
    response = page.get(path)
    assert response.status_code == 200
    assert b'class="card form-card"' in response.content


def test_login_page_shows_the_verification_result(page):
    assert b"Your email address is verified" in page.get("/login/?verified=true").content
    assert b"invalid or has expired" in page.get("/login/?verified=false").content


def test_login_page_sets_the_api_cookies(page, creator):
    response = _login(page, creator, "creator")
    assert response.status_code == 302
    assert response.cookies[settings.AUTH_ACCESS_COOKIE]["httponly"]
    assert page.get("/api/auth/session").status_code == 200


def test_login_page_ignores_a_stale_portal_choice_and_opens_the_accounts_own(page, investor):
    response = _login(page, investor, "creator")
    assert response.status_code == 302
    assert response.url == "/home/"
    assert UserSession.objects.filter(user=investor).exists()
    assert b"Investor" in page.get("/home/").content


def test_login_page_says_once_when_the_password_is_wrong(page, investor):
    response = _login(page, investor, "investor", password="wrong-password")
    assert response.status_code == 200
    assert response.content.decode().count('role="alert"') == 1
    assert not UserSession.objects.exists()


def test_register_page_creates_an_account_and_says_check_your_inbox(
    page, mailoutbox, django_capture_on_commit_callbacks
):
    data = {
        "user_type": "production",
        "email": "studio@example.com",
        "username": "studio",
        "password": "Very-good-passphrase-1",
        "company_name": "Studio",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = page.post("/register/", data)
    assert b"Check your inbox" in response.content
    assert User.objects.get(username="studio").user_type == User.Type.PRODUCTION
    assert len(mailoutbox) == 1
    again = page.post("/register/", data)
    assert b"already registered" in again.content


def test_register_page_shows_password_validator_messages(page):
    response = page.post(
        "/register/",
        {
            "user_type": "creator",
            "email": "a@example.com",
            "username": "abc",
            "password": "password",
        },
    )
    assert b"too common" in response.content
    assert not User.objects.exists()


def test_forgot_and_reset_password_pages(
    page, creator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page.post("/forgot-password/", {"email": creator.email})
    token = re.search(r"token=(\S+)", mailoutbox[0].body).group(1)
    mismatch = page.post(
        f"/reset-password/?token={token}",
        {"new_password": "Fresh-passphrase-77", "confirm_password": "other"},
    )
    assert b"differ" in mismatch.content
    done = page.post(
        "/reset-password/",
        {
            "token": token,
            "new_password": "Fresh-passphrase-77",
            "confirm_password": "Fresh-passphrase-77",
        },
    )
    assert done.status_code == 302
    assert _login(page, creator, "creator", "Fresh-passphrase-77").status_code == 302


def test_mfa_challenge_page(page, creator):
    services.start_mfa_setup(user=creator)
    secret = creator.mfa.pending_secret
    services.enable_mfa(user=creator, code=pyotp.TOTP(secret).now())
    response = _login(page, creator, "creator")
    assert response["Location"] == "/mfa/challenge/"
    assert page.post("/mfa/challenge/", {"code": "000000"}).status_code == 200
    done = page.post("/mfa/challenge/", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
    assert page.get("/api/auth/session").status_code == 200


def test_settings_need_login(page):
    assert page.get("/settings/")["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("tab", ["profile", "security", "notifications"])
def test_settings_tabs_render(page, creator, tab):
    _login(page, creator, "creator")
    response = page.get(f"/settings/{tab}/")
    assert response.status_code == 200
    assert b'aria-current="page"' in response.content


def test_settings_profile_and_notifications_save(page, creator):
    _login(page, creator, "creator")
    page.post("/settings/profile/", {"action": "profile", "username": "renamed", "bio": "New bio"})
    page.post("/settings/notifications/", {"messages": "on", "frequency": "weekly"})
    creator.refresh_from_db()
    assert creator.username == "renamed"
    assert creator.bio == "New bio"
    assert creator.notification_frequency == "weekly"
    assert creator.notification_preferences["followers"] is False


def test_security_tab_sets_up_mfa_and_lists_sessions(page, creator):
    _login(page, creator, "creator")
    started = page.post("/settings/security/", {"action": "mfa-start"})
    secret = re.search(rb'<code class="secret">(\w+)</code>', started.content).group(1).decode()
    enabled = page.post(
        "/settings/security/", {"action": "mfa-enable", "code": pyotp.TOTP(secret).now()}
    )
    assert enabled.content.count(b"<li><code>") == 10
    listing = page.get("/settings/security/")
    assert b"This device" in listing.content


def test_mfa_setup_shows_a_qr_code_and_keeps_the_key_through_a_wrong_code(page, creator):
    _login(page, creator, "creator")
    started = page.post("/settings/security/", {"action": "mfa-start"}).content.decode()
    assert '<div class="qr"><svg' in started
    assert "<title>QR code of your two-factor key</title>" in started
    secret = re.search(r'<code class="secret">(\w+)</code>', started).group(1)
    wrong = page.post("/settings/security/", {"action": "mfa-enable", "code": "000000"})
    text = wrong.content.decode()
    assert f'<code class="secret">{secret}</code>' in text  # the same key, still on screen
    assert '<div class="qr"><svg' in text
    assert text.count('class="errorlist"') == 1
    enabled = page.post(
        "/settings/security/", {"action": "mfa-enable", "code": pyotp.TOTP(secret).now()}
    )
    assert enabled.content.count(b"<li><code>") == 10
    assert b'class="qr"' not in enabled.content


def test_security_tab_changes_the_password_and_keeps_this_session(page, creator):
    _login(page, creator, "creator")
    response = page.post(
        "/settings/security/",
        {
            "action": "password",
            "current_password": "Demo123",
            "new_password": "Fresh-passphrase-77",
            "confirm_password": "Fresh-passphrase-77",
        },
    )
    assert response.status_code == 302
    assert page.get("/api/auth/session").status_code == 200
    assert UserSession.objects.active().filter(user=creator).count() == 1


def test_public_profile_page_follow_and_block(page, creator, investor):
    assert page.get(f"/users/{investor.username}/").status_code == 200
    assert page.get("/users/nobody-at-all/").status_code == 404
    _login(page, creator, "creator")
    page.post(f"/users/{investor.username}/", {"action": "follow"})
    assert Follow.objects.filter(follower=creator, following=investor).exists()
    page.post(f"/users/{investor.username}/", {"action": "block"})
    assert not Follow.objects.exists()
    assert selectors.is_blocked(creator, investor)


def test_logout_page(page, creator):
    _login(page, creator, "creator")
    response = page.post("/logout/")
    assert response.status_code == 302
    assert page.get("/api/auth/session").status_code == 401


def test_deleted_users_profile_page_is_404(page):
    gone = UserFactory(is_active=False)
    assert page.get(f"/users/{gone.username}/").status_code == 404
