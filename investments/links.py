"""Where notifications and pages point for investments and deals (the portal pages)."""

from __future__ import annotations

from typing import Any


def funding_page() -> str:
    return "/creator/funding/"


def investments_page() -> str:
    return "/investor/investments/"


def deal_page(deal: Any, user_id: int) -> str:
    """The deal's page in the portal of `user_id` (the creator's or the counterparty's)."""
    if user_id == deal.creator_id:
        return f"/creator/deals/{deal.pk}/"
    return f"/investor/deals/{deal.pk}/"
