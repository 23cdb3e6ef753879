"""3.7: the token from `GET /api/ws/token` (cookie session) opens `/ws?token=<token>`."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from rest_framework.test import APIClient

from pitchey.asgi import application

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ORIGIN = "http://127.0.0.1:8000"


async def _hello(token: str) -> dict[str, Any]:
    socket = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", ORIGIN.encode()), (b"host", b"127.0.0.1")],
    )
    connected, code = await socket.connect(timeout=5)
    assert connected, code
    try:
        message: dict[str, Any] = await socket.receive_json_from(timeout=5)
        return message
    finally:
        await socket.disconnect()


def test_the_ws_token_of_a_cookie_session_opens_the_socket(investor: Any) -> None:
    client = APIClient()
    login = client.post(
        "/api/auth/investor/login",
        {"email": investor.email, "password": settings.DEMO_PASSWORD},
        format="json",
        HTTP_ORIGIN=ORIGIN,
    )
    assert login.status_code == 200
    response = client.get("/api/ws/token")
    assert response.status_code == 200
    token = response.json()["token"]
    hello = async_to_sync(_hello)(token)
    assert hello["type"] == "connected"
    assert hello["data"]["userId"] == investor.pk
    assert hello["data"]["portalType"] == "investor"
    assert {"type", "data", "timestamp", "id"} <= set(hello)


def test_a_made_up_token_is_refused() -> None:
    async def attempt() -> bool:
        socket = WebsocketCommunicator(
            application, "/ws?token=not-a-token", headers=[(b"origin", ORIGIN.encode())]
        )
        connected, _ = await socket.connect(timeout=5)
        await socket.disconnect()
        return bool(connected)

    assert async_to_sync(attempt)() is False
