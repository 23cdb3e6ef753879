"""Messaging: conversations, notifications, presence and the WebSocket. Called by every app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from messaging.kinds import NotificationKind

if TYPE_CHECKING:
    from accounts.models import User
    from messaging.models import Notification

__all__ = ["NotificationKind", "notify", "notify_many"]


def notify(
    *,
    recipient: User | int,
    kind: NotificationKind,
    title: str,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> Notification:
    """`messaging.services.notify`, importable before the app registry is ready."""
    from messaging import services

    return services.notify(
        recipient=recipient, kind=kind, title=title, body=body, link=link, data=data
    )


def notify_many(
    *,
    recipients: Sequence[User | int],
    kind: NotificationKind,
    title: str,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> list[Notification]:
    """`messaging.services.notify_many`: one notification per recipient, in bulk."""
    from messaging import services

    return services.notify_many(
        recipients=recipients, kind=kind, title=title, body=body, link=link, data=data
    )
