"""A spent refresh token used again revokes its whole family (the successor too), and is logged."""

import logging

import pytest
from django.conf import settings

from accounts.models import UserSession
from analytics.models import AuditLog
from tests.accounts.conftest import browser_client, log_in

pytestmark = pytest.mark.django_db

ACCESS = settings.AUTH_ACCESS_COOKIE
REFRESH = settings.AUTH_REFRESH_COOKIE


def _with_cookies(**cookies: str):
    client = browser_client()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def test_reusing_a_spent_refresh_token_revokes_its_successor_too(web, creator, caplog):
    log_in(web, creator, "creator")
    stolen = web.cookies[REFRESH].value
    legit = _with_cookies(**{REFRESH: stolen})
    assert legit.post("/api/auth/session/refresh").status_code == 200
    successor_access, successor_refresh = legit.cookies[ACCESS].value, legit.cookies[REFRESH].value
    assert successor_refresh != stolen

    with caplog.at_level(logging.WARNING, logger="accounts.tokens"):
        replay = _with_cookies(**{REFRESH: stolen})
        assert replay.post("/api/auth/session/refresh").status_code == 401

    assert _with_cookies(**{ACCESS: successor_access}).get("/api/auth/session").status_code == 401
    assert _with_cookies(**{REFRESH: successor_refresh}).get("/api/auth/session").status_code == 401
    session = UserSession.objects.get(user=creator)
    assert session.revoked_at is not None
    entry = AuditLog.objects.get(action="accounts.session.refresh_reused")
    assert entry.actor_id == creator.pk
    assert any("refresh token reuse" in record.getMessage() for record in caplog.records)


def test_other_sessions_of_the_user_survive_a_reuse(web, creator):
    log_in(web, creator, "creator")
    other = browser_client()
    log_in(other, creator, "creator")
    stolen = web.cookies[REFRESH].value
    assert _with_cookies(**{REFRESH: stolen}).post("/api/auth/session/refresh").status_code == 200
    assert _with_cookies(**{REFRESH: stolen}).post("/api/auth/session/refresh").status_code == 401
    assert other.get("/api/auth/session").status_code == 200
