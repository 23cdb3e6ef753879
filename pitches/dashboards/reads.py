"""The analytics service's other reads: one pitch's funnel, an entity's engagement over a range,
this period against the previous one, revenue, a pitch's viewers and views grouped by period.
Every reader runs a fixed number of queries over aggregates (plus the period not rolled up yet)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from analytics import dashboards, periods
from analytics import selectors as stats
from pitches.dashboards.common import (
    ACTOR_METRICS,
    PITCH_METRICS,
    PLATFORM_METRICS,
    named_totals,
    series_rows,
)
from pitches.dashboards.creator import who_viewed
from pitches.dashboards.feeds import activity_items
from pitches.dashboards.portals import funnel
from pitches.models import Pitch

# What each kind of subject counts, under the names the dashboards use.
SUBJECT_METRICS: dict[str, dict[str, str]] = {
    "pitch": PITCH_METRICS,
    "creator": PITCH_METRICS,
    "user": ACTOR_METRICS,
    "platform": PLATFORM_METRICS,
}


def days_between(start: date, end: date) -> int:
    """Days of the last-days window that reaches back to `start` (1 to 365)."""
    return max(1, min((timezone.localdate() - start).days + 1, 365))


def pitch_funnel(pitch: Pitch, *, days: int) -> dict[str, Any]:
    """A pitch's view -> NDA requested -> NDA signed -> investment steps over `days` days."""
    since = periods.day_start(days - 1, now=timezone.now())
    metrics = ["pitch_view", "nda_request", "nda_signed", "investment_made"]
    counts = stats.totals(entity_type="pitch", entity_ids=[pitch.pk], metrics=metrics, since=since)
    row = counts[pitch.pk]
    steps = funnel(
        {
            "pitch_views": row["pitch_view"],
            "nda_requests": row["nda_request"],
            "signed_ndas": row["nda_signed"],
            "investments": row["investment_made"],
        }
    )
    views = row["pitch_view"]
    return {
        "pitch_id": pitch.pk,
        "title": pitch.title,
        "period_days": days,
        "funnel": steps,
        "stages": {step["step"]: step["count"] for step in steps},
        "conversion_rate": round(100 * row["investment_made"] / views, 1) if views else 0.0,
    }


def subject_engagement(
    *, entity_type: str, entity_id: int, start: date, end: date
) -> dict[str, Any]:
    """Daily figures of one subject between two dates, their totals and the engagement rate
    ((likes + saves) / views)."""
    names = SUBJECT_METRICS[entity_type]
    series = stats.daily_series(
        entity_type=entity_type,
        entity_ids=[entity_id],
        metrics=list(names.values()),
        days=days_between(start, end),
    )
    rows = [
        row for row in series_rows(series, names) if start.isoformat() <= row["date"] <= str(end)
    ]
    totals = {name: sum(row[name] for row in rows) for name in names}
    views = totals.get("views") or totals.get("pitches_viewed") or totals.get("pitch_views") or 0
    acted = sum(totals.get(k, 0) for k in ("likes", "saves", "pitches_liked", "pitches_saved"))
    return {
        "entity_type": entity_type,
        "entity_id": entity_id,
        "period": {"start_date": start, "end_date": end},
        "totals": totals,
        "engagement_rate": round(100 * acted / views, 1) if views else 0.0,
        "series": rows,
    }


def _change(current: int, previous: int) -> dict[str, Any]:
    percent = round(100 * (current - previous) / previous, 1) if previous else None
    return {
        "current": current,
        "previous": previous,
        "change": current - previous,
        "percent": percent,
    }


def compare_periods(
    *, entity_type: str, entity_ids: Sequence[int] | None, days: int
) -> dict[str, Any]:
    """The last `days` days against the `days` days before them, summed over the subjects."""
    names = SUBJECT_METRICS[entity_type]
    metrics = list(names.values())
    now = timezone.now()
    start = periods.day_start(days - 1, now=now)
    earlier = periods.day_start(2 * days - 1, now=now)
    current = stats.summed(
        stats.totals(entity_type=entity_type, entity_ids=entity_ids, metrics=metrics, since=start),
        metrics,
    )
    previous = stats.summed(
        stats.totals(
            entity_type=entity_type,
            entity_ids=entity_ids,
            metrics=metrics,
            since=earlier,
            until=start,
        ),
        metrics,
    )
    now_named, before_named = named_totals(current, names), named_totals(previous, names)
    return {
        "type": entity_type,
        "period_days": days,
        "current_period": {"start": start, "end": now, "totals": now_named},
        "previous_period": {"start": earlier, "end": start, "totals": before_named},
        "comparison": {name: _change(now_named[name], before_named[name]) for name in names},
    }


def revenue(user: User, *, start: date, end: date) -> dict[str, Any]:
    """What a creator earned (from the apps that own money, through dashboard sections) and the
    investments their pitches drew each day between two dates."""
    extra = dashboards.sections(user.portal, user.pk) if user.portal in dashboards.PORTALS else {}
    series = stats.daily_series(
        entity_type="creator" if user.portal == "creator" else "user",
        entity_ids=[user.pk],
        metrics=["investment_made"],
        days=days_between(start, end),
    )
    rows = [
        {"date": row["date"].isoformat(), "investments": row["investment_made"]}
        for row in series
        if start <= row["date"] <= end
    ]
    return {
        "total_revenue": extra.get("total_revenue", 0),
        "currency": "USD",
        "investments": sum(row["investments"] for row in rows),
        "period": {"start_date": start, "end_date": end},
        "series": rows,
    }


def pitch_viewers(pitch: Pitch, *, days: int) -> dict[str, Any]:
    """`/api/views/pitch/:id`: who viewed the owner's pitch lately (private profiles unnamed)."""
    rows = who_viewed([{"id": pitch.pk, "title": pitch.title}], days=days)
    return {
        "pitch_id": pitch.pk,
        "viewers": rows,
        "data": rows,
        "total": len(rows),
        "total_views": pitch.view_count,
    }


GROUPS = ("day", "week", "month")


def grouped_views(pitch_ids: Sequence[int], *, start: date, end: date, group_by: str) -> dict:
    """Views of these pitches between two dates, per day, ISO week or month."""
    series = stats.daily_series(
        entity_type="pitch",
        entity_ids=list(pitch_ids),
        metrics=["pitch_view"],
        days=days_between(start, end),
    )
    buckets: dict[date, int] = {}
    for row in series:
        day: date = row["date"]
        if not start <= day <= end:
            continue
        if group_by == "week":
            day -= timedelta(days=day.weekday())
        elif group_by == "month":
            day = day.replace(day=1)
        buckets[day] = buckets.get(day, 0) + row["pitch_view"]
    rows = [{"period": day.isoformat(), "views": n} for day, n in sorted(buckets.items())]
    return {
        "data": rows,
        "group_by": group_by,
        "total": sum(row["views"] for row in rows),
        "period": {"start_date": start, "end_date": end},
    }


def pitch_activity(
    pitch: Pitch, *, viewer: User, limit: int, offset: int, types: Sequence[str] | None = None
) -> dict[str, Any]:
    """What happened to one pitch, newest first (the owner's view of its events)."""
    events, total = stats.recent_events(
        pitch_ids=[pitch.pk], types=types, limit=limit, offset=offset
    )
    items = activity_items(events, viewer=viewer)
    return {"activities": items, "total": total, "limit": limit, "offset": offset}


def managed_pitch(user: User, pitch_id: int) -> Pitch | None:
    """The user's own pitch, or any pitch for staff; None when there is no such pitch of theirs."""
    rows = Pitch.objects.filter(pk=pitch_id)
    return (rows if user.is_staff else rows.owned_by(user)).first()


def owned_pitch_ids(user: User) -> list[int]:
    return list(Pitch.objects.owned_by(user).values_list("id", flat=True))
