"""The payment provider: Stripe when keys are set, otherwise the local sandbox (DEBUG only)."""

from __future__ import annotations

from django.conf import settings

from billing.providers.base import (
    CheckoutRequest,
    CheckoutSession,
    LineItem,
    PaymentsUnavailable,
    Provider,
    ProviderError,
)

__all__ = [
    "CheckoutRequest",
    "CheckoutSession",
    "LineItem",
    "PaymentsUnavailable",
    "Provider",
    "ProviderError",
    "get_provider",
    "is_sandbox",
]


def is_sandbox() -> bool:
    return not settings.STRIPE_SECRET_KEY and bool(settings.BILLING_SANDBOX)


def get_provider() -> Provider:
    """The provider the current settings select (read on every call, so tests can switch)."""
    if settings.STRIPE_SECRET_KEY:
        from billing.providers.stripe_api import StripeProvider

        return StripeProvider()
    if settings.BILLING_SANDBOX:
        from billing.providers.sandbox import SandboxProvider

        return SandboxProvider()
    raise PaymentsUnavailable("Payments are not configured on this server.")
