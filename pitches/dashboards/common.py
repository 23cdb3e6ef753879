"""What every dashboard builder shares: the metric names and period helpers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from analytics import periods

# Dashboard names of the event types they count.
PITCH_METRICS: dict[str, str] = {
    "views": "pitch_view",
    "likes": "pitch_like",
    "saves": "pitch_save",
    "nda_requests": "nda_request",
    "signed_ndas": "nda_signed",
    "messages": "message_sent",
    "investment_interest": "investment_made",
}
ACTOR_METRICS: dict[str, str] = {
    "pitches_viewed": "pitch_view",
    "pitches_liked": "pitch_like",
    "pitches_saved": "pitch_save",
    "nda_requests": "nda_request",
    "signed_ndas": "nda_signed",
    "messages_sent": "message_sent",
    "searches": "search",
    "investments": "investment_made",
}
PLATFORM_METRICS: dict[str, str] = {
    "registrations": "registration",
    "logins": "login",
    "pitch_views": "pitch_view",
    "likes": "pitch_like",
    "saves": "pitch_save",
    "nda_requests": "nda_request",
    "signed_ndas": "nda_signed",
    "messages": "message_sent",
    "searches": "search",
    "investments": "investment_made",
    "pitches_published": "pitch_published",
}
WINDOWS = {"7d": 7, "30d": 30, "90d": 90}
PERIOD_DAYS = {"7d": 7, "week": 7, "30d": 30, "month": 30, "90d": 90, "quarter": 90, "year": 365}
# What a follower may see of the people they follow (own actions are all shown).
PUBLIC_TYPES = ("pitch_published", "pitch_like", "user_follow")
DESCRIPTIONS = {
    "page_view": "viewed a page",
    "pitch_view": "viewed",
    "pitch_like": "liked",
    "pitch_save": "saved",
    "pitch_rating": "rated",
    "pitch_comment": "commented on",
    "pitch_feedback": "left feedback on",
    "nda_request": "signed an NDA and asked for access to",
    "nda_signed": "got NDA access to",
    "message_sent": "sent a message",
    "message_read": "read a message",
    "login": "logged in",
    "registration": "joined Pitchey",
    "search": "searched the marketplace",
    "filter_applied": "filtered the marketplace",
    "session_start": "started a session",
    "session_end": "ended a session",
    "investment_made": "invested in",
    "login_failed": "failed to log in",
    "pitch_published": "published",
    "user_follow": "followed",
}


def named_totals(totals: dict[str, int], names: dict[str, str]) -> dict[str, int]:
    return {name: totals.get(event_type, 0) for name, event_type in names.items()}


def window_sums(series: list[dict[str, Any]], names: dict[str, str]) -> dict[str, dict[str, int]]:
    """7/30/90-day totals from one 90-day daily series (newest day last)."""
    out = {}
    for label, days in WINDOWS.items():
        rows = series[-days:]
        out[label] = {name: sum(row[t] for row in rows) for name, t in names.items()}
    return out


def period_days(raw: str | None, default: int = 30) -> int:
    """Days of a `period`/`timeframe`/`timeRange` parameter ("7d", "month", "90", ...)."""
    if not raw:
        return default
    raw = raw.strip().lower()
    if raw in PERIOD_DAYS:
        return PERIOD_DAYS[raw]
    digits = raw.rstrip("d")
    if digits.isdigit() and 1 <= int(digits) <= 365:
        return int(digits)
    return default


def series_rows(series: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"date": row["date"].isoformat(), **{name: row[t] for name, t in names.items()}}
        for row in series
    ]


def since_days(days: int) -> datetime:
    return periods.day_start(days - 1, now=timezone.now())
