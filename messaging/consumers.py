"""The WebSocket endpoint `/ws`: envelope `{type, data, timestamp, id}`, groups per user."""

from __future__ import annotations

import uuid
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone


def envelope(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": kind,
        "data": data,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "id": uuid.uuid4().hex,
    }


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.groups_joined = [f"user.{user.pk}"]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json(
            envelope(
                "connected",
                {"sessionId": self.channel_name, "userId": user.pk, "portalType": user.portal},
            )
        )

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_json(envelope("error", {"message": "Invalid message format"}))
            return
        if content["type"] == "ping":
            await self.send_json(envelope("pong", {"timestamp": content.get("timestamp")}))

    async def push(self, message: dict[str, Any]) -> None:
        """Group message `{type: "push", event, data}` from messaging.realtime."""
        await self.send_json(envelope(message["event"], message.get("data", {})))
