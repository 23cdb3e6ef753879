from __future__ import annotations

from typing import Any

from django import template

from billing.services.credits import balance_of, price_of

register = template.Library()


@register.inclusion_tag("billing/partials/credit_balance.html", takes_context=True)
def credit_balance(context: dict[str, Any]) -> dict[str, Any]:
    """The header's credit balance; realtime.js replaces the number on `credits_update`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    balance = balance_of(user.pk) if user is not None and user.is_authenticated else 0
    return {"balance": balance}


@register.inclusion_tag("billing/partials/action_price.html", takes_context=True)
def action_price(context: dict[str, Any], action: str) -> dict[str, Any]:
    """What `action` costs the current user and whether their balance covers it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"price": 0, "action": action}
    price = price_of(user=user, action=action)
    balance = balance_of(user.pk)
    return {"price": price, "balance": balance, "short": balance < price, "action": action}
