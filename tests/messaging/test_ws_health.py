"""GET /api/ws/health: whether the real-time channel can be served, from a cheap channel-layer
roundtrip kept a few seconds; the SPA reads `websocketAvailable` on the raw body."""

from __future__ import annotations

import pytest
from channels.layers import InMemoryChannelLayer

from pitchey import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh() -> None:
    health.forget_channel_layer()


def test_ws_health_answers_available_when_the_channel_layer_roundtrips(api, investor):
    api.force_authenticate(investor)
    response = api.get("/api/ws/health")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["websocketAvailable"] is True
    assert body["data"]["websocketAvailable"] is True


def test_ws_health_answers_unavailable_when_the_layer_fails_and_keeps_the_answer(
    api, investor, monkeypatch
):
    calls = []

    class Broken(InMemoryChannelLayer):
        async def send(self, channel: str, message: dict) -> None:
            calls.append(channel)
            raise ConnectionError("redis is down")

    monkeypatch.setattr(health, "get_channel_layer", lambda: Broken())
    api.force_authenticate(investor)
    for _ in range(3):
        body = api.get("/api/ws/health").json()
        assert body["success"] is True
        assert body["websocketAvailable"] is False
        assert body["data"]["fallback"] == "polling"
    assert len(calls) == 1  # one roundtrip for the three questions


def test_ws_health_needs_a_login(api):
    response = api.get("/api/ws/health")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
