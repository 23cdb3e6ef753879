"""Reads of the company's deals, which live in the investments app's shared deal model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from investments.models import Deal

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "amount": ("-amount", "-id"),
    "updated": ("-updated_at", "-id"),
}


def company_deals(
    user: User | AnonymousUser,
    *,
    status: str = "",
    creator_id: int | None = None,
    sort: str = "newest",
) -> QuerySet[Deal]:
    """Deals the company proposed (it is the counterparty), newest first by default."""
    rows = Deal.objects.involving(user).filter(counterparty_kind="production").for_display()
    if status:
        rows = rows.filter(status=status)
    if creator_id:
        rows = rows.filter(creator_id=creator_id)
    return rows.order_by(*SORTS.get(sort, SORTS["newest"]))


def company_deal_or_404(user: User | AnonymousUser, deal_id: int) -> Deal:
    return get_object_or_404(
        Deal.objects.involving(user).for_display().prefetch_related("signatures"), pk=deal_id
    )
