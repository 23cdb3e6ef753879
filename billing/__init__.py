"""Billing: credits, plans, subscriptions and Stripe. Everyone may call `billing.spend(...)`.

Callers pass what is being paid for (any model instance); billing imports no app but accounts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User


def spend(*, user: User, action: str, subject: Any = None, quantity: int = 1) -> Any:
    """`billing.services.credits.spend`, importable before the app registry is ready."""
    from billing.services import credits

    return credits.spend(user=user, action=action, subject=subject, quantity=quantity)


def require_credits(*, user: User, action: str, quantity: int = 1) -> None:
    """Refuse early (402) when the user cannot pay for `action`; `spend` re-checks under lock."""
    from billing.services import credits

    credits.require_credits(user=user, action=action, quantity=quantity)


def document_action(document_type: str) -> str:
    """The cost action of uploading a pitch document of `document_type`."""
    from billing import catalog

    return catalog.document_action(document_type)
