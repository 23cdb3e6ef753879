"""Messaging: conversations, notifications, presence and the WebSocket. Called by every app."""

from __future__ import annotations

from typing import Any


def notify(
    user: Any,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> Any:
    """`messaging.services.notify`, importable before the app registry is ready."""
    from messaging import services

    return services.notify(user, kind, title, body, link, data)
