"""Market trends across the marketplace and the risk profile of one portfolio."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from investments.models import Investment
from investments.selectors.portfolio import ZERO, percent
from pitches.models import Pitch

if TYPE_CHECKING:
    from accounts.models import User

EARLY_STAGES = ("pitch", "treatment", "script", "other", "")


def market_trends(*, days: int = 90) -> dict[str, Any]:
    """Per genre: pitches seeking investment, their average views, and money invested lately
    (two queries)."""
    since = timezone.now() - timedelta(days=days)
    supply = (
        Pitch.objects.published()
        .filter(seeking_investment=True)
        .values("genre")
        .annotate(pitches=Count("id"), avg_views=Avg("view_count"))
        .order_by()
    )
    money = (
        Investment.objects.filter(created_at__gte=since)
        .exclude(status__in=[Investment.Status.WITHDRAWN, Investment.Status.CANCELLED])
        .values("pitch__genre")
        .annotate(invested=Sum("amount"), deals=Count("id"))
        .order_by()
    )
    invested: dict[str, dict[str, Any]] = {row["pitch__genre"]: dict(row) for row in money}
    genres = []
    for row in supply:
        name = row["genre"] or "Other"
        flow = invested.get(row["genre"], {})
        genres.append(
            {
                "genre": name,
                "open_pitches": row["pitches"],
                "average_views": round(float(row["avg_views"] or 0), 1),
                "recent_investment": flow.get("invested") or ZERO,
                "recent_investments": flow.get("deals") or 0,
            }
        )
    genres.sort(key=lambda g: (-g["recent_investment"], -g["open_pitches"], g["genre"]))
    return {
        "period_days": days,
        "genres": genres,
        "trending_genres": [g["genre"] for g in genres[:5]],
        "total_open_pitches": sum(g["open_pitches"] for g in genres),
    }


def portfolio_risk(user: User) -> dict[str, Any]:
    """Concentration (largest genre and largest holding), early-stage share and a level."""
    rows = list(
        Investment.objects.held_by(user)
        .holding()
        .values("pitch__genre", "pitch__development_stage", "amount", "currency")
    )
    total = sum((r["amount"] for r in rows), ZERO)
    by_genre: dict[str, Decimal] = {}
    for r in rows:
        name = r["pitch__genre"] or "Other"
        by_genre[name] = by_genre.get(name, ZERO) + r["amount"]
    top_genre = max(by_genre.items(), key=lambda kv: kv[1], default=("", ZERO))
    largest = max((r["amount"] for r in rows), default=ZERO)
    early = sum((r["amount"] for r in rows if r["pitch__development_stage"] in EARLY_STAGES), ZERO)
    concentration = percent(top_genre[1], total)
    early_share = percent(early, total)
    score = min(100, int(concentration / 2 + early_share / 2 + (30 if len(rows) < 3 else 0)))
    level = "low" if score < 35 else "medium" if score < 65 else "high"
    return {
        "risk_level": level,
        "risk_score": score,
        "holdings": len(rows),
        "genre_concentration": concentration,
        "largest_genre": top_genre[0] or None,
        "largest_holding_share": percent(largest, total),
        "early_stage_share": early_share,
        "by_genre": [
            {"genre": g, "invested": v, "share": percent(v, total)}
            for g, v in sorted(by_genre.items(), key=lambda kv: -kv[1])
        ],
        "recommendations": _advice(len(rows), concentration, early_share),
    }


def _advice(holdings: int, concentration: Decimal, early: Decimal) -> list[str]:
    advice = []
    if holdings < 3:
        advice.append("Fewer than three holdings: one project decides the whole portfolio.")
    if concentration > 50:
        advice.append(f"{concentration}% sits in one genre; spreading across genres lowers risk.")
    if early > 50:
        advice.append(f"{early}% is in projects before packaging; they take longer to return.")
    return advice or ["The portfolio is spread across genres and stages."]


def budget_usage(user: User, categories: list[str]) -> dict[str, Decimal]:
    """Money held per genre among `categories` (one query)."""
    rows = (
        Investment.objects.held_by(user)
        .exclude(status__in=[Investment.Status.WITHDRAWN, Investment.Status.CANCELLED])
        .filter(Q(pitch__genre__in=categories))
        .values("pitch__genre")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["pitch__genre"]: row["total"] for row in rows}
