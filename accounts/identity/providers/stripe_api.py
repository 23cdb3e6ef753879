"""Stripe Identity through the `stripe` library, configured like billing's Stripe provider
(`stripe.api_base` follows settings.STRIPE_API_BASE, which tests point at a local fake)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import stripe

from accounts.identity.providers.base import IdentityProviderError, VerificationSession
from billing.providers.stripe_api import configure_stripe

if TYPE_CHECKING:
    from accounts.models import User

T = TypeVar("T")
STATUSES = {"requires_input", "processing", "verified", "canceled"}


def _call(fn: Callable[[], T]) -> T:
    configure_stripe()
    try:
        return fn()
    except stripe.StripeError as exc:
        message = "The identity provider refused the request or could not be reached."
        raise IdentityProviderError(message, details={"stripe": str(exc)[:300]}) from exc


def _session(obj: Any) -> VerificationSession:
    data = dict(obj.to_dict()) if hasattr(obj, "to_dict") else dict(obj)
    status = str(data.get("status") or "")
    if status not in STATUSES or not data.get("id"):
        raise IdentityProviderError("The identity provider answered with an unknown session.")
    error = data.get("last_error") or {}
    return VerificationSession(
        id=str(data["id"]),
        status=status,
        url=str(data["url"]) if data.get("url") else None,
        last_error_code=str(error.get("code") or "")[:100],
    )


class StripeIdentityProvider:
    name = "stripe"

    def create_session(self, *, user: User, return_url: str, site_base: str) -> VerificationSession:
        created = _call(
            lambda: stripe.identity.VerificationSession.create(
                type="document",
                return_url=return_url,
                client_reference_id=str(user.pk),
                metadata={"user_id": str(user.pk)},
            )
        )
        return _session(created)

    def retrieve_session(self, session_id: str) -> VerificationSession:
        return _session(_call(lambda: stripe.identity.VerificationSession.retrieve(session_id)))
