"""Sockets end with their login: logout, logout everywhere, password change, deactivation and
session revocation close every socket of that session (or user) within 5 s, through the channel
layer, and its ticket cannot open another. Tickets are single use and bound to their user."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts import services
from accounts.models import UserSession
from accounts.ws_tokens import make_ws_token
from pitchey.asgi import application
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

HEADERS = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
CLOSE_WITHIN = 5.0


async def _socket(token: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws?token={token}", headers=HEADERS)
    connected, code = await communicator.connect(timeout=5)
    assert connected, code
    assert (await communicator.receive_json_from(timeout=5))["type"] == "connected"
    assert (await communicator.receive_json_from(timeout=5))["type"] == "initial_data"
    return communicator


async def _closed(communicator: WebsocketCommunicator) -> int | None:
    """The close code the socket gets within CLOSE_WITHIN seconds (None if it stays open)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CLOSE_WITHIN
    while loop.time() < deadline:
        try:
            message = await communicator.receive_output(timeout=deadline - loop.time())
        except TimeoutError:
            return None
        if message["type"] == "websocket.close":
            return message.get("code")
    return None


def _logged_in(user: Any) -> tuple[Any, str]:
    client = browser_client()
    log_in(client, user)
    return client, client.get("/api/ws/token").json()["token"]


@pytest.fixture
def member(db: Any) -> Any:
    return UserFactory(user_type="investor")


def _logout(client: Any, user: Any) -> None:
    assert client.post("/api/auth/logout").status_code == 200


def _logout_everywhere(client: Any, user: Any) -> None:
    assert client.post("/api/auth/logout-all").status_code == 200


def _change_password(client: Any, user: Any) -> None:
    response = client.post(
        "/api/auth/change-password",
        {"currentPassword": "Demo123", "newPassword": "A-much-longer-passphrase-9"},
        format="json",
    )
    assert response.status_code == 200, response.content


def _deactivate(client: Any, user: Any) -> None:
    services.deactivate_user(user=user)


def _revoke_session(client: Any, user: Any) -> None:
    session = UserSession.objects.get(user=user, revoked_at__isnull=True)
    other = browser_client()
    log_in(other, user)
    assert other.delete(f"/api/auth/sessions/{session.pk}").status_code in (200, 204)


@pytest.mark.parametrize(
    "end_it",
    [_logout, _logout_everywhere, _change_password, _deactivate, _revoke_session],
    ids=["logout", "logout-all", "password-change", "deactivation", "session-revoked"],
)
async def test_ending_a_login_closes_its_open_sockets(member, end_it: Callable[..., None]):
    client, token = await sync_to_async(_logged_in)(member)
    communicator = await _socket(token)
    await sync_to_async(end_it)(client, member)
    assert await _closed(communicator) == 4401
    again = WebsocketCommunicator(application, f"/ws?token={token}", headers=HEADERS)
    connected, _ = await again.connect(timeout=5)
    assert not connected


async def test_logging_out_one_session_leaves_the_others_open(member):
    first, first_token = await sync_to_async(_logged_in)(member)
    _, second_token = await sync_to_async(_logged_in)(member)
    ended, kept = await _socket(first_token), await _socket(second_token)
    await sync_to_async(_logout)(first, member)
    assert await _closed(ended) == 4401
    await kept.send_json_to({"type": "ping"})
    assert (await kept.receive_json_from(timeout=5))["type"] == "pong"
    await kept.disconnect()


async def test_a_ticket_opens_one_socket_only(member):
    token = await sync_to_async(make_ws_token)(member)
    first = await _socket(token)
    second = WebsocketCommunicator(application, f"/ws?token={token}", headers=HEADERS)
    connected, code = await second.connect(timeout=5)
    assert not connected
    assert code == 4401
    await first.disconnect()


async def test_a_client_cannot_forge_a_pitch_view_count(member):
    """A client's `pitch_view_update` is one view of its sender (trackPitchView), counted by the
    view service: the owner hears the real count, never the number the client sent."""
    from tests.pitches.factories import PitchFactory

    owner = await sync_to_async(UserFactory)(user_type="creator")
    pitch = await sync_to_async(PitchFactory)(owner=owner, view_count=7)
    watcher = await _socket(await sync_to_async(make_ws_token)(owner))
    forger = await _socket(await sync_to_async(make_ws_token)(member))
    for _ in range(3):
        await forger.send_json_to(
            {"type": "pitch_view_update", "data": {"pitchId": pitch.pk, "viewCount": 10**6}}
        )
    received = []
    while not await watcher.receive_nothing(timeout=1):
        received.append(await watcher.receive_json_from())
    views = [m["data"]["viewCount"] for m in received if m["type"] == "pitch_view_update"]
    assert views == [8]
    await watcher.disconnect()
    await forger.disconnect()


@pytest.mark.parametrize("path", ["/ws/investor/7", "/ws/", "/socket", "/ws/../admin"])
async def test_an_unknown_socket_path_is_refused_cleanly(member, path):
    token = await sync_to_async(make_ws_token)(member)
    communicator = WebsocketCommunicator(application, f"{path}?token={token}", headers=HEADERS)
    connected, _ = await communicator.connect(timeout=5)
    assert not connected
    await communicator.wait(timeout=5)
