import re

import pytest
from django.conf import settings

from accounts.models import OneTimeToken, User
from tests.accounts.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "email": "New.Person@Example.com",
    "username": "newperson",
    "password": "a-Long-unusual-passphrase-7",
    "userType": "investor",
    "companyName": "Acme Capital",
}


def _link(mail) -> str:
    return re.search(r"(http\S+/api/auth/verify-email\?token=\S+)", mail.body).group(1)


def test_register_creates_an_unverified_account_and_emails_a_link_after_commit(
    web, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = web.post("/api/auth/sign-up", GOOD, format="json")
    assert response.status_code == 201
    user = User.objects.get(email="new.person@example.com")
    assert user.user_type == User.Type.INVESTOR
    assert user.company_name == "Acme Capital"
    assert not user.email_verified
    assert settings.AUTH_ACCESS_COOKIE not in response.cookies  # no automatic login
    assert [m.to for m in mailoutbox] == [["new.person@example.com"]]
    assert "/api/auth/verify-email?token=" in mailoutbox[0].body


def test_register_alias_and_watcher_type(web):
    response = web.post("/api/auth/register", {**GOOD, "userType": "watcher"}, format="json")
    assert response.status_code == 201
    assert User.objects.get(username="newperson").user_type == User.Type.VIEWER


def test_weak_passwords_get_the_validator_messages(web):
    response = web.post("/api/auth/sign-up", {**GOOD, "password": "12345678"}, format="json")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "VALIDATION_ERROR"
    assert any("common" in m or "numeric" in m for m in body["details"]["password"])
    assert not User.objects.exists()


def test_bad_input_gets_field_messages_and_writes_nothing(web):
    response = web.post(
        "/api/auth/sign-up", {"email": "x", "username": "a", "userType": "admin"}, format="json"
    )
    assert response.status_code == 400
    assert {"email", "username", "password", "userType"} <= set(response.json()["error"]["details"])
    assert not User.objects.exists()


@pytest.mark.parametrize("field", ["email", "username"])
def test_duplicates_are_a_409_naming_only_the_field(web, field):
    UserFactory(email="taken@example.com", username="takenname")
    data = {
        **GOOD,
        "email": "TAKEN@example.com" if field == "email" else GOOD["email"],
        "username": "TakenName" if field == "username" else GOOD["username"],
    }
    response = web.post("/api/auth/sign-up", data, format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "CONFLICT"
    assert list(error["details"]) == [field]
    assert "takenname" not in str(error).lower().replace("username", "")


def test_the_emailed_link_verifies_and_redirects_to_login(
    web, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/sign-up", GOOD, format="json")
    link = _link(mailoutbox[0])
    response = web.get(link.replace(settings.SITE_URL, ""))
    assert response.status_code == 302
    assert response["Location"] == f"{settings.FRONTEND_URL}/login?verified=true"
    assert User.objects.get(username="newperson").email_verified
    again = web.get(link.replace(settings.SITE_URL, ""))  # single use
    assert again["Location"].endswith("verified=false")
    log_in(web, User.objects.get(username="newperson"), "investor", password=GOOD["password"])


def test_a_bad_or_expired_token_redirects_with_false(
    web, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    assert web.get("/api/auth/verify-email?token=nope")["Location"].endswith("verified=false")
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/sign-up", GOOD, format="json")
    time_machine.move_to(OneTimeToken.objects.get().expires_at, tick=False)
    link = _link(mailoutbox[0]).replace(settings.SITE_URL, "")
    assert web.get(link)["Location"].endswith("verified=false")


def test_post_verify_email_with_token(web, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/auth/sign-up", GOOD, format="json")
    token = _link(mailoutbox[0]).split("token=")[1]
    assert web.post("/api/auth/verify-email", {"token": token}).json()["verified"] is True
    assert web.post("/api/auth/verify-email", {"token": token}).status_code == 400


def test_resend_is_rate_limited_per_address(web, mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified=False)
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            assert (
                web.post("/api/auth/resend-verification", {"email": user.email}).status_code == 200
            )
    assert len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            web.post("/api/auth/resend-verification", {"email": "nobody@example.com"}).status_code
            == 200
        )
    assert len(mailoutbox) == 3


def test_resend_bad_input(web):
    assert web.post("/api/auth/resend-verification", {"email": "zzz"}).status_code == 400
