from __future__ import annotations

from typing import Any

from django import template

from billing.services.credits import balance_of

register = template.Library()


@register.inclusion_tag("billing/partials/credit_balance.html", takes_context=True)
def credit_balance(context: dict[str, Any]) -> dict[str, Any]:
    """The header's credit balance; realtime.js replaces the number on `credits_update`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    balance = balance_of(user.pk) if user is not None and user.is_authenticated else 0
    return {"balance": balance}
