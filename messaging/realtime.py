"""Pushes to WebSocket groups. Call them through `transaction.on_commit` so a rollback sends
nothing.

Groups: `user.<id>` (every tab of one user), `conversation.<id>` (viewers of a thread),
`pitch.<id>` (the owner's live pitch view), `comments.<id>` (readers of a pitch's comments),
`presence`. Events are `{type, data}` envelopes of ids plus display fields; details are fetched
over REST, where the access checks apply.

Sync callers (views, Celery, commands) hand Redis pushes to one long-lived event loop per process,
so the channel layer's connections are reused instead of opened per push, and a batch of pushes
goes out concurrently. The in-memory layer (development) keeps `async_to_sync`, which runs on the
server's own loop where its queues live.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Coroutine, Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from pitchey import runtime

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_runner: tuple[int, asyncio.AbstractEventLoop] | None = None
PUSH_TIMEOUT_SECONDS = 30
MAX_CONCURRENT_SENDS = 32


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def conversation_group(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


def pitch_group(pitch_id: int) -> str:
    return f"pitch.{pitch_id}"


def comments_group(pitch_id: int) -> str:
    """Everyone reading a pitch's comment thread (anyone who may open the pitch)."""
    return f"comments.{pitch_id}"


def session_group(session_id: int) -> str:
    return f"session.{session_id}"


def enabled() -> bool:
    """Whether live updates are on (the `real_time_updates` switch). While off, sockets are
    refused and pushes are dropped; notifications are still stored, so polling shows them."""
    return runtime.feature_enabled("real_time_updates")


def _push_loop() -> asyncio.AbstractEventLoop:
    global _runner
    with _lock:
        if _runner is None or _runner[0] != os.getpid():  # a forked worker starts its own
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="realtime-push", daemon=True).start()
            _runner = (os.getpid(), loop)
        return _runner[1]


def _run(layer: Any, send_all: Callable[[], Coroutine[Any, Any, None]]) -> None:
    if isinstance(layer, InMemoryChannelLayer):
        async_to_sync(send_all)()
    else:
        future = asyncio.run_coroutine_threadsafe(send_all(), _push_loop())
        future.result(timeout=PUSH_TIMEOUT_SECONDS)


def send_many(items: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Send `(group, event_type, data)` events; failures are logged, never raised (best effort:
    the rows are committed and recoverable through REST polling)."""
    layer = get_channel_layer()
    if layer is None or not items or not enabled():
        return

    async def send_all() -> None:
        # Bounded: the Redis core layer caps its connection pool per event loop.
        gate = asyncio.Semaphore(MAX_CONCURRENT_SENDS)

        async def send(group: str, event: str, data: dict[str, Any]) -> None:
            async with gate:
                await layer.group_send(group, {"type": "push", "event": event, "data": data})

        results = await asyncio.gather(
            *(send(group, event, data) for group, event, data in items), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                logger.warning("push failed: %r", result)

    try:
        _run(layer, send_all)
    except Exception:
        logger.exception("pushing %d events failed", len(items))


def push_to_group(group: str, event_type: str, data: dict[str, Any]) -> None:
    """Send one event to every socket in `group`."""
    send_many([(group, event_type, data)])


def push_to_user(user_id: int, event_type: str, data: dict[str, Any]) -> None:
    """Send one event to every open tab of one user."""
    send_many([(user_group(user_id), event_type, data)])


def push_to_users(user_ids: Iterable[int], event_type: str, data: dict[str, Any]) -> None:
    send_many([(user_group(uid), event_type, data) for uid in user_ids])


def close_sockets(*, user_id: int | None = None, session_id: int | None = None) -> None:
    """Close, on every server process, the sockets of one login session or of every session of
    a user (logout, logout everywhere, password change, deactivation, revoked tokens)."""
    layer = get_channel_layer()
    if layer is None:
        return
    groups = [session_group(session_id)] if session_id is not None else []
    if user_id is not None:
        groups.append(user_group(user_id))

    async def send_all() -> None:
        for group in groups:
            await layer.group_send(group, {"type": "session.revoked"})

    try:
        _run(layer, send_all)
    except Exception:
        logger.exception("closing the sockets of user %s / session %s failed", user_id, session_id)
