"""Starting payments: Checkout for credit packs and subscriptions, the billing portal, cancelling
at period end, and the saved payment methods. The webhook records what actually happened."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from analytics import record_activity
from billing import catalog
from billing.models import Payment, Subscription
from billing.providers import CheckoutRequest, CheckoutSession, LineItem, Provider, get_provider
from billing.services.promos import check_promo
from billing.services.subscriptions import apply_subscription, current_subscription
from pitchey import runtime
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User
    from billing.models import PromoCode


def _field_error(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def require_payments() -> None:
    """Refuse (503) a new payment or plan change while staff have switched payments off. The
    provider's webhooks keep being applied (money already moving is recorded) and credits already
    bought can still be spent."""
    runtime.require_feature("payments", "Payments")


def _customer(user: User, provider: Provider) -> str:
    customer_id = provider.ensure_customer(user)
    if customer_id != user.stripe_customer_id:
        get_user_model().objects.filter(pk=user.pk).update(stripe_customer_id=customer_id)
        user.stripe_customer_id = customer_id
    return customer_id


def _checkout(
    user: User,
    *,
    mode: str,
    line: LineItem,
    metadata: dict[str, str],
    urls: tuple[str, str, str],
    promo: PromoCode | None = None,
) -> CheckoutSession:
    provider = get_provider()
    success_url, cancel_url, site_base = urls
    request = CheckoutRequest(
        mode=mode,
        customer_id=_customer(user, provider),
        line=line,
        metadata={"user_id": str(user.pk), **metadata},
        success_url=success_url,
        cancel_url=cancel_url,
        client_reference_id=str(user.pk),
        site_base=site_base,
        promo=promo,
    )
    return provider.create_checkout(request)


def start_credit_checkout(
    *, user: User, package: str, urls: tuple[str, str, str]
) -> tuple[Payment, CheckoutSession]:
    """Open a Checkout for a credit pack and record the pending payment.

    `urls` are (success URL, cancel URL, this server's base URL); the credits arrive with the
    `checkout.session.completed` webhook, never from the browser's return.
    """
    require_payments()
    pack = catalog.pack(package)
    if pack is None:
        raise _field_error("credit_package", "Choose one of the credit packages.")
    line = LineItem(
        f"{pack.credits} Pitchey credits", catalog.cents(pack.price), catalog.currency()
    )
    metadata = {"kind": "credits", "pack": pack.id, "credits": str(pack.credits)}
    session = _checkout(user, mode="payment", line=line, metadata=metadata, urls=urls)
    defaults = {
        "user": user,
        "type": Payment.Type.CREDITS,
        "amount": pack.price,
        "currency": catalog.currency(),
        "credits": pack.credits,
        "description": f"{pack.credits} credits",
        "metadata": {"pack": pack.id},
    }
    try:
        payment, _ = Payment.objects.get_or_create(stripe_session_id=session.id, defaults=defaults)
    except IntegrityError:  # the webhook recorded it first
        payment = Payment.objects.get(stripe_session_id=session.id)
    return payment, session


def _plan_for(user: User, tier: str, interval: str) -> catalog.Plan:
    if user.user_type not in catalog.PORTAL_OF_USER_TYPE:
        raise NotAllowed("Watchers cannot subscribe; the watcher plan is free.")
    plan = catalog.plan(tier)
    if plan is None or plan.portal != catalog.PORTAL_OF_USER_TYPE[user.user_type]:
        raise _field_error("tier", "Choose one of the plans of your portal.")
    if interval not in catalog.INTERVALS:
        raise _field_error("billing_interval", "Choose monthly or annual billing.")
    return plan


def start_subscription_checkout(
    *, user: User, tier: str, interval: str, promo_code: str, urls: tuple[str, str, str]
) -> CheckoutSession:
    """Open a subscription Checkout for one of the user's portal plans (403 for watchers)."""
    require_payments()
    plan = _plan_for(user, tier, interval or "monthly")
    interval = interval or "monthly"
    if current_subscription(user) is not None:
        raise Conflict(
            "You already have a subscription: change or cancel it in the billing portal."
        )
    promo = check_promo(user=user, code=promo_code) if promo_code.strip() else None
    line = LineItem(
        f"Pitchey {plan.name} ({interval})",
        catalog.cents(plan.price(interval)),
        catalog.currency(),
        interval,
    )
    metadata = {
        "kind": "subscription",
        "plan": plan.id,
        "interval": interval,
        "promo": promo.code if promo else "",
    }
    return _checkout(
        user, mode="subscription", line=line, metadata=metadata, urls=urls, promo=promo
    )


def open_billing_portal(*, user: User, return_url: str, site_base: str) -> str:
    """A billing-portal session URL; makes the customer first if the user never paid."""
    require_payments()
    provider = get_provider()
    return provider.create_portal_session(
        customer_id=_customer(user, provider), return_url=return_url, site_base=site_base
    )


def _live_subscription(user: User) -> Subscription:
    subscription = current_subscription(user)
    if subscription is None:
        raise NotFoundError("You have no active subscription.")
    return subscription


def set_cancel_at_period_end(*, user: User, cancel: bool) -> Subscription:
    """Stop (or resume) renewal: the plan stays until the period ends; Stripe confirms by
    webhook."""
    require_payments()
    subscription = _live_subscription(user)
    obj = get_provider().set_cancel_at_period_end(
        subscription_id=subscription.stripe_subscription_id, cancel=cancel
    )
    with transaction.atomic():
        row, _ = apply_subscription(obj=obj, at=None)
        action = "cancel_requested" if cancel else "resumed"
        record_activity(subscription, f"billing.subscription.{action}", actor=user)
    return row or subscription


def payment_methods(*, user: User) -> list[dict[str, Any]]:
    if not user.stripe_customer_id:
        return []
    return get_provider().list_payment_methods(customer_id=user.stripe_customer_id)


def set_default_payment_method(*, user: User, payment_method_id: str) -> None:
    """Make one of the user's own saved cards the default (404 for anyone else's)."""
    require_payments()
    owned = {pm["id"] for pm in payment_methods(user=user)}
    if payment_method_id not in owned:
        raise NotFoundError("Payment method not found.")
    get_provider().set_default_payment_method(
        customer_id=user.stripe_customer_id, payment_method_id=payment_method_id
    )
