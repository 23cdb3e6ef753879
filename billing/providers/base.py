"""What billing needs from a payment provider, and the values passed to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User
    from billing.models import PromoCode


class ProviderError(DomainError):
    """The provider refused or could not be reached (502: the fault is upstream)."""

    status_code = 502
    code = "PAYMENT_PROVIDER_ERROR"


class PaymentsUnavailable(DomainError):
    status_code = 503
    code = "SERVICE_UNAVAILABLE"


@dataclass(frozen=True)
class LineItem:
    name: str
    amount_cents: int
    currency: str
    interval: str | None = None  # "monthly" or "annual" for a subscription


@dataclass(frozen=True)
class CheckoutRequest:
    mode: str  # "payment" or "subscription"
    customer_id: str
    line: LineItem
    metadata: dict[str, str]
    success_url: str
    cancel_url: str
    client_reference_id: str
    site_base: str  # where this server answers, for the sandbox's own pages
    promo: PromoCode | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str


class Provider(Protocol):
    name: str

    def webhook_secret(self) -> str: ...

    def ensure_customer(self, user: User) -> str: ...

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession: ...

    def create_portal_session(
        self, *, customer_id: str, return_url: str, site_base: str
    ) -> str: ...

    def set_cancel_at_period_end(self, *, subscription_id: str, cancel: bool) -> dict[str, Any]: ...

    def list_subscriptions(self) -> Iterator[dict[str, Any]]: ...

    def list_payment_methods(self, *, customer_id: str) -> list[dict[str, Any]]: ...

    def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None: ...

    def delete_customer(self, *, customer_id: str) -> None:
        """Delete the person's customer (an erasure): their name, email and cards go with it,
        and any subscription still running ends. A customer already gone is no error."""
        ...

    def refund(
        self,
        *,
        payment_intent: str,
        charge_id: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> dict[str, Any]:
        """Refund `amount_cents` of a charge; the same key answers the same refund again. The
        provider then sends `charge.refunded`, which records it (billing.services.webhooks)."""
        ...
