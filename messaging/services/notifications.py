"""Notifications: storing, pushing and emailing them; read state; the events other apps
announce (each with the recipients the announcing app chose)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from messaging import preferences, realtime, tasks
from messaging.kinds import NotificationKind
from messaging.models import (
    Conversation,
    EmailDelivery,
    Message,
    Notification,
)
from pitchey.errors import NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

from messaging.services.common import iso


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


@transaction.atomic
def erase_person(*, user: User, markers: Sequence[str] = ()) -> dict[str, int]:
    """GDPR erasure in messaging: the person's messages become tombstones (threads keep their
    shape for the others) and conversations they started lose their title; their notifications
    and email records go, and other people's notifications naming them (`markers`: their name,
    email, username) lose the text."""
    sent = Message.objects.filter(sender=user, deleted_at__isnull=True).update(
        content="", attachments=[], deleted_at=timezone.now()
    )
    Message.objects.filter(sender=user).update(content="", attachments=[])
    titles = Conversation.objects.filter(created_by=user).exclude(title="").update(title="")
    emails, _ = EmailDelivery.objects.filter(user=user).delete()
    notifications, _ = Notification.objects.filter(user=user).delete()
    naming = Q(pk__in=[])
    for marker in markers:
        naming |= Q(title__icontains=marker) | Q(body__icontains=marker)
        naming |= Q(data__icontains=marker)
    redacted = Notification.objects.filter(naming).update(
        title="Activity from a former member", body="", data={}
    )
    return {
        "messages": sent,
        "notifications": notifications,
        "redacted": redacted,
        "emails": emails,
        "titles": titles,
    }
