"""System checks: warn when payments would be taken by the sandbox, or webhooks cannot verify."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def payments_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    if settings.STRIPE_SECRET_KEY and not settings.STRIPE_WEBHOOK_SECRET:
        messages.append(
            checks.Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: every Stripe "
                "webhook will be refused, so no payment is ever recorded.",
                id="billing.W001",
            )
        )
    if not settings.STRIPE_SECRET_KEY and settings.BILLING_SANDBOX and not settings.DEBUG:
        messages.append(
            checks.Warning(
                "BILLING_SANDBOX is on outside DEBUG: anyone can 'pay' with the test button.",
                id="billing.W002",
            )
        )
    return messages
