import base64
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts import services
from accounts.models import UserSession
from tests.accounts.conftest import browser_client, log_in

pytestmark = pytest.mark.django_db

ACCESS = settings.AUTH_ACCESS_COOKIE
REFRESH = settings.AUTH_REFRESH_COOKIE


def _bearer(token: str):
    client = browser_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_an_expired_access_cookie_is_renewed_inside_the_request(web, creator, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    log_in(web, creator, "creator")
    old_access, old_refresh = web.cookies[ACCESS].value, web.cookies[REFRESH].value
    time_machine.shift(settings.ACCESS_TOKEN_LIFETIME + timedelta(seconds=5))
    assert _bearer(old_access).get("/api/auth/session").status_code == 401
    response = web.get("/api/auth/session")
    assert response.status_code == 200
    assert response.cookies[ACCESS].value not in ("", old_access)
    assert response.cookies[REFRESH].value not in ("", old_refresh)
    assert web.get("/api/auth/session").status_code == 200


def test_a_reused_refresh_token_is_rejected(web, creator):
    log_in(web, creator, "creator")
    refresh = web.cookies[REFRESH].value
    first = browser_client()
    first.cookies[REFRESH] = refresh
    assert first.post("/api/auth/session/refresh").status_code == 200
    second = browser_client()
    second.cookies[REFRESH] = refresh
    assert second.get("/api/auth/session").status_code == 401
    assert second.post("/api/auth/session/refresh").status_code == 401


def test_refresh_in_the_body_for_non_browser_clients(web, creator):
    log_in(web, creator, "creator")
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/auth/refresh", {"refresh": web.cookies[REFRESH].value}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["data"]["refresh"]
    assert _bearer(response.json()["token"]).get("/api/auth/session").status_code == 200


def test_a_refresh_token_is_not_an_access_token(web, creator):
    log_in(web, creator, "creator")
    assert _bearer(web.cookies[REFRESH].value).get("/api/auth/session").status_code == 401


def test_tampered_tokens_are_rejected(web, creator, investor):
    token = log_in(web, creator, "creator").json()["token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["user_id"] = str(investor.pk)
    forged = f"{header}.{_b64(claims)}.{signature}"
    assert _bearer(forged).get("/api/auth/session").status_code == 401
    cookie_client = browser_client()
    cookie_client.cookies[ACCESS] = forged
    assert cookie_client.get("/api/auth/session").status_code == 401


def test_alg_none_tokens_are_rejected(web, creator):
    token = log_in(web, creator, "creator").json()["token"]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert _bearer(unsigned).get("/api/auth/session").status_code == 401


def test_expired_bearer_tokens_are_rejected(web, creator, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    token = log_in(web, creator, "creator").json()["token"]
    time_machine.shift(settings.ACCESS_TOKEN_LIFETIME + timedelta(seconds=1))
    response = _bearer(token).get("/api/auth/session")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


@pytest.mark.parametrize(
    "how", ["logout-everywhere", "password-change", "deactivation", "password-reset"]
)
def test_old_access_tokens_die_when_every_session_ends(web, creator, how):
    other_device = browser_client()
    token = log_in(other_device, creator, "creator").json()["token"]
    log_in(web, creator, "creator")
    if how == "logout-everywhere":
        assert web.post("/api/auth/logout-all").status_code == 200
    elif how == "password-change":
        response = web.post(
            "/api/auth/change-password",
            {"currentPassword": "Demo123", "newPassword": "Another-fine-passphrase-9"},
        )
        assert response.status_code == 200
        assert web.get("/api/auth/session").status_code == 200  # the caller keeps a fresh session
    elif how == "deactivation":
        services.deactivate_user(user=creator)
    else:
        from accounts.models import OneTimeToken

        raw = services.auth.issue_one_time_token(
            user=creator, purpose=OneTimeToken.Purpose.RESET_PASSWORD, lifetime=timedelta(hours=1)
        )
        services.reset_password(token=raw, new_password="Another-fine-passphrase-9")
    assert _bearer(token).get("/api/auth/session").status_code == 401
    assert other_device.get("/api/auth/session").status_code == 401


def test_sessions_are_listed_and_one_can_be_revoked(web, creator, other_creator):
    laptop = browser_client()
    log_in(laptop, creator, "creator")
    log_in(web, creator, "creator")
    sessions = web.get("/api/auth/sessions").json()["sessions"]
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    assert {"device", "ipAddress", "lastSeenAt", "createdAt"} <= set(sessions[0])
    laptop_id = next(s["id"] for s in sessions if not s["current"])
    assert web.delete(f"/api/auth/sessions/{laptop_id}").status_code == 200
    assert laptop.get("/api/auth/session").status_code == 401
    assert web.get("/api/auth/session").status_code == 200


def test_someone_elses_session_is_a_404(web, creator, other_creator):
    stranger = browser_client()
    log_in(stranger, other_creator, "creator")
    theirs = UserSession.objects.get(user=other_creator)
    log_in(web, creator, "creator")
    assert web.delete(f"/api/auth/sessions/{theirs.pk}").status_code == 404
    assert stranger.get("/api/auth/session").status_code == 200


def test_ws_token_is_issued_to_logged_in_users(web, creator):
    assert web.get("/api/ws/token").status_code == 401
    log_in(web, creator, "creator")
    from accounts.ws_tokens import redeem_ws_ticket

    token = web.get("/api/ws/token").json()["token"]
    ticket = redeem_ws_ticket(token)
    assert ticket is not None
    assert ticket.user == creator
    assert ticket.session_id == UserSession.objects.get(user=creator).pk
    assert redeem_ws_ticket(token) is None


def test_page_and_api_logins_are_one(web, creator):
    log_in(web, creator, "creator")
    page = web.get("/settings/")
    assert page.status_code == 200
    assert creator.username.encode() in page.content


def test_a_token_checked_once_is_still_refused_when_it_expires(web, creator, time_machine):
    """A genuine token's check is kept per process; its expiry is compared every time."""
    time_machine.move_to(timezone.now(), tick=False)
    token = log_in(web, creator, "creator").json()["token"]
    assert _bearer(token).get("/api/auth/session").status_code == 200
    assert _bearer(token).get("/api/auth/session").status_code == 200
    time_machine.shift(settings.ACCESS_TOKEN_LIFETIME + timedelta(seconds=1))
    assert _bearer(token).get("/api/auth/session").status_code == 401
    # And a kept check never covers a session that has ended since.
    time_machine.shift(-settings.ACCESS_TOKEN_LIFETIME)
    assert _bearer(token).get("/api/auth/session").status_code == 200
    UserSession.objects.update(revoked_at=timezone.now())
    assert _bearer(token).get("/api/auth/session").status_code == 401
