"""What the investments app adds to other apps' screens: the investor's and the creator's
dashboard sections (`analytics.dashboards`) and the closed-deal fact of the creator's trust
tier (`pitches.engagement.reputation`). Each runs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from investments.models import OPEN_DEAL_STATUSES, Deal, Investment
from investments.selectors.portfolio import portfolio_summary


def investor_section(user_id: int) -> dict[str, Any]:
    """The portfolio figures on the investor's dashboard (the cached summary)."""
    summary = portfolio_summary(user_id)
    return {
        "portfolio": {
            "total_invested": summary["total_invested"],
            "current_value": summary["current_value"],
            "active_investments": summary["active_investments"],
            "roi": summary["return_percentage"],
            "currency": summary["currency"],
        },
        "open_deals": Deal.objects.filter(counterparty_id=user_id)
        .filter(status__in=OPEN_DEAL_STATUSES)
        .count(),
    }


def creator_section(user_id: int) -> dict[str, Any]:
    """Open deals and the latest investments on the creator's dashboard."""
    recent = (
        Investment.objects.filter(pitch__owner_id=user_id)
        .exclude(status__in=[Investment.Status.WITHDRAWN, Investment.Status.CANCELLED])
        .select_related("pitch", "investor")
        .order_by("-created_at", "-id")[:5]
    )
    return {
        "active_deals": Deal.objects.filter(creator_id=user_id)
        .filter(status__in=OPEN_DEAL_STATUSES)
        .count(),
        "recent_investments": [
            {
                "id": i.pk,
                "amount": i.amount,
                "currency": i.currency,
                "pitch_id": i.pitch_id,
                "pitch_title": i.pitch.title,
                "investor_name": i.investor.display_name,
                "created_at": i.created_at,
            }
            for i in recent
        ],
    }


def closed_deal_counts(creator_ids: list[int]) -> dict[int, int]:
    """Deals each creator closed (on Pitchey or elsewhere): a fact of their trust tier."""
    rows = (
        Deal.objects.filter(creator_id__in=creator_ids, status=Deal.Status.CLOSED)
        .values("creator_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["creator_id"]: row["n"] for row in rows}
