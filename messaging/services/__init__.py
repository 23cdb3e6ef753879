"""Every state change of messaging: conversations, messages and read receipts here,
notifications in `messaging.services.notifications` (re-exported below).

Each pushes its real-time event and enqueues its email on commit, so a rollback sends nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

import nh3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

import billing
from analytics import record_activity, track, track_many
from messaging import policy, realtime
from messaging.kinds import NotificationKind
from messaging.models import (
    Conversation,
    ConversationParticipant,
    Message,
    MessageReadReceipt,
    Notification,
)
from messaging.services.common import iso
from pitchey import runtime
from pitchey.errors import DomainError, NotAllowed, NotFoundError
from pitchey.ratelimit import hit_rate_limit, parse_rate
from pitchey.uploads import store_upload

if TYPE_CHECKING:
    from accounts.models import User

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ATTACHMENT_SALT = "pitchey.message-attachment"
MAX_GROUP_SIZE = 50
MAX_ATTACHMENTS = 5


class RateLimited(DomainError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


def clean_text(raw: str, *, max_length: int = Message.MAX_LENGTH) -> str:
    """Plain text without markup or control characters; raises when empty or too long."""
    text = html.unescape(nh3.clean(raw, tags=set()))
    text = _CONTROL_RE.sub("", text).strip()
    if not text:
        raise DomainError("A message cannot be empty.", details={"content": ["Required."]})
    if len(text) > max_length:
        raise DomainError(
            f"A message has at most {max_length} characters.",
            details={"content": [f"Ensure this field has no more than {max_length} characters."]},
        )
    return text


# --- conversations ------------------------------------------------------------------------------


def _active_users(user_ids: Sequence[int]) -> list[User]:
    user_model = get_user_model()
    users = list(user_model.objects.active().filter(pk__in=set(user_ids)))
    if len(users) != len(set(user_ids)):
        raise NotFoundError("Recipient not found.")
    return users  # type: ignore[return-value]


def _refuse_if_blocked(user_id: int, other_ids: Sequence[int]) -> None:
    for other in other_ids:
        if other != user_id and policy.is_blocked(user_id, other):
            raise NotAllowed("You cannot message this user.", code="USER_BLOCKED")


def _check_pitch_visible(user: User, pitch_id: int) -> None:
    """A conversation may only be about a pitch its starter can see (404 otherwise)."""
    if not policy.can_see_pitch(user, pitch_id):
        raise NotFoundError("Pitch not found.")


@transaction.atomic
def start_conversation(
    *,
    creator: User,
    recipient_ids: Sequence[int],
    pitch_id: int | None = None,
    title: str = "",
) -> Conversation:
    """A conversation between the creator and the recipients; a one-to-one one is reused."""
    others = sorted({int(r) for r in recipient_ids} - {creator.pk})
    if not others:
        raise DomainError("Choose someone to message.", details={"recipient_id": ["Required."]})
    if len(others) >= MAX_GROUP_SIZE:
        raise DomainError(f"A group has at most {MAX_GROUP_SIZE} members.")
    _active_users(others)
    _refuse_if_blocked(creator.pk, others)
    if pitch_id is not None:
        _check_pitch_visible(creator, pitch_id)
    if len(others) == 1:
        about = Q(pitch_id=pitch_id) if pitch_id is not None else Q(pitch__isnull=True)
        existing = (
            Conversation.objects.visible_to(creator)
            .filter(about, is_group=False, participants__user_id=others[0])
            .first()
        )
        if existing is not None:
            return existing
    conversation = Conversation.objects.create(
        title=title[:200], is_group=len(others) > 1, pitch_id=pitch_id, created_by=creator
    )
    ConversationParticipant.objects.bulk_create(
        ConversationParticipant(conversation=conversation, user_id=uid)
        for uid in [creator.pk, *others]
    )
    return conversation


def participant_ids(conversation: Conversation) -> list[int]:
    return list(
        conversation.participants.filter(left_at__isnull=True).values_list("user_id", flat=True)
    )


def _membership(user: User, conversation: Conversation) -> ConversationParticipant:
    member = conversation.participants.filter(user_id=user.pk, left_at__isnull=True).first()
    if member is None:
        raise NotFoundError("Conversation not found.")
    return member


def _check_message_rate(user: User) -> None:
    limit, window = parse_rate(getattr(settings, "MESSAGE_RATE_LIMIT", "30/minute"))
    allowed, _, reset = hit_rate_limit(f"messages:u{user.pk}", limit, window)
    if not allowed:
        raise RateLimited(
            f"You are sending messages too quickly; try again in {reset} seconds.",
            details={"retry_after": reset},
        )


def upload_attachment(*, user: User, fileobj: IO[bytes], name: str, size: int) -> dict[str, Any]:
    """Check, scan and store a message attachment; returns its token, which only `user` can
    attach."""
    stored = store_upload(
        fileobj=fileobj, name=name, size=size, kind="attachment", folder="messages"
    )
    token = attachment_token(
        user=user, key=stored.key, name=stored.name, size=size, content_type=stored.content_type
    )
    return {"token": token, "name": stored.name, "size": size, "content_type": stored.content_type}


def attachment_token(*, user: User, key: str, name: str, size: int, content_type: str) -> str:
    """A signed reference to an uploaded file that only its uploader can attach."""
    payload = {"uid": user.pk, "key": key, "name": name, "size": size, "content_type": content_type}
    return signing.dumps(payload, salt=_ATTACHMENT_SALT)


def _resolve_attachments(user: User, tokens: Sequence[str]) -> list[dict[str, Any]]:
    if len(tokens) > MAX_ATTACHMENTS:
        raise DomainError(f"At most {MAX_ATTACHMENTS} attachments per message.")
    files = []
    for token in tokens:
        try:
            payload = signing.loads(token, salt=_ATTACHMENT_SALT, max_age=24 * 3600)
        except signing.BadSignature:
            raise DomainError(
                "An attachment is invalid or expired.", details={"attachments": ["Invalid."]}
            ) from None
        if payload.get("uid") != user.pk:
            raise DomainError("An attachment is invalid.", details={"attachments": ["Invalid."]})
        files.append({k: payload[k] for k in ("key", "name", "size", "content_type")})
    return files


def message_event(message: Message, sender_name: str) -> dict[str, Any]:
    """The `chat_message` payload: ids plus display fields, content cut to 200 characters."""
    return {
        "id": message.pk,
        "message_id": message.pk,
        "conversation_id": message.conversation_id,
        "sender_id": message.sender_id,
        "sender_name": sender_name,
        "content": message.content[:200],
        "has_attachments": bool(message.attachments),
        "timestamp": iso(message.created_at),
    }


@transaction.atomic
def send_message(
    *,
    sender: User,
    conversation: Conversation,
    content: str,
    attachments: Sequence[str] = (),
) -> Message:
    """Store a message from a participant and push it to every participant's open tabs."""
    runtime.require_feature("messaging", "Messaging")
    member = _membership(sender, conversation)
    others = [uid for uid in participant_ids(conversation) if uid != sender.pk]
    _refuse_if_blocked(sender.pk, others)
    text = clean_text(content)
    files = _resolve_attachments(sender, attachments)
    _check_message_rate(sender)
    message = Message.objects.create(
        conversation=conversation, sender=sender, content=text, attachments=files
    )
    billing.spend(user=sender, action="send_message", subject=message)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    member.last_read_message_id = message.pk
    member.save(update_fields=["last_read_message_id"])
    track(
        "message_sent",
        user_id=sender.pk,
        pitch_id=conversation.pitch_id,
        data={"conversationId": conversation.pk, "recipients": len(others)},
    )
    event = message_event(message, sender.display_name)
    everyone = [sender.pk, *others]
    transaction.on_commit(lambda: realtime.push_to_users(everyone, "chat_message", event))
    for uid in others:
        _notify_new_message(uid, conversation, sender, message)
    return message


@transaction.atomic
def start_conversation_with_message(
    *,
    sender: User,
    recipient_ids: Sequence[int],
    content: str,
    pitch_id: int | None = None,
    title: str = "",
    attachments: Sequence[str] = (),
) -> Message:
    """Start (or reuse) a conversation and send its first message as one change: a refused
    message leaves no empty conversation behind."""
    conversation = start_conversation(
        creator=sender, recipient_ids=recipient_ids, pitch_id=pitch_id, title=title
    )
    return send_message(
        sender=sender, conversation=conversation, content=content, attachments=attachments
    )


def _notify_new_message(
    user_id: int, conversation: Conversation, sender: User, message: Message
) -> None:
    """One unread "message" notification per conversation, not one per message."""
    pending = Notification.objects.filter(
        user_id=user_id, kind="message", read_at__isnull=True, data__conversation_id=conversation.pk
    )
    if pending.exists():
        return
    notify(
        recipient=user_id,
        kind=NotificationKind.MESSAGE,
        title=f"New message from {sender.display_name}",
        body=message.content[:200],
        link=f"/messages/{conversation.pk}/",
        data={"conversation_id": conversation.pk, "sender_id": sender.pk},
    )


@transaction.atomic
def mark_conversation_read(
    *, user: User, conversation: Conversation, up_to_id: int | None = None
) -> int:
    """Mark messages read up to `up_to_id` (default: the latest); returns receipts written."""
    member = _membership(user, conversation)
    member = ConversationParticipant.objects.select_for_update().get(pk=member.pk)
    latest = conversation.messages.aggregate(top=Max("id"))["top"] or 0
    target = min(up_to_id or latest, latest)
    if target <= member.last_read_message_id:
        return 0
    unread = conversation.messages.filter(
        id__gt=member.last_read_message_id, id__lte=target, deleted_at__isnull=True
    ).exclude(sender_id=user.pk)
    now = timezone.now()
    receipts = [
        MessageReadReceipt(message_id=mid, user=user, read_at=now)
        for mid in unread.values_list("id", flat=True)
    ]
    MessageReadReceipt.objects.bulk_create(receipts, ignore_conflicts=True)
    track_many(
        [
            {
                "event_type": "message_read",
                "user_id": user.pk,
                "pitch_id": conversation.pitch_id,
                "data": {"conversationId": conversation.pk, "messageId": receipt.message_id},
            }
            for receipt in receipts
        ]
    )
    member.last_read_message_id = target
    member.save(update_fields=["last_read_message_id"])
    Notification.objects.filter(
        user_id=user.pk, kind="message", read_at__isnull=True, data__conversation_id=conversation.pk
    ).update(read_at=now)
    event = {
        "conversation_id": conversation.pk,
        "user_id": user.pk,
        "last_read_message_id": target,
        "message_ids": [r.message_id for r in receipts],
        "read_at": iso(now),
    }
    everyone = participant_ids(conversation)
    transaction.on_commit(lambda: realtime.push_to_users(everyone, "message_read", event))
    return len(receipts)


@transaction.atomic
def edit_message(*, user: User, message: Message, content: str) -> Message:
    """Only the sender edits, and never a deleted message."""
    if message.sender_id != user.pk:
        raise NotAllowed("You can only edit your own messages.")
    if message.is_deleted:
        raise DomainError("This message was deleted.")
    message.content = clean_text(content)
    message.edited_at = timezone.now()
    message.save(update_fields=["content", "edited_at"])
    event = {**message_event(message, user.display_name), "edited_at": iso(message.edited_at)}
    everyone = participant_ids(message.conversation)
    transaction.on_commit(lambda: realtime.push_to_users(everyone, "message_updated", event))
    return message


@transaction.atomic
def delete_message(*, user: User, message: Message) -> None:
    """Only the sender deletes; the row stays as a tombstone so threads keep their shape."""
    if message.sender_id != user.pk:
        raise NotAllowed("You can only delete your own messages.")
    _tombstone(message)


@transaction.atomic
def remove_message(*, message: Message, actor: User, reason: str = "") -> Message:
    """A moderator takes a reported message down (idempotent): the same tombstone as a
    deletion by its sender, recorded in the audit trail with the reason."""
    if not actor.is_staff:
        raise NotAllowed("Only moderators can remove other people's messages.")
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.is_deleted:
        _tombstone(message)
        record_activity(message, "messaging.message.removed", actor=actor, data={"reason": reason})
    return message


def _tombstone(message: Message) -> None:
    if message.is_deleted:
        return
    message.content = ""
    message.attachments = []
    message.deleted_at = timezone.now()
    message.save(update_fields=["content", "attachments", "deleted_at"])
    event = {"id": message.pk, "conversation_id": message.conversation_id}
    everyone = participant_ids(message.conversation)
    transaction.on_commit(lambda: realtime.push_to_users(everyone, "message_deleted", event))


from messaging.services.notifications import (  # noqa: E402 - the package's public names
    announce_pitch_published,
    announce_pitch_view,
    delete_notification,
    mark_notifications_read,
    notification_event,
    notify,
    notify_many,
    unread_count,
    unsubscribe_from_emails,
)

__all__ = [
    "announce_pitch_published",
    "announce_pitch_view",
    "delete_notification",
    "mark_notifications_read",
    "notification_event",
    "notify",
    "notify_many",
    "unread_count",
    "unsubscribe_from_emails",
]
