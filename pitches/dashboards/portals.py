"""Investor, production and staff figures: own activity, NDAs, the platform and its funnel."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from analytics import dashboards, periods
from analytics import selectors as stats
from pitches.dashboards.common import (
    ACTOR_METRICS,
    PLATFORM_METRICS,
    named_totals,
    series_rows,
)
from pitches.dashboards.feeds import own_activity
from pitches.models import Pitch


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
        "all_time": named_totals(lifetime.get(user.pk, {}), ACTOR_METRICS),
        "period": window,
        "series": series_rows(series, ACTOR_METRICS),
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
        "queue_total": extra.get("queue_total", 0),
        "slate": extra.get("slate", {}),
        "meetings": extra.get("meetings", []),
        "recent_activity": own_activity(user, limit=10, offset=0)["activities"],
    }


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
        "all_time": named_totals(lifetime, PLATFORM_METRICS),
        "period": window,
        "funnel": funnel(window),
        "series": series_rows(series, PLATFORM_METRICS),
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
