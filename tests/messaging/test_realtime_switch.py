"""The `real_time_updates` switch: while staff have it off, `/ws` is closed politely with a reason
the client reads, open sockets close at their next frame, and pushes are not sent; notifications
are still stored, so the SPA's polling shows them."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.ws_tokens import make_ws_token
from messaging import NotificationKind, consumers, notify
from messaging.models import Notification
from pitchey import runtime
from pitchey.asgi import application
from tests.factories import UserFactory
from tests.messaging.test_consumer import ORIGIN, open_socket, receive_type
from tests.staff.conftest import client_for, make_staff

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _switch(on: bool) -> None:
    api = client_for(make_staff("admin"))
    body = {"features": {"realTimeUpdates": on}}
    assert api.put("/api/admin/settings", body, format="json").status_code == 200


@pytest.fixture
def alice(db: Any) -> Any:
    return UserFactory(user_type="creator", username="alice")


async def _closed_with_reason(socket: WebsocketCommunicator) -> None:
    refusal = await socket.receive_json_from(timeout=3)
    assert refusal["type"] == "error"
    assert refusal["data"]["code"] == "FEATURE_DISABLED"
    assert refusal["data"]["fallback"] == "polling"
    assert refusal["data"]["message"] == runtime.FEATURE_NOTICES["real_time_updates"]
    closed = await socket.receive_output(timeout=3)
    assert closed == {
        "type": "websocket.close",
        "code": consumers.CLOSE_REALTIME_OFF,
        "reason": consumers.REALTIME_OFF_REASON,
    }
    await socket.disconnect()


async def test_switched_off_the_socket_is_closed_with_a_reason_and_on_again_it_opens(alice):
    await sync_to_async(_switch)(False)
    token = await sync_to_async(make_ws_token)(alice)
    socket = WebsocketCommunicator(
        application, f"/ws?token={token}", headers=[ORIGIN, (b"host", b"127.0.0.1")]
    )
    connected, _ = await socket.connect(timeout=5)
    assert connected  # accepted so that the reason reaches the client, then closed
    await _closed_with_reason(socket)

    await sync_to_async(_switch)(True)
    reopened = await open_socket(alice)
    assert (await reopened.receive_json_from(timeout=3))["type"] == "connected"
    await reopened.disconnect()


async def test_pushes_stop_while_off_but_notifications_are_stored(alice, monkeypatch):
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.0)
    socket = await open_socket(alice)
    await receive_type(socket, "initial_data")
    await sync_to_async(_switch)(False)

    await sync_to_async(notify)(
        recipient=alice, kind=NotificationKind.SYSTEM, title="Stored, not pushed"
    )
    assert await socket.receive_nothing(timeout=0.5)
    assert await sync_to_async(Notification.objects.filter(title="Stored, not pushed").exists)()

    # The open socket closes, with the reason, at its next frame (a heartbeat ping).
    await socket.send_json_to({"type": "ping", "timestamp": 1})
    await _closed_with_reason(socket)


def test_ws_health_reports_unavailable_with_the_reason_while_off(alice):
    api = client_for(alice)
    assert api.get("/api/ws/health").json()["websocketAvailable"] is True
    _switch(False)
    body = api.get("/api/ws/health").json()
    assert (body["websocketAvailable"], body["fallback"]) == (False, "polling")
    assert body["reason"] == runtime.FEATURE_NOTICES["real_time_updates"]
    _switch(True)
    assert api.get("/api/ws/health").json()["websocketAvailable"] is True
