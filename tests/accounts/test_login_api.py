import pytest
from django.conf import settings

from accounts.models import User, UserSession
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_portal_login_sets_http_only_cookies_and_answers_the_spa_shape(web, creator):
    response = log_in(web, creator, "creator")
    body = response.json()
    assert body["success"] is True
    assert body["user"]["id"] == str(creator.pk)
    assert body["data"]["user"]["userType"] == "creator"
    assert {
        "email",
        "name",
        "username",
        "firstName",
        "lastName",
        "bio",
        "companyName",
        "profileImage",
        "subscriptionTier",
        "permissions",
    } <= set(body["user"])
    assert body["token"]
    assert body["expiresAt"]
    access = response.cookies[settings.AUTH_ACCESS_COOKIE]
    refresh = response.cookies[settings.AUTH_REFRESH_COOKIE]
    assert access["httponly"]
    assert refresh["httponly"]
    assert access["samesite"] == "Lax"
    assert 5 * 60 <= int(access["max-age"]) <= 15 * 60
    assert int(refresh["max-age"]) == 7 * 24 * 3600
    session = UserSession.objects.get(user=creator)
    assert session.device == "Chrome on Linux"
    assert session.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("user_type", "portal"),
    [
        (User.Type.INVESTOR, "investor"),
        (User.Type.PRODUCTION, "production"),
        (User.Type.VIEWER, "watcher"),
    ],
)
def test_each_portal_admits_its_own_type(web, user_type, portal):
    user = UserFactory(user_type=user_type)
    assert log_in(web, user, portal).json()["user"]["userType"] == portal


def test_the_wrong_portal_is_refused_with_a_code_and_no_session(web, investor):
    response = web.post("/api/auth/creator/login", {"email": investor.email, "password": "Demo123"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "WRONG_PORTAL"
    assert settings.AUTH_ACCESS_COOKIE not in response.cookies
    assert not UserSession.objects.exists()


def test_admins_may_use_any_portal(web, staff):
    assert log_in(web, staff, "investor").status_code == 200


def test_generic_sign_in_works_for_every_type(web, production):
    assert log_in(web, production).json()["user"]["userType"] == "production"


def test_unverified_accounts_cannot_log_in(web):
    user = UserFactory(user_type=User.Type.CREATOR, email_verified=False)
    response = web.post("/api/auth/creator/login", {"email": user.email, "password": "Demo123"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "EMAIL_NOT_VERIFIED"


def test_unknown_email_and_wrong_password_get_the_same_answer(web, creator):
    unknown = web.post("/api/auth/sign-in", {"email": "nobody@example.com", "password": "Demo123"})
    wrong = web.post("/api/auth/sign-in", {"email": creator.email, "password": "nope-nope"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["error"] == wrong.json()["error"]
    assert wrong.json()["error"]["code"] == "INVALID_CREDENTIALS"


def test_bad_input_gets_field_messages(web):
    response = web.post("/api/auth/sign-in", {"email": "not-an-email"})
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert set(details) == {"email", "password"}


def test_session_answers_the_user_or_401(web, creator):
    assert web.get("/api/auth/session").status_code == 401
    log_in(web, creator, "creator")
    body = web.get("/api/auth/session").json()
    assert body["user"]["id"] == str(creator.pk)


def test_bearer_works_where_the_cookie_does(creator):
    token = log_in(browser_client(), creator, "creator").json()["token"]
    bare = browser_client()
    bare.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bare.get("/api/auth/session").status_code == 200


def test_bearer_requests_need_no_origin(creator):
    from rest_framework.test import APIClient

    token = log_in(browser_client(), creator, "creator").json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.put("/api/user/profile", {"bio": "From a script"}, format="json")
    assert response.status_code == 200


def test_cookie_unsafe_requests_need_a_trusted_origin(creator):
    from rest_framework.test import APIClient

    client = APIClient()
    log_in(client, creator, "creator")
    assert client.put("/api/user/profile", {"bio": "x"}, format="json").status_code == 403
    assert (
        client.put(
            "/api/user/profile", {"bio": "x"}, format="json", HTTP_ORIGIN="https://evil.example"
        ).json()["error"]["code"]
        == "CSRF_FAILED"
    )
    ok = client.put(
        "/api/user/profile",
        {"bio": "x"},
        format="json",
        HTTP_REFERER="http://127.0.0.1:8000/settings/",
    )
    assert ok.status_code == 200
    assert client.get("/api/user/profile").status_code == 200  # safe methods need none


def test_logout_clears_cookies_and_blacklists_the_refresh_token(web, creator):
    log_in(web, creator, "creator")
    old_refresh = web.cookies[settings.AUTH_REFRESH_COOKIE].value
    old_access = web.cookies[settings.AUTH_ACCESS_COOKIE].value
    response = web.post("/api/auth/sign-out")
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert response.cookies[settings.AUTH_ACCESS_COOKIE].value == ""
    assert web.get("/api/auth/session").status_code == 401
    reuse = browser_client()
    reuse.cookies[settings.AUTH_REFRESH_COOKIE] = old_refresh
    assert reuse.get("/api/auth/session").status_code == 401
    bearer = browser_client()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {old_access}")
    assert bearer.get("/api/auth/session").status_code == 401


def test_logout_alias_works(web, creator):
    log_in(web, creator, "creator")
    assert web.post("/api/auth/logout").status_code == 200
    assert web.get("/api/auth/session").status_code == 401
