"""Stripe webhooks: verify the signature, then apply each event id exactly once.

The processed-event row is inserted first, in the transaction of the event's effect: a concurrent
delivery of the same id waits on that insert and finds it, and a failed effect rolls the row back
so Stripe's retry applies it. Order is never assumed: subscriptions follow the newest event's
state, payments only move forward, and refunds recompute from Stripe's cumulative amounts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import stripe
from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics import record_activity
from billing import catalog
from billing import stripe_shapes as shapes
from billing.models import Payment, ProcessedEvent, Subscription
from billing.providers import get_provider
from billing.services import credits
from billing.services.common import (
    RetryLater,
    from_timestamp,
    locked_or_created,
    notify_staff,
    notify_user,
    user_for,
)
from billing.services.promos import redeem_promo
from billing.services.subscriptions import apply_subscription
from pitchey.errors import DomainError

EVENT_ID = re.compile(r"evt_[A-Za-z0-9_]{1,250}")
SETTLED = (Payment.Status.COMPLETED, Payment.Status.PARTIALLY_REFUNDED, Payment.Status.REFUNDED)


class InvalidSignature(DomainError):
    code = "INVALID_SIGNATURE"


@dataclass(frozen=True)
class WebhookResult:
    event_id: str
    type: str
    outcome: str  # applied, ignored, stale, duplicate


def _money(minor: Any) -> Decimal:
    return (Decimal(int(minor or 0)) / 100).quantize(Decimal("0.01"))


def handle_webhook(*, payload: bytes, signature: str | None) -> WebhookResult:
    """Verify a delivery with the `stripe` library, then apply it once. Raises InvalidSignature
    (400) before anything is written when the signature, its age or the JSON is wrong."""
    secret = get_provider().webhook_secret()
    if not secret:
        raise InvalidSignature("Webhook signing secret is not configured.")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature or "", secret, tolerance=stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = json.loads(payload)
    except (ValueError, stripe.SignatureVerificationError):  # UnicodeDecodeError is a ValueError
        raise InvalidSignature("The Stripe signature does not verify.") from None
    if not _looks_like_event(event) or b"\\u0000" in payload:
        raise InvalidSignature("The payload is not a Stripe event.")
    return apply_event(event)


def _looks_like_event(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and EVENT_ID.fullmatch(event["id"]) is not None
        and isinstance(event.get("type"), str)
        and isinstance(event.get("created"), int)
    )


@transaction.atomic
def apply_event(event: dict[str, Any]) -> WebhookResult:
    """Apply a verified event's effect unless its id was processed before."""
    try:
        with transaction.atomic():
            record = ProcessedEvent.objects.create(
                event_id=event["id"][:255],
                type=str(event.get("type", ""))[:100],
                created=from_timestamp(event.get("created")) or timezone.now(),
                livemode=bool(event.get("livemode")),
                outcome="processing",
            )
    except IntegrityError:
        return WebhookResult(event["id"], str(event.get("type", "")), "duplicate")
    handler = HANDLERS.get(record.type)
    obj = shapes.dig(event, "data", "object")
    outcome = handler(obj, record.created) if handler and isinstance(obj, dict) else "ignored"
    record.outcome = outcome
    record.save(update_fields=["outcome"])
    return WebhookResult(record.event_id, record.type, outcome)


# --- checkout ---------------------------------------------------------------------------------


def _checkout_completed(session: dict[str, Any], at: Any) -> str:
    metadata = session.get("metadata") or {}
    user = user_for(metadata, shapes.expanded_id(session.get("customer")))
    if user is None:
        return "ignored"
    if not user.stripe_customer_id and session.get("customer"):
        type(user).objects.filter(pk=user.pk).update(
            stripe_customer_id=shapes.expanded_id(session["customer"])
        )
    if metadata.get("promo"):
        redeem_promo(user=user, code=metadata["promo"], session_id=session["id"])
    if session.get("mode") != "payment":
        return "applied"  # the subscription and its invoice arrive as their own events
    return _credits_paid(session, user)


def _credits_paid(session: dict[str, Any], user: Any) -> str:
    metadata = session.get("metadata") or {}
    pack = catalog.pack(str(metadata.get("pack", "")))
    payment, _ = locked_or_created(
        Payment,
        {"stripe_session_id": session["id"]},
        {
            "user": user,
            "type": Payment.Type.CREDITS,
            "amount": _money(session.get("amount_total")),
            "currency": str(session.get("currency") or catalog.currency()),
            "credits": pack.credits if pack else int(metadata.get("credits") or 0),
            "description": f"{pack.credits if pack else metadata.get('credits')} credits",
        },
    )
    if payment.status in SETTLED or session.get("payment_status") != "paid":
        return "applied"
    payment.status = Payment.Status.COMPLETED
    payment.amount = _money(session.get("amount_total"))
    payment.stripe_payment_intent_id = shapes.expanded_id(session.get("payment_intent"))
    payment.completed_at = timezone.now()
    payment.save()
    credits.add_purchased(payment=payment)
    record_activity(
        payment,
        "billing.payment.completed",
        actor=user,
        data={"credits": payment.credits, "amount": str(payment.amount)},
    )
    notify_user(
        user.pk,
        f"{payment.credits} credits added",
        f"Your payment of {payment.amount} {payment.currency.upper()} went through.",
        {"payment_id": payment.pk},
    )
    return "applied"


def _checkout_expired(session: dict[str, Any], at: Any) -> str:
    updated = Payment.objects.filter(
        stripe_session_id=session["id"], status=Payment.Status.PENDING
    ).update(status=Payment.Status.EXPIRED, failed_at=timezone.now())
    return "applied" if updated else "ignored"


# --- subscriptions and invoices ----------------------------------------------------------------


def _subscription_event(kind: str) -> Callable[[dict[str, Any], Any], str]:
    def handle(obj: dict[str, Any], at: Any) -> str:
        return apply_subscription(obj=obj, at=at, kind=kind)[1]

    return handle


def _invoice_payment(inv: dict[str, Any]) -> tuple[Payment, dict[str, str]]:
    """The locked payment row of an invoice (made on first sight) and the plan it is for."""
    sub_id = shapes.invoice_subscription(inv)
    local = Subscription.objects.filter(stripe_subscription_id=sub_id).first() if sub_id else None
    metadata = shapes.invoice_metadata(inv)
    user = user_for(metadata, shapes.expanded_id(inv.get("customer")))
    if user is None and local is not None:
        user = local.user
    if user is None:
        raise RetryLater("This invoice's subscription is not known yet.")
    plan = str(metadata.get("plan") or (local.plan if local else ""))
    interval = str(metadata.get("interval") or (local.interval if local else "monthly"))
    payment, _ = locked_or_created(
        Payment,
        {"stripe_invoice_id": inv["id"]},
        {
            "user": user,
            "type": Payment.Type.SUBSCRIPTION,
            "amount": _money(inv.get("amount_due")),
            "currency": str(inv.get("currency") or catalog.currency()),
            "description": str(inv.get("description") or f"Pitchey {plan} subscription")[:255],
        },
    )
    return payment, {"subscription": sub_id, "plan": plan, "interval": interval}


def _invoice_paid(inv: dict[str, Any], at: Any) -> str:
    payment, info = _invoice_payment(inv)
    if payment.status in SETTLED:
        return "applied"
    intent, charge_id = shapes.invoice_payment(inv)
    start, end = shapes.invoice_period(inv)
    plan = catalog.plan(info["plan"])
    payment.status = Payment.Status.COMPLETED
    payment.amount = _money(inv.get("amount_paid"))
    payment.stripe_payment_intent_id = intent or payment.stripe_payment_intent_id
    payment.stripe_charge_id = charge_id or payment.stripe_charge_id
    payment.invoice_number = str(inv.get("number") or "")[:100]
    payment.invoice_url = str(inv.get("hosted_invoice_url") or "")[:1000]
    payment.invoice_pdf = str(inv.get("invoice_pdf") or "")[:1000]
    payment.period_start, payment.period_end = from_timestamp(start), from_timestamp(end)
    payment.credits = plan.credits_for(info["interval"]) if plan else 0
    payment.metadata = {**payment.metadata, **info}
    payment.completed_at = timezone.now()
    payment.save()
    previous = (
        Payment.objects.filter(metadata__subscription=info["subscription"], status__in=SETTLED)
        .exclude(pk=payment.pk)
        .order_by("-period_start", "-id")
        .first()
    )
    if previous is not None:
        credits.expire_allowance(
            user_id=payment.user_id, previous=previous, reference=f"expiry:{previous.pk}"
        )
    credits.add_purchased(payment=payment, kind="grant")
    record_activity(payment, "billing.payment.completed", data={"invoice": inv["id"]})
    return "applied"


def _invoice_failed(inv: dict[str, Any], at: Any) -> str:
    payment, _ = _invoice_payment(inv)
    if payment.status in SETTLED:
        return "stale"
    payment.status = Payment.Status.FAILED
    payment.failed_at = timezone.now()
    payment.save(update_fields=["status", "failed_at", "updated_at"])
    record_activity(payment, "billing.payment.failed", data={"invoice": inv["id"]})
    notify_user(
        payment.user_id,
        "Your subscription payment failed",
        "Update your card in the billing portal; Stripe will try again.",
        {"payment_id": payment.pk},
    )
    return "applied"


# --- refunds and disputes ----------------------------------------------------------------------


def _payment_of_charge(obj: dict[str, Any], charge_key: str) -> Payment:
    intent = shapes.expanded_id(obj.get("payment_intent"))
    charge_id = shapes.expanded_id(obj.get(charge_key))
    payment = None
    if intent:
        payment = (
            Payment.objects.select_for_update().filter(stripe_payment_intent_id=intent).first()
        )
    if payment is None and charge_id:
        payment = Payment.objects.select_for_update().filter(stripe_charge_id=charge_id).first()
    if payment is None:
        raise RetryLater("The payment this refers to is not recorded yet.")
    return payment


def _charge_refunded(charge: dict[str, Any], at: Any) -> str:
    payment = _payment_of_charge(charge, "id")
    refunded = min(_money(charge.get("amount_refunded")), payment.amount)
    if refunded <= payment.amount_refunded:
        return "stale"  # an older refund event: the cumulative amount already covers it
    payment.amount_refunded = refunded
    payment.stripe_charge_id = payment.stripe_charge_id or str(charge.get("id") or "")
    full = refunded >= payment.amount
    payment.status = Payment.Status.REFUNDED if full else Payment.Status.PARTIALLY_REFUNDED
    payment.save(update_fields=["amount_refunded", "stripe_charge_id", "status", "updated_at"])
    entry = credits.reverse_refunded(payment=payment)
    taken = -entry.amount if entry else 0
    record_activity(
        payment,
        "billing.payment.refunded",
        data={"amount_refunded": str(refunded), "credits_reversed": taken},
    )
    notify_user(
        payment.user_id,
        "Payment refunded",
        f"{refunded} {payment.currency.upper()} was refunded"
        + (f"; {taken} credits were taken back." if taken else "."),
        {"payment_id": payment.pk},
    )
    return "applied"


def _dispute_created(dispute: dict[str, Any], at: Any) -> str:
    payment = _payment_of_charge(dispute, "charge")
    if payment.disputed_at is not None:
        return "stale"
    payment.disputed_at = timezone.now()
    payment.dispute_reason = str(dispute.get("reason") or "")[:100]
    payment.save(update_fields=["disputed_at", "dispute_reason", "updated_at"])
    record_activity(payment, "billing.payment.disputed", data={"dispute": dispute.get("id")})
    notify_staff(
        "A payment is disputed",
        f"Payment {payment.pk} ({payment.amount} {payment.currency.upper()}) is disputed: "
        f"{payment.dispute_reason or 'no reason given'}.",
        {"payment_id": payment.pk},
    )
    return "applied"


HANDLERS: dict[str, Callable[[dict[str, Any], Any], str]] = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "customer.subscription.created": _subscription_event("created"),
    "customer.subscription.updated": _subscription_event("updated"),
    "customer.subscription.deleted": _subscription_event("deleted"),
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
}
