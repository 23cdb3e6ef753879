"""Who an investor's money connects them to, and who backs a creator: the investor network
(co-investors, creators, production companies), the creator's investors and funding overview,
and the creator's "Pitchey value". Each reader runs a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q, Sum

from investments.models import OPEN_DEAL_STATUSES, Deal, Investment
from investments.selectors.portfolio import ZERO

if TYPE_CHECKING:
    from accounts.models import User

LIVE = (Investment.Status.PENDING, Investment.Status.ACTIVE, Investment.Status.COMPLETED)


def _person(user: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": user.pk,
        "name": user.display_name,
        "username": user.username,
        "company_name": user.company_name,
        "user_type": user.user_type,
        "profile_image": user.profile_image_url,
        **extra,
    }


def _pitch_ids_of(user: User) -> list[int]:
    invested = Investment.objects.filter(investor=user, status__in=LIVE).values_list(
        "pitch_id", flat=True
    )
    dealt = Deal.objects.filter(counterparty=user).values_list("pitch_id", flat=True)
    return sorted(set(invested) | set(dealt))


def co_investors(user: User, pitch_ids: list[int]) -> list[dict[str, Any]]:
    """Other active investors holding money in the same pitches, most shared pitches first."""
    rows = (
        get_user_model()
        .objects.active()
        .filter(investments__pitch_id__in=pitch_ids, investments__status__in=LIVE)
        .exclude(pk=user.pk)
        .annotate(
            shared_pitches=Count("investments__pitch", distinct=True),
            last_invested=Max("investments__created_at"),
        )
        .order_by("-shared_pitches", "-last_invested", "id")[:100]
    )
    return [_person(u, shared_pitches=u.shared_pitches, relationship="co-investor") for u in rows]


def creators(user: User, pitch_ids: list[int]) -> list[dict[str, Any]]:
    """Creators of the pitches the investor backs or deals on."""
    rows = (
        get_user_model()
        .objects.active()
        .filter(pitches__pk__in=pitch_ids)
        .annotate(pitches_backed=Count("pitches", distinct=True))
        .order_by("-pitches_backed", "id")[:100]
    )
    return [_person(u, pitches_backed=u.pitches_backed, relationship="creator") for u in rows]


def production_companies(user: User, pitch_ids: list[int]) -> list[dict[str, Any]]:
    """Production companies with deals on the pitches the investor backs."""
    rows = (
        get_user_model()
        .objects.active()
        .filter(
            deals_as_counterparty__pitch_id__in=pitch_ids,
            deals_as_counterparty__counterparty_kind=Deal.CounterpartyKind.PRODUCTION,
        )
        .exclude(pk=user.pk)
        .annotate(shared_projects=Count("deals_as_counterparty__pitch", distinct=True))
        .order_by("-shared_projects", "id")[:100]
    )
    return [
        _person(u, shared_projects=u.shared_projects, relationship="production company")
        for u in rows
    ]


def network(user: User) -> dict[str, Any]:
    pitch_ids = _pitch_ids_of(user)
    people = {
        "co_investors": co_investors(user, pitch_ids),
        "creators": creators(user, pitch_ids),
        "production_companies": production_companies(user, pitch_ids),
    }
    return {
        **people,
        "stats": {key: len(value) for key, value in people.items()}
        | {"total": sum(len(v) for v in people.values()), "shared_pitches": len(pitch_ids)},
    }


# --- the creator's side ----------------------------------------------------------------------


def creator_investors(creator: User) -> dict[str, Any]:
    """Everyone with money in the creator's pitches, largest backer first (two queries)."""
    investments = list(
        Investment.objects.in_pitches_of(creator)
        .filter(status__in=LIVE)
        .select_related("investor", "pitch")
        .order_by("created_at", "id")
    )
    by_investor: dict[int, dict[str, Any]] = {}
    for inv in investments:
        entry = by_investor.setdefault(
            inv.investor_id,
            _person(
                inv.investor,
                total_invested=ZERO,
                investments=[],
                joined_date=inv.created_at,
                currency=inv.currency,
            ),
        )
        entry["total_invested"] += inv.amount
        entry["investments"].append(
            {
                "id": inv.pk,
                "pitch_id": inv.pitch_id,
                "pitch_title": inv.pitch.title,
                "amount": inv.amount,
                "currency": inv.currency,
                "status": inv.status,
                "created_at": inv.created_at,
            }
        )
    investors = sorted(by_investor.values(), key=lambda e: (-e["total_invested"], e["id"]))
    return {
        "investors": investors,
        "total_investors": len(investors),
        "total_raised": sum((i.amount for i in investments), ZERO),
    }


def funding_overview(creator: User) -> dict[str, Any]:
    """Money raised on the creator's pitches, per pitch, with the latest investments."""
    live = Investment.objects.in_pitches_of(creator).filter(status__in=LIVE)
    totals = live.aggregate(raised=Sum("amount"), count=Count("id"))
    backers = live.values("investor_id").distinct().count()
    raised = totals["raised"] or ZERO
    recent = list(live.select_related("investor", "pitch").order_by("-created_at", "-id")[:10])
    top = (
        live.values("investor_id")
        .annotate(total=Sum("amount"))
        .order_by("-total", "investor_id")
        .first()
    )
    top_person = None
    if top:
        top_user = next((i.investor for i in recent if i.investor_id == top["investor_id"]), None)
        top_user = top_user or get_user_model().objects.get(pk=top["investor_id"])
        top_person = {"id": top_user.pk, "name": top_user.display_name, "amount": top["total"]}
    per_pitch = list(
        live.values("pitch_id", "pitch__title")
        .annotate(raised=Sum("amount"), investors=Count("investor", distinct=True))
        .order_by("-raised", "pitch_id")
    )
    return {
        "total_raised": raised,
        "active_investors": backers,
        "total_investments": totals["count"],
        "average_investment": (raised / totals["count"]).quantize(Decimal("0.01"))
        if totals["count"]
        else ZERO,
        "recent_investments": [
            {
                "id": i.pk,
                "amount": i.amount,
                "currency": i.currency,
                "investor_name": i.investor.display_name,
                "pitch_id": i.pitch_id,
                "pitch_title": i.pitch.title,
                "date": i.created_at,
            }
            for i in recent
        ],
        "top_investor": top_person,
        "pitches": [
            {
                "pitch_id": row["pitch_id"],
                "title": row["pitch__title"],
                "raised": row["raised"],
                "investors": row["investors"],
            }
            for row in per_pitch
        ],
    }


def creator_value(creator: User) -> dict[str, Any]:
    """ "Your Pitchey value": money raised, deal value on the table and closed, counts."""
    raised = (
        Investment.objects.in_pitches_of(creator)
        .filter(status__in=LIVE)
        .aggregate(total=Sum("amount"), investors=Count("investor", distinct=True))
    )
    deals = Deal.objects.filter(creator=creator).aggregate(
        open_count=Count("id", filter=Q(status__in=OPEN_DEAL_STATUSES)),
        open_value=Sum("amount", filter=Q(status__in=OPEN_DEAL_STATUSES)),
        closed_count=Count("id", filter=Q(status=Deal.Status.CLOSED)),
        closed_value=Sum("amount", filter=Q(status=Deal.Status.CLOSED)),
    )
    total_raised = raised["total"] or ZERO
    closed_value = deals["closed_value"] or ZERO
    return {
        "total_value": total_raised + closed_value,
        "total_raised": total_raised,
        "investors": raised["investors"],
        "open_deals": deals["open_count"],
        "pipeline_value": deals["open_value"] or ZERO,
        "closed_deals": deals["closed_count"],
        "closed_deal_value": closed_value,
    }


def creator_companies(creator: User) -> list[dict[str, Any]]:
    """Production companies that made the creator deal offers, with their deal counts."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"deals": 0, "open": 0})
    rows = Deal.objects.filter(
        creator=creator, counterparty_kind=Deal.CounterpartyKind.PRODUCTION
    ).values_list("counterparty_id", "status")
    for company_id, status in rows:
        counts[company_id]["deals"] += 1
        counts[company_id]["open"] += status in OPEN_DEAL_STATUSES
    users = get_user_model().objects.active().filter(pk__in=counts).order_by("company_name", "id")
    return [_person(u, deals=counts[u.pk]["deals"], open_deals=counts[u.pk]["open"]) for u in users]
