"""Portal dashboards built from analytics' aggregates plus the pitches they are about.

Analytics counts events by ids; this module (the lowest app that knows pitch titles and
owners) adds the pitches, names and charts, and merges what higher apps register with
`analytics.dashboards`. Every builder runs a fixed number of queries, whatever the number of
pitches or events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Follow, User
from analytics import dashboards, periods
from analytics import selectors as stats
from analytics.charts import Chart, Series
from analytics.models import Event
from pitches.models import Pitch

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


def _named(totals: dict[str, int], names: dict[str, str]) -> dict[str, int]:
    return {name: totals.get(event_type, 0) for name, event_type in names.items()}


def _window_sums(series: list[dict[str, Any]], names: dict[str, str]) -> dict[str, dict[str, int]]:
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


def series_chart(
    slug: str, title: str, series: list[dict[str, Any]], names: dict[str, str], *, days: int = 30
) -> Chart:
    rows = series[-days:]
    return Chart(
        slug=slug,
        title=title,
        labels=[row["date"].strftime("%b %d") for row in rows],
        series=[
            Series(name.replace("_", " ").capitalize(), [row[t] for row in rows])
            for name, t in names.items()
        ],
    )


def _series_out(series: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {"date": row["date"].isoformat(), **{name: row[t] for name, t in names.items()}}
        for row in series
    ]


# --- creator ---------------------------------------------------------------------------------


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
            **_named(lifetime.get(p["id"], {}), PITCH_METRICS),
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
        "trends": _window_sums(series, PITCH_METRICS),
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
        "series": _series_out(base["series"][-days:], PITCH_METRICS),
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
        "totals": _named(lifetime.get(pitch.pk, {}), PITCH_METRICS),
        "trends": _window_sums(series, PITCH_METRICS),
        "series": _series_out(series[-days:], PITCH_METRICS),
        "viewers": who_viewed([row]),
    }


# --- actors (investors, production companies, watchers) ------------------------------------


def actor_analytics(user: User, *, days: int) -> dict[str, Any]:
    """A user's own activity: all-time totals, the window's totals and a daily series."""
    metrics = list(ACTOR_METRICS.values())
    lifetime = stats.totals(entity_type="user", entity_ids=[user.pk], metrics=metrics)
    series = stats.daily_series(
        entity_type="user", entity_ids=[user.pk], metrics=metrics, days=days
    )
    window = {name: sum(row[t] for row in series) for name, t in ACTOR_METRICS.items()}
    return {
        "period_days": days,
        "all_time": _named(lifetime.get(user.pk, {}), ACTOR_METRICS),
        "period": window,
        "series": _series_out(series, ACTOR_METRICS),
    }


# --- platform (staff) ------------------------------------------------------------------------


def platform_analytics(*, days: int) -> dict[str, Any]:
    """Platform totals, sign-ups, the view -> NDA -> deal funnel and a daily series."""
    metrics = list(PLATFORM_METRICS.values())
    lifetime = stats.totals(entity_type="platform", metrics=metrics)[0]
    series = stats.daily_series(entity_type="platform", metrics=metrics, days=days)
    window = {name: sum(row[t] for row in series) for name, t in PLATFORM_METRICS.items()}
    counts = User.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(is_active=True)),
        creators=Count("id", filter=Q(user_type=User.Type.CREATOR)),
        investors=Count("id", filter=Q(user_type=User.Type.INVESTOR)),
        production=Count("id", filter=Q(user_type=User.Type.PRODUCTION)),
        watchers=Count("id", filter=Q(user_type=User.Type.VIEWER)),
    )
    pitch_counts = Pitch.objects.aggregate(
        total=Count("id"), published=Count("id", filter=Q(status=Pitch.Status.PUBLISHED))
    )
    return {
        "period_days": days,
        "users": counts,
        "pitches": pitch_counts,
        "all_time": _named(lifetime, PLATFORM_METRICS),
        "period": window,
        "funnel": funnel(window),
        "series": _series_out(series, PLATFORM_METRICS),
    }


def funnel(window: dict[str, int]) -> list[dict[str, Any]]:
    """View -> NDA requested -> NDA signed -> investment, with each step's rate of the first."""
    steps = [
        ("Pitch views", window["pitch_views"]),
        ("NDA requests", window["nda_requests"]),
        ("Signed NDAs", window["signed_ndas"]),
        ("Deals", window["investments"]),
    ]
    first = steps[0][1] or 0
    return [
        {
            "step": name,
            "count": count,
            "rate": round(100 * count / first, 1) if first else 0.0,
        }
        for name, count in steps
    ]


def nda_liquidity(*, days: int, limit: int = 20) -> dict[str, Any]:
    """NDA requests and approvals per pitch in the window, the busiest pitches first."""
    since = periods.day_start(days - 1, now=timezone.now())
    top = stats.top_entities(entity_type="pitch", metric="nda_request", since=since, limit=limit)
    ids = [entity_id for entity_id, _ in top]
    figures = stats.totals(
        entity_type="pitch",
        entity_ids=ids,
        metrics=["nda_request", "nda_signed", "pitch_view"],
        since=since,
    )
    titles = dict(Pitch.objects.filter(pk__in=ids).values_list("id", "title"))
    rows: list[dict[str, Any]] = []
    for pitch_id in ids:
        f = figures.get(pitch_id, {})
        requests, signed = f.get("nda_request", 0), f.get("nda_signed", 0)
        rows.append(
            {
                "pitch_id": pitch_id,
                "title": titles.get(pitch_id, f"Pitch {pitch_id}"),
                "views": f.get("pitch_view", 0),
                "nda_requests": requests,
                "nda_approvals": signed,
                "approval_rate": round(100 * signed / requests, 1) if requests else 0.0,
            }
        )
    total_requests = sum(int(r["nda_requests"]) for r in rows)
    total_signed = sum(int(r["nda_approvals"]) for r in rows)
    return {
        "period_days": days,
        "pitches": rows,
        "summary": {
            "pitches_with_requests": len(rows),
            "nda_requests": total_requests,
            "nda_approvals": total_signed,
            "approval_rate": round(100 * total_signed / total_requests, 1)
            if total_requests
            else 0.0,
        },
    }


# --- activity feeds --------------------------------------------------------------------------


def activity_items(events: Sequence[Event], *, viewer: User) -> list[dict[str, Any]]:
    """Feed entries for events: who did what to which pitch (two queries for the names)."""
    user_ids = {e.user_id for e in events if e.user_id} | {
        e.creator_id for e in events if e.creator_id and e.event_type == "user_follow"
    }
    people = {
        u.pk: u
        for u in User.objects.filter(pk__in=user_ids).only(
            "id",
            "first_name",
            "last_name",
            "company_name",
            "username",
            "user_type",
            "privacy_settings",
        )
    }
    pitch_ids = {e.pitch_id for e in events if e.pitch_id}
    pitches = {
        p["id"]: p
        for p in Pitch.objects.visible_to(viewer)
        .filter(pk__in=pitch_ids)
        .values("id", "title", "slug")
    }
    items = []
    for event in events:
        actor = people.get(event.user_id or 0)
        hidden = (
            actor is not None
            and actor.pk != viewer.pk
            and ((actor.privacy_settings or {}).get("profile_visibility") == "private")
        )
        pitch = pitches.get(event.pitch_id or 0)
        target = people.get(event.creator_id or 0) if event.event_type == "user_follow" else None
        name = (
            "You"
            if actor is not None and actor.pk == viewer.pk
            else ("Someone" if actor is None or hidden else actor.display_name)
        )
        object_name = pitch["title"] if pitch else (target.display_name if target else "")
        description = f"{name} {DESCRIPTIONS.get(event.event_type, event.event_type)}"
        if object_name:
            description += f" {object_name}"
        items.append(
            {
                "id": event.pk,
                "type": event.event_type,
                "category": event.event_category,
                "description": description,
                "created_at": event.created_at,
                "timestamp": event.created_at,
                "actor": None
                if actor is None or hidden
                else {
                    "id": actor.pk,
                    "name": actor.display_name,
                    "user_type": actor.portal,
                },
                "pitch": {"id": pitch["id"], "title": pitch["title"], "slug": pitch["slug"]}
                if pitch
                else None,
            }
        )
    return items


def own_activity(
    user: User,
    *,
    limit: int,
    offset: int,
    types: Sequence[str] | None = None,
    days: int | None = None,
) -> dict[str, Any]:
    """A user's own actions plus what happened to their pitches, newest first."""
    since = timezone.now() - timedelta(days=days) if days else None
    events, total = stats.recent_events(
        user_ids=[user.pk], creator_id=user.pk, types=types, since=since, limit=limit, offset=offset
    )
    items = activity_items(events, viewer=user)
    return {"activities": items, "total": total, "limit": limit, "offset": offset}


def following_feed(user: User, *, limit: int) -> dict[str, Any]:
    """`/api/activity/feed`: what the people you follow did publicly, and your own actions."""
    followed = list(Follow.objects.filter(follower=user).values_list("following_id", flat=True))
    events, total = stats.feed_events(
        own_id=user.pk, followed_ids=followed, public_types=PUBLIC_TYPES, limit=limit
    )
    items = activity_items(events, viewer=user)
    by_type: dict[str, int] = {}
    for item in items:
        by_type[item["type"]] = by_type.get(item["type"], 0) + 1
    return {
        "items": items,
        "summary": {"total": total, "following": len(followed), "by_type": by_type},
        "total": total,
    }


def since_days(days: int) -> datetime:
    return periods.day_start(days - 1, now=timezone.now())


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
            "series": _series_out(series, PITCH_METRICS),
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


def investor_analytics(user: User, *, days: int) -> dict[str, Any]:
    """`/api/investor/analytics`: own activity; the portfolio comes from the apps that own it."""
    activity = actor_analytics(user, days=days)
    extra = dashboards.sections("investor", user.pk)
    return {
        **activity,
        "activity": activity["period"],
        "ndas": extra.get("ndas", {"pending": 0, "approved": 0, "rejected": 0}),
        "portfolio": extra.get(
            "portfolio",
            {"total_invested": 0, "active_investments": 0, "current_value": 0, "roi": 0},
        ),
    }


def production_analytics(
    user: User, *, days: int, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`/api/production/analytics`: the company's activity, NDAs and (when built) its calls."""
    activity = actor_analytics(user, days=days)
    extra = dashboards.sections("production", user.pk) if extra is None else extra
    return {
        **activity,
        "overview": {
            **activity["period"],
            "submissions": extra.get("submissions", {}).get("total", 0),
            "open_calls": extra.get("calls", {}).get("open", 0),
        },
        "ndas": extra.get("ndas", {"pending": 0, "approved": 0, "rejected": 0}),
        "calls": extra.get("calls", {"open": 0, "engagement": []}),
    }


def production_dashboard(user: User) -> dict[str, Any]:
    """`/api/production/dashboard`: activity, NDAs, review queue and submissions."""
    extra = dashboards.sections("production", user.pk)
    body = production_analytics(user, days=30, extra=extra)
    return {
        "stats": body["overview"],
        "series": body["series"],
        "ndas": body["ndas"],
        "queue": extra.get("queue", []),
        "submissions": extra.get("submissions", {"total": 0, "new": 0, "accepted": 0}),
        "calls": body["calls"],
        "recent_activity": own_activity(user, limit=10, offset=0)["activities"],
    }


def staff_dashboard(*, days: int) -> dict[str, Any]:
    """`/api/admin/dashboard`: platform totals, this period's figures and recent sign-ups."""
    body = platform_analytics(days=days)
    recent = list(
        User.objects.order_by("-created_at", "-id").values(
            "id", "email", "user_type", "created_at", "email_verified"
        )[:10]
    )
    return {
        "stats": {
            "total_users": body["users"]["total"],
            "active_users": body["users"]["active"],
            "total_pitches": body["pitches"]["total"],
            "published_pitches": body["pitches"]["published"],
            **{f"period_{k}": v for k, v in body["period"].items()},
        },
        "users": body["users"],
        "funnel": body["funnel"],
        "recent_users": recent,
        **dashboards.sections("staff", 0),
    }


def staff_analytics(*, days: int) -> dict[str, Any]:
    """`/api/admin/analytics`: the platform's figures, funnel, liquidity and slow requests."""
    from analytics.selectors import slow_requests

    body = platform_analytics(days=days)
    body["liquidity"] = nda_liquidity(days=days, limit=10)
    body["slow_requests"] = slow_requests(days=7, limit=20)
    return body
