"""Real Stripe, through the `stripe` library. `stripe.api_base` follows settings.STRIPE_API_BASE,
which the tests point at a local fake of the endpoints used here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import stripe
from django.conf import settings

from billing.models import PromoCode
from billing.providers.base import CheckoutRequest, CheckoutSession, ProviderError

if TYPE_CHECKING:
    from accounts.models import User

T = TypeVar("T")
SANDBOX_PREFIX = "cus_sbx_"


def configure_stripe() -> None:
    """The one place the `stripe` library is pointed at the account and API base (billing's
    provider and the identity provider both call it)."""
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE
    stripe.max_network_retries = settings.STRIPE_NETWORK_RETRIES


def _call(fn: Callable[[], T]) -> T:
    configure_stripe()
    try:
        return fn()
    except stripe.StripeError as exc:
        message = getattr(exc, "user_message", None) or "The payment provider refused the request."
        raise ProviderError(str(message), details={"stripe": str(exc)[:300]}) from exc


def _plain(obj: Any) -> dict[str, Any]:
    return dict(obj.to_dict()) if hasattr(obj, "to_dict") else dict(obj)


class StripeProvider:
    name = "stripe"

    def webhook_secret(self) -> str:
        return str(settings.STRIPE_WEBHOOK_SECRET or "")

    def ensure_customer(self, user: User) -> str:
        existing = user.stripe_customer_id
        if existing and not existing.startswith(SANDBOX_PREFIX):
            return existing
        customer = _call(
            lambda: stripe.Customer.create(
                email=user.email,
                name=user.display_name,
                metadata={"user_id": str(user.pk)},
                # Two checkouts started at once reuse one customer.
                idempotency_key=f"pitchey-customer-{user.pk}",
            )
        )
        return str(customer["id"])

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        line = request.line
        price: dict[str, Any] = {
            "currency": line.currency,
            "unit_amount": line.amount_cents,
            "product_data": {"name": line.name},
        }
        params: dict[str, Any] = {
            "mode": request.mode,
            "customer": request.customer_id,
            "client_reference_id": request.client_reference_id,
            "line_items": [{"quantity": 1, "price_data": price}],
            "metadata": request.metadata,
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
        }
        if request.mode == "subscription":
            price["recurring"] = {"interval": "year" if line.interval == "annual" else "month"}
            params["subscription_data"] = {"metadata": request.metadata}
        else:
            params["payment_intent_data"] = {"metadata": request.metadata}
        if request.promo is not None:
            params["discounts"] = [{"coupon": self._coupon_for(request.promo)}]
        session = _call(lambda: stripe.checkout.Session.create(**params))
        return CheckoutSession(id=str(session["id"]), url=str(session["url"]))

    def _coupon_for(self, promo: PromoCode) -> str:
        if promo.stripe_coupon_id:
            return promo.stripe_coupon_id
        coupon = _call(
            lambda: stripe.Coupon.create(
                percent_off=promo.percent_off,
                duration="once",
                name=promo.code,
                metadata={"promo_id": str(promo.pk)},
                idempotency_key=f"pitchey-promo-{promo.pk}",
            )
        )
        PromoCode.objects.filter(pk=promo.pk).update(stripe_coupon_id=str(coupon["id"]))
        return str(coupon["id"])

    def create_portal_session(self, *, customer_id: str, return_url: str, site_base: str) -> str:
        session = _call(
            lambda: stripe.billing_portal.Session.create(
                customer=customer_id, return_url=return_url
            )
        )
        return str(session["url"])

    def set_cancel_at_period_end(self, *, subscription_id: str, cancel: bool) -> dict[str, Any]:
        sub = _call(
            lambda: stripe.Subscription.modify(subscription_id, cancel_at_period_end=cancel)
        )
        return _plain(sub)

    def list_subscriptions(self) -> Iterator[dict[str, Any]]:
        page = _call(lambda: stripe.Subscription.list(status="all", limit=100))
        try:
            for sub in page.auto_paging_iter():
                yield _plain(sub)
        except stripe.StripeError as exc:
            raise ProviderError(
                "Listing subscriptions failed.", details={"stripe": str(exc)[:300]}
            ) from exc

    def list_payment_methods(self, *, customer_id: str) -> list[dict[str, Any]]:
        customer = _plain(_call(lambda: stripe.Customer.retrieve(customer_id)))
        default = (customer.get("invoice_settings") or {}).get("default_payment_method")
        default_id = default.get("id") if isinstance(default, dict) else default
        methods = _plain(
            _call(lambda: stripe.PaymentMethod.list(customer=customer_id, type="card"))
        )
        return [{**pm, "is_default": pm["id"] == default_id} for pm in methods["data"]]

    def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None:
        _call(
            lambda: stripe.Customer.modify(
                customer_id, invoice_settings={"default_payment_method": payment_method_id}
            )
        )

    def delete_customer(self, *, customer_id: str) -> None:
        try:
            _call(lambda: stripe.Customer.delete(customer_id))
        except ProviderError as exc:
            cause = exc.__cause__
            if isinstance(cause, stripe.InvalidRequestError) and cause.code == "resource_missing":
                return  # deleted already (a retry, or at Stripe's dashboard)
            raise

    def refund(
        self,
        *,
        payment_intent: str,
        charge_id: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> dict[str, Any]:
        refund = _call(
            lambda: stripe.Refund.create(
                payment_intent=payment_intent or None,  # type: ignore[arg-type]
                charge=None if payment_intent else charge_id,  # type: ignore[arg-type]
                amount=amount_cents,
                reason="requested_by_customer",
                metadata=metadata,
                idempotency_key=idempotency_key,
            )
        )
        return _plain(refund)
