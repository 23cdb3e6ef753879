"""Notification emails: instant ones and daily/weekly digests, each sent at most once.

Every email is an `EmailDelivery` row. Sending locks the row, skips it when already sent, and
records each failed attempt, so a retried or duplicated task never sends twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from messaging import preferences, tasks
from messaging.models import EmailDelivery, Notification

if TYPE_CHECKING:
    from accounts.models import User

_UNSUBSCRIBE_SALT = "pitchey.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=_UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token: str) -> User | None:
    """The user an unsubscribe link names (links never expire), or None if tampered."""
    try:
        user_id = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_id).first()  # type: ignore[return-value]


def unsubscribe_url(user_id: int) -> str:
    path = reverse("messaging:unsubscribe", args=[unsubscribe_token(user_id)])
    return f"{settings.SITE_URL}{path}"


def _notifications_of(delivery: EmailDelivery) -> list[Notification]:
    """What the email is about, without the kinds the user has since switched off."""
    if delivery.kind == EmailDelivery.Kind.INSTANT:
        rows = [delivery.notification] if delivery.notification else []
    else:
        rows = list(
            Notification.objects.filter(
                user_id=delivery.user_id,
                read_at__isnull=True,
                created_at__gte=delivery.window_start,
                created_at__lt=delivery.window_end,
            ).order_by("kind", "created_at")
        )
    prefs = delivery.user.notification_preferences
    return [n for n in rows if preferences.kind_enabled(prefs, n.kind)]


def _build_email(
    delivery: EmailDelivery, notifications: list[Notification]
) -> EmailMultiAlternatives:
    user = delivery.user
    groups: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        groups[notification.kind].append(notification)
    if delivery.kind == EmailDelivery.Kind.INSTANT:
        subject = notifications[0].title
    else:
        label = "daily" if delivery.kind == EmailDelivery.Kind.DAILY else "weekly"
        subject = f"Your {label} Pitchey digest: {len(notifications)} new notifications"
    context: dict[str, Any] = {
        "user": user,
        "delivery": delivery,
        "groups": sorted(groups.items()),
        "notifications": notifications,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(user.pk),
    }
    text = render_to_string("messaging/email/notifications.txt", context)
    body_html = render_to_string("messaging/email/notifications.html", context)
    email = EmailMultiAlternatives(
        subject=subject[:255],
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(body_html, "text/html")
    return email


def deliver_email(delivery_id: int) -> str:
    """Send one delivery unless it was already sent; a failure is recorded and re-raised."""
    failure: Exception | None = None
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(of=("self",))
            .select_related("user", "notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in (
            EmailDelivery.Status.SENT,
            EmailDelivery.Status.SKIPPED,
        ):
            return "missing" if delivery is None else delivery.status
        notifications = _notifications_of(delivery)
        if not notifications or not delivery.user.email_notifications:
            delivery.status = EmailDelivery.Status.SKIPPED
            delivery.save(update_fields=["status"])
            return delivery.status
        email = _build_email(delivery, notifications)
        delivery.attempts += 1
        delivery.subject = str(email.subject)
        try:
            email.send()
        except Exception as exc:  # any transport error: record, then let Celery retry
            delivery.status = EmailDelivery.Status.FAILED
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            delivery.save(update_fields=["status", "attempts", "last_error", "subject"])
            failure = exc
        else:
            delivery.status = EmailDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            delivery.save(update_fields=["status", "attempts", "last_error", "subject", "sent_at"])
    if failure is not None:
        raise failure
    return EmailDelivery.Status.SENT


def digest_period(frequency: str, now: dt.datetime) -> tuple[str, dt.datetime, dt.datetime]:
    """The last complete period before `now`: yesterday (UTC) or last ISO week."""
    today = timezone.localtime(now, dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == EmailDelivery.Kind.DAILY:
        start = today - dt.timedelta(days=1)
        return start.date().isoformat(), start, today
    this_monday = today - dt.timedelta(days=today.weekday())
    start = this_monday - dt.timedelta(days=7)
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}", start, this_monday


def queue_digests(*, frequency: str, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Create one digest delivery per user with unread notifications in the last period.

    Running it again for the same period creates nothing (one digest per user and period).
    """
    period, start, end = digest_period(frequency, now or timezone.now())
    candidates = (
        Notification.objects.filter(
            read_at__isnull=True,
            created_at__gte=start,
            created_at__lt=end,
            user__email_notifications=True,
            user__notification_frequency=frequency,
            user__is_active=True,
        )
        .values_list("user_id", "kind", "user__notification_preferences")
        .distinct()
    )
    user_ids = {
        user_id for user_id, kind, prefs in candidates if preferences.kind_enabled(prefs, kind)
    }
    already = set(
        EmailDelivery.objects.filter(kind=frequency, period=period).values_list(
            "user_id", flat=True
        )
    )
    todo = sorted(set(user_ids) - already)
    if dry_run:
        return len(todo)
    created = 0
    for user_id in todo:
        try:
            with transaction.atomic():
                delivery = EmailDelivery.objects.create(
                    user_id=user_id,
                    kind=frequency,
                    period=period,
                    window_start=start,
                    window_end=end,
                )
                transaction.on_commit(partial(tasks.deliver_email.delay, delivery.pk))
        except IntegrityError:  # a concurrent run queued this one first
            continue
        created += 1
    return created


def retry_delivery(*, delivery_id: int) -> None:
    """Queue a failed delivery again (it still sends at most once)."""
    transaction.on_commit(lambda: tasks.deliver_email.delay(delivery_id))
