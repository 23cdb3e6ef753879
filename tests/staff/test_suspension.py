"""Suspension and bans (AD2): every session and socket of the user ends at once, logins are
refused with the reason until the end date, restore lets them back in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from accounts import services as account_services
from accounts.models import UserSession
from analytics.models import AuditLog
from pitchey.asgi import application
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory
from tests.messaging.test_socket_revocation import HEADERS, _closed, _socket
from tests.staff.conftest import client_for, make_staff

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _login_and_ticket(user):
    client = browser_client()
    log_in(client, user)
    return client, client.get("/api/ws/token").json()["token"]


def _suspend(user):
    moderator = make_staff("moderator")
    until = (timezone.now() + timedelta(days=2)).isoformat()
    response = client_for(moderator).post(
        f"/api/admin/user/{user.pk}/suspend",
        {"reason": "Spamming investors", "until": until},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["user"]["status"] == "suspended"


async def test_suspension_ends_sessions_and_sockets_within_five_seconds():
    member = await sync_to_async(UserFactory)(user_type="investor")
    client, token = await sync_to_async(_login_and_ticket)(member)
    communicator = await _socket(token)
    await sync_to_async(_suspend)(member)
    assert await _closed(communicator) == 4401
    assert not await sync_to_async(
        UserSession.objects.filter(user=member, revoked_at__isnull=True).exists
    )()
    again = WebsocketCommunicator(application, f"/ws?token={token}", headers=HEADERS)
    connected, _ = await again.connect(timeout=5)
    assert not connected
    session = await sync_to_async(client.get)("/api/auth/session")
    assert session.status_code == 401


def test_a_suspended_user_is_told_why_on_login_until_restored():
    member = UserFactory(user_type="creator")
    _suspend(member)
    response = browser_client().post(
        "/api/auth/sign-in", {"email": member.email, "password": "Demo123"}, format="json"
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "ACCOUNT_SUSPENDED"
    assert "Spamming investors" in error["message"]
    assert error["details"]["until"]
    wrong = browser_client().post(
        "/api/auth/sign-in", {"email": member.email, "password": "wrong"}, format="json"
    )
    assert wrong.status_code == 401  # the reason is shown to the password holder only
    restored = client_for(make_staff("moderator")).post(
        f"/api/admin/user/{member.pk}/restore", {"reason": "Appeal"}, format="json"
    )
    assert restored.json()["user"]["status"] == "active"
    log_in(browser_client(), member)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"accounts.user.suspended", "accounts.user.restored"} <= actions


def test_a_suspension_ends_by_itself(time_machine):
    member = UserFactory(user_type="creator")
    account_services.suspend_user(
        user=member,
        actor=make_staff("moderator"),
        until=timezone.now() + timedelta(hours=1),
        reason="Cool off",
    )
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    log_in(browser_client(), member)


def test_ban_needs_a_reason_and_a_recent_login(time_machine):
    member = UserFactory(user_type="creator")
    api = client_for(make_staff("moderator"))
    time_machine.move_to(timezone.now() + timedelta(minutes=20))  # the login is stale
    assert api.post(f"/api/admin/user/{member.pk}/ban", {}, format="json").status_code == 400
    stale = api.post(f"/api/admin/user/{member.pk}/ban", {"reason": "Fraud"}, format="json")
    assert stale.json()["error"]["code"] == "REAUTH_REQUIRED"
    member.refresh_from_db()
    assert member.moderation_status == "active"


def test_user_list_filters_and_detail(creator, investor):
    admin = make_staff("support")
    api = client_for(admin)
    account_services.ban_user(user=investor, actor=make_staff("admin"), reason="Fraud")
    banned = api.get("/api/admin/users?status=banned").json()
    assert [u["id"] for u in banned["users"]] == [investor.pk]
    assert banned["users"][0]["status"] == "banned"
    creators = api.get("/api/admin/users?userType=creator").json()["users"]
    assert [u["email"] for u in creators] == [creator.email]
    ordered = api.get(
        "/api/admin/users?userType=creator&sortBy=email&sortOrder=asc&joinedFrom=2000-01-01"
    )
    assert [u["id"] for u in ordered.json()["users"]] == [creator.pk]
    assert api.get("/api/admin/users?joinedFrom=2999-01-01").json()["users"] == []
    assert api.get("/api/admin/users?sortBy=shoeSize").status_code == 400
    bad = api.get("/api/admin/users?status=odd")
    assert bad.status_code == 400
    assert "status" in bad.json()["error"]["details"]
    detail = api.get(f"/api/admin/user/{investor.pk}").json()
    assert detail["user"]["credits"] == 1000
    assert "accounts.user.banned" in [a["action"] for a in detail["activity"]]
    assert api.get("/api/admin/user/999999").status_code == 404
