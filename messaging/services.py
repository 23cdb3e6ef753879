"""Every state change of messaging: conversations, messages, read receipts, notifications.

Each pushes its real-time event and enqueues its email on commit, so a rollback sends nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import partial
from typing import IO, TYPE_CHECKING, Any

import nh3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

import billing
from analytics import track, track_many
from messaging import policy, preferences, realtime, tasks
from messaging.kinds import NotificationKind
from messaging.models import (
    Conversation,
    ConversationParticipant,
    EmailDelivery,
    Message,
    MessageReadReceipt,
    Notification,
)
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


def iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


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
    """Check, scan and store a message attachment; returns its token, which only `user` can attach."""
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
    if message.is_deleted:
        return
    message.content = ""
    message.attachments = []
    message.deleted_at = timezone.now()
    message.save(update_fields=["content", "attachments", "deleted_at"])
    event = {"id": message.pk, "conversation_id": message.conversation_id}
    everyone = participant_ids(message.conversation)
    transaction.on_commit(lambda: realtime.push_to_users(everyone, "message_deleted", event))


# --- notifications ------------------------------------------------------------------------------


def notification_event(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "type": notification.kind,
        "kind": notification.kind,
        "title": notification.title,
        "message": notification.body,
        "link": notification.link,
        "data": notification.data,
        "read": notification.is_read,
        "created_at": iso(notification.created_at),
    }


def unread_count(user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def _push_notification(notification: Notification) -> None:
    payload = {
        **notification_event(notification),
        "unread_count": unread_count(notification.user_id),
    }
    realtime.push_to_user(notification.user_id, "notification", payload)


@transaction.atomic
def notify(
    *,
    recipient: User | int,
    kind: NotificationKind,
    title: str,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> Notification:
    """The one way to notify a user: store it, push it after commit, email it per preferences."""
    kind = NotificationKind(kind)
    user = (
        recipient if not isinstance(recipient, int) else get_user_model().objects.get(pk=recipient)
    )
    notification = Notification.objects.create(
        user_id=user.pk, kind=kind, title=title[:200], body=body, link=link[:500], data=data or {}
    )
    transaction.on_commit(lambda: _push_notification(notification))
    wants_instant = getattr(user, "notification_frequency", "instant") == "instant"
    if wants_instant and preferences.wants_email(user, kind):
        delivery = EmailDelivery.objects.create(
            user_id=user.pk, kind=EmailDelivery.Kind.INSTANT, notification=notification
        )
        transaction.on_commit(lambda: tasks.deliver_email.delay(delivery.pk))
    return notification


@transaction.atomic
def notify_many(
    *,
    recipients: Sequence[User | int],
    kind: NotificationKind,
    title: str,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> list[Notification]:
    """`notify` for many recipients at once (a fan-out such as followers): same rows, pushes
    and emails, in a constant number of queries."""
    kind = NotificationKind(kind)
    ids = {u if isinstance(u, int) else u.pk for u in recipients}
    people = list(
        get_user_model()
        .objects.filter(pk__in=ids)
        .only("id", "email_notifications", "notification_frequency", "notification_preferences")
    )
    rows = Notification.objects.bulk_create(
        Notification(
            user_id=p.pk, kind=kind, title=title[:200], body=body, link=link[:500], data=data or {}
        )
        for p in people
    )
    wants_email = {
        p.pk
        for p in people
        if getattr(p, "notification_frequency", "instant") == "instant"
        and preferences.wants_email(p, kind)
    }
    deliveries = EmailDelivery.objects.bulk_create(
        EmailDelivery(user_id=n.user_id, kind=EmailDelivery.Kind.INSTANT, notification=n)
        for n in rows
        if n.user_id in wants_email
    )
    transaction.on_commit(lambda: _push_notifications(rows))
    for delivery in deliveries:
        transaction.on_commit(partial(tasks.deliver_email.delay, delivery.pk))
    return rows


def _push_notifications(rows: list[Notification]) -> None:
    counts = dict(
        Notification.objects.filter(user_id__in={n.user_id for n in rows}, read_at__isnull=True)
        .values("user_id")
        .annotate(n=Count("id"))
        .values_list("user_id", "n")
    )
    realtime.send_many(
        [
            (
                realtime.user_group(n.user_id),
                "notification",
                {**notification_event(n), "unread_count": counts.get(n.user_id, 0)},
            )
            for n in rows
        ]
    )


@transaction.atomic
def mark_notifications_read(*, user: User, ids: Sequence[int] | None = None) -> int:
    """Mark the given notifications of the user read (all of them when `ids` is None)."""
    rows = Notification.objects.for_user(user).unread()
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    marked = list(rows.values_list("id", flat=True))
    count = rows.update(read_at=timezone.now())
    if count:
        transaction.on_commit(
            lambda: realtime.push_to_user(
                user.pk,
                "notifications_read",
                {"ids": marked, "unread_count": unread_count(user.pk)},
            )
        )
    return count


@transaction.atomic
def delete_notification(*, user: User, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise NotFoundError("Notification not found.")
    notification.delete()


def unsubscribe_from_emails(*, user: User) -> User:
    """The no-login unsubscribe link: stop all notification emails (in-app ones continue).
    Every other preference change goes through `accounts.services.update_notification_preferences`.
    """
    if user.email_notifications:
        user.email_notifications = False
        user.save(update_fields=["email_notifications", "updated_at"])
    return user


# --- events other apps announce -----------------------------------------------------------------


def announce_pitch_published(
    *,
    recipients: Sequence[int],
    pitch_id: int,
    title: str,
    creator_id: int | None,
    creator_name: str,
    link: str,
) -> list[Notification]:
    """Tell `recipients` (chosen by the publishing app) that a pitch was published: a
    notification each and a `pitch_published` push, on commit. `creator_id=None` keeps the
    creator out of both (their name is not public on this pitch)."""
    followers = sorted(set(recipients))
    event: dict[str, Any] = {
        "pitch_id": pitch_id,
        "title": title,
        "creator_id": creator_id,
        "creator_name": creator_name if creator_id is not None else "",
    }
    transaction.on_commit(lambda: realtime.push_to_users(followers, "pitch_published", event))
    data: dict[str, Any] = {"pitch_id": pitch_id}
    if creator_id is not None:
        headline = f"{creator_name} published “{title}”"
        data["creator_id"] = creator_id
    else:
        headline = f"“{title}” was published"
    return notify_many(
        recipients=followers,
        kind=NotificationKind.PITCH_PUBLISHED,
        title=headline,
        link=link,
        data=data,
    )


def announce_pitch_view(*, pitch_id: int, owner_id: int, title: str, view_count: int) -> None:
    """Tell the owner's open tabs (and the pitch's live channel) about a new view, on commit."""
    event = {
        "pitch_id": pitch_id,
        "view_count": view_count,
        "pitch_title": title,
        "timestamp": iso(timezone.now()),
    }
    transaction.on_commit(
        lambda: realtime.send_many(
            [
                (realtime.user_group(owner_id), "pitch_view_update", event),
                (realtime.pitch_group(pitch_id), "pitch_view_update", event),
            ]
        )
    )
