"""The creator's figures: per pitch and in total, trends, who viewed, public engagement."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Follow, User
from analytics import dashboards
from analytics import selectors as stats
from pitches.dashboards.common import (
    PITCH_METRICS,
    named_totals,
    series_rows,
    since_days,
    window_sums,
)
from pitches.models import Pitch


def _pitch_rows(user: User) -> list[dict[str, Any]]:
    rows = (
        Pitch.objects.owned_by(user)
        .order_by("-created_at", "-id")
        .values(
            "id",
            "title",
            "slug",
            "status",
            "genre",
            "created_at",
            "published_at",
            "view_count",
            "like_count",
            "save_count",
            "nda_count",
            "rating_average",
        )
    )
    return [dict(row) for row in rows]


def who_viewed(pitches: Sequence[dict[str, Any]], *, days: int = 30) -> list[dict[str, Any]]:
    """Recent named viewers of these pitches; viewers with a private profile stay anonymous."""
    titles = {p["id"]: p["title"] for p in pitches}
    since = timezone.now() - timedelta(days=days)
    rows = stats.viewers(pitch_ids=list(titles), since=since, limit=10)
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in={r["user_id"] for r in rows}).only(
            "id",
            "first_name",
            "last_name",
            "company_name",
            "username",
            "user_type",
            "privacy_settings",
            "company_verified",
        )
    }
    out = []
    for row in rows:
        viewer = users.get(row["user_id"])
        if (
            viewer is not None
            and (viewer.privacy_settings or {}).get("profile_visibility") == "private"
        ):
            viewer = None
        out.append(
            {
                "user_id": viewer.pk if viewer else None,
                "name": viewer.display_name if viewer else "A private viewer",
                "user_type": viewer.portal if viewer else None,
                "company_verified": bool(viewer and viewer.company_verified),
                "pitch_id": row["pitch_id"],
                "pitch_title": titles.get(row["pitch_id"], ""),
                "last_viewed_at": row["last_viewed"],
                "views": row["views"],
            }
        )
    return out


def creator_overview(user: User, *, days: int = 30) -> dict[str, Any]:
    """Totals per pitch and overall (all time), 7/30/90-day trends and a daily series."""
    pitches = _pitch_rows(user)
    ids = [p["id"] for p in pitches]
    metrics = list(PITCH_METRICS.values())
    lifetime = stats.totals(entity_type="pitch", entity_ids=ids, metrics=metrics)
    series = stats.daily_series(entity_type="pitch", entity_ids=ids, metrics=metrics, days=90)
    per_pitch = [
        {
            "id": p["id"],
            "title": p["title"],
            "slug": p["slug"],
            "status": p["status"],
            "genre": p["genre"],
            "created_at": p["created_at"],
            "published_at": p["published_at"],
            "rating": float(p["rating_average"]),
            **named_totals(lifetime.get(p["id"], {}), PITCH_METRICS),
        }
        for p in pitches
    ]
    totals = {name: sum(row[name] for row in per_pitch) for name in PITCH_METRICS}
    published = sum(1 for p in pitches if p["status"] == Pitch.Status.PUBLISHED)
    return {
        "pitches": per_pitch,
        "totals": totals,
        "total_pitches": len(pitches),
        "published_pitches": published,
        "draft_pitches": sum(1 for p in pitches if p["status"] == Pitch.Status.DRAFT),
        "avg_views_per_pitch": round(totals["views"] / len(pitches), 1) if pitches else 0,
        "trends": window_sums(series, PITCH_METRICS),
        "series": series,
    }


def creator_dashboard(user: User, *, days: int = 30) -> dict[str, Any]:
    """`/api/creator/dashboard` and the creator's dashboard page."""
    base = creator_overview(user)
    totals = base["totals"]
    followers = Follow.objects.filter(following=user, follower__is_active=True).count()
    extra = dashboards.sections("creator", user.pk)
    pending = extra.get("pending_nda_requests", 0)
    return {
        "overview": {
            "total_pitches": base["total_pitches"],
            "published_pitches": base["published_pitches"],
            "draft_pitches": base["draft_pitches"],
            "total_views": totals["views"],
            "total_likes": totals["likes"],
            "total_saves": totals["saves"],
            "total_nda_requests": totals["nda_requests"],
            "signed_ndas": totals["signed_ndas"],
            "messages": totals["messages"],
            "investment_interest": totals["investment_interest"],
            "avg_views_per_pitch": base["avg_views_per_pitch"],
            "followers": followers,
            "pending_actions": pending,
            "active_deals": extra.get("active_deals", 0),
        },
        "trends": base["trends"],
        "series": series_rows(base["series"][-days:], PITCH_METRICS),
        "pitches": base["pitches"],
        "recent_pitches": base["pitches"][:5],
        "viewers": who_viewed(base["pitches"]),
        "recent_activity": {
            "nda_requests": extra.get("recent_nda_requests", []),
            "investments": extra.get("recent_investments", []),
            "notifications": extra.get("recent_notifications", []),
        },
        "revenue": {"total_revenue": extra.get("total_revenue", 0)},
        "followers": followers,
    }


def creator_stats(user: User, *, days: int) -> dict[str, Any]:
    """`/api/creator/stats`: the window's totals beside all-time ones."""
    base = creator_overview(user)
    window = {
        name: sum(row[t] for row in base["series"][-days:]) for name, t in PITCH_METRICS.items()
    }
    return {
        "stats": {
            "period_days": days,
            "total_pitches": base["total_pitches"],
            "published_pitches": base["published_pitches"],
            "all_time": base["totals"],
            "period": window,
            "avg_views_per_pitch": base["avg_views_per_pitch"],
            **{f"total_{name}": value for name, value in base["totals"].items()},
        }
    }


def pitch_analytics(pitch: Pitch, *, days: int = 30) -> dict[str, Any]:
    """One pitch's figures: all time, 7/30/90-day trends, a daily series and its viewers."""
    metrics = list(PITCH_METRICS.values())
    lifetime = stats.totals(entity_type="pitch", entity_ids=[pitch.pk], metrics=metrics)
    series = stats.daily_series(
        entity_type="pitch", entity_ids=[pitch.pk], metrics=metrics, days=90
    )
    row = {"id": pitch.pk, "title": pitch.title}
    return {
        "pitch_id": pitch.pk,
        "title": pitch.title,
        "totals": named_totals(lifetime.get(pitch.pk, {}), PITCH_METRICS),
        "trends": window_sums(series, PITCH_METRICS),
        "series": series_rows(series[-days:], PITCH_METRICS),
        "viewers": who_viewed([row]),
    }


def creator_analytics(
    user: User, *, start: date, end: date, pitch: Pitch | None = None
) -> dict[str, Any]:
    """`/api/creator/analytics`: daily figures between two dates (at most the last 365 days)."""
    today = timezone.localdate()
    days = max(1, min((today - start).days + 1, 365))
    if pitch is not None:
        body = pitch_analytics(pitch, days=days)
    else:
        base = creator_overview(user)
        ids = [p["id"] for p in base["pitches"]]
        series = stats.daily_series(
            entity_type="pitch", entity_ids=ids, metrics=list(PITCH_METRICS.values()), days=days
        )
        body = {
            "totals": base["totals"],
            "trends": base["trends"],
            "pitches": base["pitches"],
            "series": series_rows(series, PITCH_METRICS),
        }
    first, last = start.isoformat(), end.isoformat()
    body["series"] = [row for row in body["series"] if first <= row["date"] <= last]
    body["range_totals"] = {
        name: sum(row[name] for row in body["series"]) for name in PITCH_METRICS
    }
    body["period"] = {"start_date": start, "end_date": end}
    return body


def public_engagement(pitch: Pitch) -> dict[str, Any]:
    """`/api/pitches/:id/engagement`: counters anyone may see, and the last 7 days' activity."""
    week = stats.totals(
        entity_type="pitch",
        entity_ids=[pitch.pk],
        metrics=["pitch_view", "pitch_like", "pitch_save"],
        since=since_days(7),
    )[pitch.pk]
    return {
        "pitch_id": pitch.pk,
        "views": pitch.view_count,
        "likes": pitch.like_count,
        "saves": pitch.save_count,
        "nda_count": pitch.nda_count,
        "view_count": pitch.view_count,
        "like_count": pitch.like_count,
        "save_count": pitch.save_count,
        "followers": pitch.follows.count(),
        "last_7_days": {
            "views": week["pitch_view"],
            "likes": week["pitch_like"],
            "saves": week["pitch_save"],
        },
        "trending": week["pitch_view"] >= 10,
    }
