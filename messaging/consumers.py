"""The WebSocket endpoint `/ws`: envelope `{type, data, timestamp, id}`, one user group per user.

The consumer holds no business rules: it checks membership through scoped queries and calls the
same services as the REST API. Protocol: reference/original-pitchey.md section 3.7.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import timezone

from messaging import policy, presence, realtime, services
from messaging.models import Conversation, Notification
from pitchey import runtime
from pitchey.api import camelize
from pitchey.errors import DomainError

# At most RATE_LIMIT frames per RATE_WINDOW seconds per connection; twice that closes it.
RATE_LIMIT = 60
RATE_WINDOW = 10.0
CLOSE_UNAUTHENTICATED = 4401
# Defence in depth behind the revocation push: an inbound frame re-checks the session this often.
RECHECK_SECONDS = 5.0
CLOSE_TOO_MANY = 4429
CLOSE_TOO_BIG = 1009
# Staff switched live updates off (`real_time_updates`): the SPA falls back to polling.
CLOSE_REALTIME_OFF = 4503
REALTIME_OFF_REASON = "Live updates are paused; polling instead."


def envelope(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": kind,
        "data": data,
        "timestamp": timezone.now().isoformat().replace("+00:00", "Z"),
        "id": uuid.uuid4().hex,
    }


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _conversation_of(user: Any, conversation_id: int | None) -> Conversation | None:
    if conversation_id is None:
        return None
    return Conversation.objects.visible_to(user).filter(pk=conversation_id).first()


def _initial_data(user: Any) -> dict[str, Any]:
    rows = list(Notification.objects.for_user(user).unread()[:50])
    online = presence.visible_online(user.pk)
    return {
        "notifications": [services.notification_event(n) for n in rows],
        "unread_count": services.unread_count(user.pk),
        "presence": {str(row["user_id"]): row for row in online},
        "connected_users": len(online),
    }


def _message_fields(payload: dict[str, Any]) -> dict[str, Any]:
    """The content and attachment tokens of a client's send."""
    attachments = payload.get("attachments") or []
    return {
        "content": str(payload.get("content") or ""),
        "attachments": [str(a) for a in attachments] if isinstance(attachments, list) else [],
    }


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: set[str]
    user: Any

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or self.scope.get("token_rejected"):
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not await database_sync_to_async(realtime.enabled)():
            await self.accept()
            await self._pause_live_updates()
            return
        self.user = user
        self.session_id: int | None = self.scope.get("session_id")
        self.checked_at = time.monotonic()
        self.groups_joined = set()
        self.frames: list[float] = []
        await self._join(realtime.user_group(user.pk))
        if self.session_id is not None:
            await self._join(realtime.session_group(self.session_id))
        await self.accept()
        await database_sync_to_async(presence.connection_opened)(
            user_id=user.pk, username=user.username
        )
        await self.reply(
            "connected",
            {"session_id": self.channel_name, "user_id": user.pk, "portal_type": user.portal},
        )
        await self.reply("initial_data", await database_sync_to_async(_initial_data)(user))

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", set()):
            await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "user", None) is not None:
            await database_sync_to_async(presence.connection_closed)(
                user_id=self.user.pk, username=self.user.username
            )

    async def _join(self, group: str) -> None:
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.add(group)

    async def reply(self, kind: str, data: dict[str, Any]) -> None:
        await self.send_json(envelope(kind, camelize(data)))

    async def error(self, message: str, **extra: Any) -> None:
        await self.reply("error", {"message": message, **extra})

    # --- inbound ----------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        raw = text_data if text_data is not None else (bytes_data or b"").decode("utf-8", "replace")
        limit = settings.WEBSOCKET_MAX_FRAME_BYTES
        if len(raw.encode()) > limit:
            await self.error("Message too large", limit=limit)
            await self.close(code=CLOSE_TOO_BIG)
            return
        refusal = await self._recheck()
        if refusal == "session":
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if refusal == "realtime":
            await self._pause_live_updates()
            return
        if not self._within_rate():
            if len(self.frames) > RATE_LIMIT * 2:
                await self.close(code=CLOSE_TOO_MANY)
            else:
                await self.error("Too many messages; slow down", code="RATE_LIMIT_EXCEEDED")
            return
        try:
            content = json.loads(raw)
        except ValueError:
            await self.error("Invalid message format")
            return
        await self.receive_json(content)

    async def _recheck(self) -> str | None:
        """Every RECHECK_SECONDS: "session" when the login behind the socket ended (the auth
        middleware's check, when set), "realtime" when staff switched live updates off."""
        if time.monotonic() - self.checked_at < RECHECK_SECONDS:
            return None
        self.checked_at = time.monotonic()
        check = self.scope.get("session_alive")

        def why() -> str | None:
            if check is not None and not check():
                return "session"
            return None if realtime.enabled() else "realtime"

        return await database_sync_to_async(why)()

    async def _pause_live_updates(self) -> None:
        """Say why (an `error` envelope the client reads, then the close reason) and close."""
        notice = runtime.FEATURE_NOTICES["real_time_updates"]
        await self.reply(
            "error", {"message": notice, "code": "FEATURE_DISABLED", "fallback": "polling"}
        )
        await self.close(code=CLOSE_REALTIME_OFF, reason=REALTIME_OFF_REASON)

    def _within_rate(self) -> bool:
        now = time.monotonic()
        self.frames = [t for t in self.frames if now - t < RATE_WINDOW]
        self.frames.append(now)
        return len(self.frames) <= RATE_LIMIT

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.error("Invalid message format")
            return
        handler = self.handlers().get(content["type"])
        if handler is None:
            await self.error("Unknown message type", received=content["type"])
            return
        data = content.get("data")
        payload = data if isinstance(data, dict) else content
        try:
            await handler(payload)
        except DomainError as exc:
            await self.error(exc.message, code=exc.code, request_type=content["type"])

    def handlers(self) -> dict[str, Callable[[dict[str, Any]], Awaitable[None]]]:
        return {
            "ping": self.on_ping,
            "pong": self.on_ignore,
            "subscribe": self.on_subscribe,
            "unsubscribe": self.on_unsubscribe,
            "request_initial_data": self.on_request_initial_data,
            "notification_read": self.on_notification_read,
            "notifications_clear_all": self.on_notifications_clear_all,
            "presence_update": self.on_presence_update,
            "presence": self.on_presence_update,
            "typing": self.on_typing,
            "typing_start": self.on_typing_start,
            "typing_stop": self.on_typing_stop,
            "send_message": self.on_send_message,
            "message": self.on_legacy_message,
            "mark_read": self.on_mark_read,
            "join_conversation": self.on_join_conversation,
            "leave_conversation": self.on_leave_conversation,
            # The useWebSocket helpers send these; the original ignored them without a word.
            "pitch_view": self.on_ignore,
            "pitch_like": self.on_ignore,
            "pitch_comment": self.on_ignore,
            # trackPitchView: counts as a view of that pitch (never a forged count).
            "pitch_view_update": self.on_pitch_view,
        }

    async def on_ignore(self, payload: dict[str, Any]) -> None:
        return None

    async def on_pitch_view(self, payload: dict[str, Any]) -> None:
        """The SPA's trackPitchView: a view of the pitch through the same service as a page
        read; the owner gets `pitch_view_update` with the real count. A pitch the sender may
        not see (or none) is ignored without a word, like a repeat view the same day."""
        pitch_id = _int(payload.get("pitch_id") or payload.get("pitchId"))
        if pitch_id is not None:
            await database_sync_to_async(policy.count_pitch_view)(self.user, pitch_id)

    async def on_ping(self, payload: dict[str, Any]) -> None:
        await database_sync_to_async(presence.touch)(self.user.pk)
        await self.reply("pong", {"timestamp": payload.get("timestamp")})

    # subscriptions: only to channels the user may read

    async def on_subscribe(self, payload: dict[str, Any]) -> None:
        granted, denied = [], []
        for channel in _channel_names(payload):
            group = await database_sync_to_async(self._group_for)(channel)
            if group is None:
                denied.append(channel)
                continue
            if group != "-":
                await self._join(group)
            granted.append(channel)
        await self.reply("subscribed", {"channels": granted, "denied": denied})
        if denied:
            await self.error("Subscription refused", code="FORBIDDEN", channels=denied)

    async def on_unsubscribe(self, payload: dict[str, Any]) -> None:
        left = []
        for channel in _channel_names(payload):
            group = _normalise(channel)
            if group and group in self.groups_joined and group != realtime.user_group(self.user.pk):
                await self.channel_layer.group_discard(group, self.channel_name)
                self.groups_joined.discard(group)
            left.append(channel)
        await self.reply("unsubscribed", {"channels": left})

    def _group_for(self, channel: str) -> str | None:
        """The group a channel name maps to when the user may read it ("-": nothing to join)."""
        group = _normalise(channel)
        if group is None:
            return None
        kind, _, ident = group.partition(".")
        if kind == "presence":
            return "-"  # presence reaches permitted viewers through their user group
        number = _int(ident)
        if kind == "user":
            return "-" if number == self.user.pk else None
        if kind == "conversation":
            return group if _conversation_of(self.user, number) else None
        if kind == "pitch" and number is not None:
            return group if policy.can_subscribe_pitch(self.user, number) else None
        if kind == "comments" and number is not None:
            return group if policy.can_see_pitch(self.user, number) else None
        return None

    # notifications

    async def on_request_initial_data(self, payload: dict[str, Any]) -> None:
        await self.reply("initial_data", await database_sync_to_async(_initial_data)(self.user))

    async def on_notification_read(self, payload: dict[str, Any]) -> None:
        notification_id = _int(payload.get("notification_id") or payload.get("notificationId"))
        if notification_id is None:
            raise DomainError("notificationId is required.", code="VALIDATION_ERROR")
        await database_sync_to_async(services.mark_notifications_read)(
            user=self.user, ids=[notification_id]
        )
        count = await database_sync_to_async(services.unread_count)(self.user.pk)
        await self.reply(
            "notification_read_ack", {"notification_id": notification_id, "unread_count": count}
        )

    async def on_notifications_clear_all(self, payload: dict[str, Any]) -> None:
        await database_sync_to_async(services.mark_notifications_read)(user=self.user)
        await self.reply("notifications_cleared", {})

    # presence

    async def on_presence_update(self, payload: dict[str, Any]) -> None:
        status = payload.get("status")
        if status not in presence.STATUSES:
            raise DomainError("Unknown presence status.", code="VALIDATION_ERROR")
        activity = str(payload.get("activity") or "")[:100]
        await database_sync_to_async(presence.set_presence)(
            user_id=self.user.pk, username=self.user.username, status=status, activity=activity
        )

    # conversations

    async def _relay_typing(self, payload: dict[str, Any], is_typing: bool) -> None:
        conversation_id = _int(payload.get("conversation_id") or payload.get("conversationId"))

        def members() -> tuple[Conversation | None, list[int]]:
            conversation = _conversation_of(self.user, conversation_id)
            return conversation, services.participant_ids(conversation) if conversation else []

        conversation, member_ids = await database_sync_to_async(members)()
        if conversation is None:
            raise DomainError("Conversation not found.", code="NOT_FOUND")
        data = {
            "user_id": self.user.pk,
            "username": self.user.username,
            "name": self.user.display_name,
            "conversation_id": conversation.pk,
            "is_typing": is_typing,
        }
        # To each other member's own group: the SPA never subscribes to a conversation channel,
        # and whoever has the conversation open (or not) learns the other side is typing.
        for member_id in member_ids:
            if member_id != self.user.pk:
                await self.channel_layer.group_send(
                    realtime.user_group(member_id),
                    {"type": "push", "event": "typing", "data": data},
                )

    async def on_typing(self, payload: dict[str, Any]) -> None:
        await self._relay_typing(
            payload, bool(payload.get("is_typing", payload.get("isTyping", True)))
        )

    async def on_typing_start(self, payload: dict[str, Any]) -> None:
        await self._relay_typing(payload, True)

    async def on_typing_stop(self, payload: dict[str, Any]) -> None:
        await self._relay_typing(payload, False)

    async def on_join_conversation(self, payload: dict[str, Any]) -> None:
        """The Messages page opens a conversation: its new messages reach this socket too."""
        conversation_id = _int(payload.get("conversation_id") or payload.get("conversationId"))
        conversation = await database_sync_to_async(_conversation_of)(self.user, conversation_id)
        if conversation is None:
            raise DomainError("Conversation not found.", code="NOT_FOUND")
        await self._join(realtime.conversation_group(conversation.pk))
        await self.reply("conversation_joined", {"conversation_id": conversation.pk})

    async def on_leave_conversation(self, payload: dict[str, Any]) -> None:
        conversation_id = _int(payload.get("conversation_id") or payload.get("conversationId"))
        group = realtime.conversation_group(conversation_id) if conversation_id else None
        if group and group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
            self.groups_joined.discard(group)
        await self.reply("conversation_left", {"conversation_id": conversation_id})

    async def on_send_message(self, payload: dict[str, Any]) -> None:
        conversation_id = _int(payload.get("conversation_id") or payload.get("conversationId"))
        temp_id = payload.get("temp_id") or payload.get("tempId")
        sent = await database_sync_to_async(self._send)(conversation_id, payload)
        await self.reply("message_sent", {"temp_id": temp_id, "message": sent})

    def _send(self, conversation_id: int | None, payload: dict[str, Any]) -> dict[str, Any]:
        conversation = _conversation_of(self.user, conversation_id)
        if conversation is None:
            raise DomainError("Conversation not found.", code="NOT_FOUND")
        message = services.send_message(
            sender=self.user, conversation=conversation, **_message_fields(payload)
        )
        return services.message_event(message, self.user.display_name)

    async def on_legacy_message(self, payload: dict[str, Any]) -> None:
        target = _int(payload.get("target_user_id") or payload.get("targetUserId"))
        if target is None:
            raise DomainError("targetUserId is required.", code="VALIDATION_ERROR")
        sent = await database_sync_to_async(self._start)(target, payload)
        await self.reply("message_sent", {"message": sent})

    def _start(self, target: int, payload: dict[str, Any]) -> dict[str, Any]:
        message = services.start_conversation_with_message(
            sender=self.user, recipient_ids=[target], **_message_fields(payload)
        )
        return services.message_event(message, self.user.display_name)

    async def on_mark_read(self, payload: dict[str, Any]) -> None:
        conversation_id = _int(payload.get("conversation_id") or payload.get("conversationId"))
        up_to = _int(payload.get("message_id") or payload.get("messageId") or payload.get("upToId"))

        def mark() -> int:
            conversation = _conversation_of(self.user, conversation_id)
            if conversation is None:
                raise DomainError("Conversation not found.", code="NOT_FOUND")
            return services.mark_conversation_read(
                user=self.user, conversation=conversation, up_to_id=up_to
            )

        count = await database_sync_to_async(mark)()
        await self.reply("marked_read", {"conversation_id": conversation_id, "count": count})

    # --- outbound (group messages) ----------------------------------------------------------

    async def session_revoked(self, message: dict[str, Any]) -> None:
        """Group message from `realtime.close_sockets`: this login ended, so the socket closes."""
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def push(self, message: dict[str, Any]) -> None:
        """Group message `{type: "push", event, data}` from messaging.realtime."""
        if message.get("exclude_user") is not None and message["exclude_user"] == self.user.pk:
            return
        await self.send_json(envelope(message["event"], camelize(message.get("data", {}))))


def _channel_names(payload: dict[str, Any]) -> list[str]:
    names: list[Any] = []
    if isinstance(payload.get("channels"), list):
        names.extend(payload["channels"])
    names.extend(payload[key] for key in ("channel_id", "channelId", "channel") if payload.get(key))
    return [str(n)[:100] for n in names][:20]


def _normalise(channel: str) -> str | None:
    """Map the SPA's channel names (`user_<id>_notifications`, `conversation:<id>`) to groups."""
    name = channel.strip().lower()
    if name in ("presence", "presence_updates"):
        return "presence"
    for sep in (".", ":", "_"):
        kind, found, rest = name.partition(sep)
        if found and kind in ("user", "conversation", "pitch", "comments"):
            ident = rest.split("_", 1)[0]
            return f"{kind}.{ident}" if ident.isdigit() else None
    return None
