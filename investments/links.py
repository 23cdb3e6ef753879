"""Where notifications and pages point for investments and deals (the portal pages)."""

from __future__ import annotations

from typing import Any


def funding_page() -> str:
    return "/creator/funding/"


def investments_page() -> str:
    return "/investor/investments/"


def deal_page(deal: Any, user_id: int) -> str:
    """The deal's page; both parties (creator, investor or production company) share it."""
    return f"/deals/{deal.pk}/"
