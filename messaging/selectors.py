"""Reads: conversation lists with last message and unread count, message pages, polling."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from messaging.models import Conversation, ConversationParticipant, Message, Notification

if TYPE_CHECKING:
    from accounts.models import User


def conversations_for(user: User) -> QuerySet[Conversation]:
    """The user's conversations, newest activity first, with last message and unread count."""
    last = Message.objects.filter(conversation=OuterRef("pk")).order_by("-id")
    # Nested subquery: OuterRef points at the message row, whose conversation is the outer one.
    member = ConversationParticipant.objects.filter(
        conversation=OuterRef("conversation_id"), user_id=user.pk
    )
    unread = (
        Message.objects.filter(
            conversation=OuterRef("pk"),
            deleted_at__isnull=True,
            id__gt=Subquery(member.values("last_read_message_id")[:1]),
        )
        .exclude(sender_id=user.pk)
        .order_by()
        .values("conversation")
        .annotate(n=Count("id"))
        .values("n")
    )
    people = ConversationParticipant.objects.filter(left_at__isnull=True).select_related("user")
    return (
        Conversation.objects.visible_to(user)
        .annotate(
            last_message_id=Subquery(last.values("id")[:1]),
            last_message_content=Subquery(last.values("content")[:1]),
            last_message_sender_id=Subquery(last.values("sender_id")[:1]),
            last_message_created_at=Subquery(last.values("created_at")[:1]),
            last_message_deleted_at=Subquery(last.values("deleted_at")[:1]),
            unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            # The pitch's title by name only: messaging imports no pitches code.
            pitch_title=F("pitch__title"),
        )
        .prefetch_related(Prefetch("participants", queryset=people, to_attr="members"))
        .order_by("-last_message_at", "-id")
    )


def conversation_for(user: User, conversation_id: int) -> Conversation | None:
    return conversations_for(user).filter(pk=conversation_id).first()


def messages_page(
    conversation: Conversation, *, before: int | None, limit: int
) -> tuple[list[Message], int | None]:
    """Up to `limit` messages older than `before` (oldest first) and the cursor for older ones."""
    rows = conversation.messages.select_related("sender").order_by("-id")
    if before:
        rows = rows.filter(id__lt=before)
    page = list(rows[: limit + 1])
    older = page[limit].pk if len(page) > limit else None
    page = page[:limit]
    page.reverse()
    return page, (page[0].pk if older and page else None)


def unread_message_total(user: User) -> int:
    """Messages from others after the user's read marker, across all conversations."""
    total = conversations_for(user).aggregate(n=Sum("unread_count"))["n"]
    return int(total or 0)


def unread_messages_since(user: User, since: dt.datetime | None, limit: int = 50) -> list[Message]:
    member = ConversationParticipant.objects.filter(
        conversation=OuterRef("conversation"), user_id=user.pk, left_at__isnull=True
    )
    rows = (
        Message.objects.filter(
            conversation__participants__user_id=user.pk,
            conversation__participants__left_at__isnull=True,
            deleted_at__isnull=True,
        )
        .exclude(sender_id=user.pk)
        .annotate(read_marker=Subquery(member.values("last_read_message_id")[:1]))
        .filter(id__gt=Coalesce("read_marker", 0))
        .select_related("sender")
        .order_by("-id")
    )
    if since is not None:
        rows = rows.filter(created_at__gt=since)
    return list(rows[:limit])


def poll_summary(user: User, since: dt.datetime | None) -> dict[str, Any]:
    """What `/api/poll/all` returns: new notifications and messages plus dashboard counters."""
    notifications = Notification.objects.for_user(user)
    if since is not None:
        notifications = notifications.filter(created_at__gt=since)
    counts = Notification.objects.for_user(user).aggregate(
        total=Count("id"), unread=Count("id", filter=Q(read_at__isnull=True))
    )
    messages = unread_messages_since(user, since)
    unread_messages = unread_message_total(user)
    return {
        "notifications": list(notifications[:50]),
        "messages": messages,
        "dashboard": {
            "unread_notifications": counts["unread"],
            "total_notifications": counts["total"],
            "unread_messages": unread_messages,
            "conversations": Conversation.objects.visible_to(user).count(),
        },
    }


def contacts_of(user: User, *, limit: int) -> list[Any]:
    """The people `user` shares a live conversation with, by id, at most `limit`."""
    mine = ConversationParticipant.objects.filter(user_id=user.pk, left_at__isnull=True)
    rows = (
        ConversationParticipant.objects.filter(
            conversation_id__in=mine.values("conversation_id"), left_at__isnull=True
        )
        .exclude(user_id=user.pk)
        .select_related("user")
        .order_by("user_id")
        .distinct("user_id")
    )
    return [row.user for row in rows[:limit]]
