"""Pushes to WebSocket groups. Call them through `transaction.on_commit` so a rollback sends nothing.

Groups: `user.<id>` (every tab of one user), `conversation.<id>` (viewers of a thread),
`pitch.<id>` (the owner's live pitch view), `presence`. Events are `{type, data}` envelopes of
ids plus display fields; details are fetched over REST, where the access checks apply.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def pitch_group(pitch_id: int) -> str:
    return f"pitch.{pitch_id}"


def push_to_group(group: str, event_type: str, data: dict[str, Any]) -> None:
    """Send one event to every socket in `group`; a broken channel layer is logged, never raised."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": "push", "event": event_type, "data": data})
    except Exception:  # a push is best effort: the row is committed and pollable
        logger.exception("push to %s failed", group)


def push_to_user(user_id: int, event_type: str, data: dict[str, Any]) -> None:
    """Send one event to every open tab of one user."""
    push_to_group(user_group(user_id), event_type, data)


def push_to_users(user_ids: Iterable[int], event_type: str, data: dict[str, Any]) -> None:
    for user_id in user_ids:
        push_to_user(user_id, event_type, data)
