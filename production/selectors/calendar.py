"""Reads of calendars and meetings, and the ICS rendering of a user's calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from production.models import CalendarEvent, CalendarFeed, Meeting

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

FEED_DAYS_BACK = 90


def events_of(
    user: User | AnonymousUser, *, start: datetime | None = None, end: datetime | None = None
) -> QuerySet[CalendarEvent]:
    rows = CalendarEvent.objects.of(user).select_related("pitch")
    if start:
        rows = rows.filter(end__gte=start)
    if end:
        rows = rows.filter(start__lte=end)
    return rows.order_by("start", "id")


def event_or_404(user: User | AnonymousUser, event_id: int) -> CalendarEvent:
    return get_object_or_404(CalendarEvent.objects.of(user), pk=event_id)


def meetings_of(user: User | AnonymousUser, *, status: str = "") -> QuerySet[Meeting]:
    rows = Meeting.objects.involving(user).for_display()
    return rows.filter(status=status) if status else rows


def meeting_or_404(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.involving(user).for_display(), pk=meeting_id)


def upcoming_meetings(user_id: int, *, limit: int = 5) -> list[Meeting]:
    """Accepted meetings still ahead for the user, soonest first (one query)."""
    return list(
        Meeting.objects.filter(status=Meeting.Status.ACCEPTED, scheduled_at__gte=timezone.now())
        .filter(Q(requester_id=user_id) | Q(creator_id=user_id))
        .select_related("requester", "creator", "pitch")
        .order_by("scheduled_at")[:limit]
    )


def feed_owner(token: str) -> User | None:
    feed = CalendarFeed.objects.select_related("user").filter(token=token[:64]).first()
    return feed.user if feed and feed.user.is_active else None


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ics_for(user: User, *, host: str) -> str:
    """The user's calendar (the last 90 days onwards) as an iCalendar document."""
    since = timezone.now() - timedelta(days=FEED_DAYS_BACK)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Pitchey//Calendar//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape('Pitchey: ' + user.display_name)}",
    ]
    for event in events_of(user, start=since)[:1000]:
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.pk}@{host}",
            f"DTSTAMP:{_stamp(event.created_at)}",
            f"DTSTART:{_stamp(event.start)}",
            f"DTEND:{_stamp(event.end)}",
            f"SUMMARY:{_escape(event.title)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def meeting_creator_or_404(viewer: User, creator_id: int) -> User:
    """A creator `viewer` may find (blocked or private ones are a 404 like a missing one)."""
    from accounts.models import User as UserModel

    return get_object_or_404(
        UserModel.objects.visible_to(viewer).filter(user_type="creator"), pk=creator_id
    )


def creator_by_username(viewer: User, username: str) -> User | None:
    """A creator `viewer` may find, by username (case-insensitive)."""
    from accounts.models import User as UserModel

    return (
        UserModel.objects.visible_to(viewer)
        .filter(user_type="creator", username__iexact=username.strip()[:100])
        .first()
    )
