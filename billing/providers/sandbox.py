"""The sandbox provider: payments for local runs and demos, with no Stripe account.

Its checkout and portal are pages of this server, clearly labelled as a sandbox. "Pay (test)" builds
the events Stripe would send, in Stripe's JSON shapes, signs them with a local secret and hands
them to the same webhook handler as real Stripe events, so the whole path runs locally.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from billing import stripe_shapes as shapes
from billing.models import SandboxObject
from billing.providers.base import CheckoutRequest, CheckoutSession
from pitchey.errors import DomainError, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

MONTH = int(timedelta(days=30).total_seconds())
YEAR = int(timedelta(days=365).total_seconds())


def sandbox_secret() -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), b"billing.sandbox.webhook", hashlib.sha256)
    return f"whsec_sandbox_{digest.hexdigest()[:32]}"


def _save(obj_id: str, kind: str, data: dict[str, Any], user_id: int | None = None) -> None:
    SandboxObject.objects.update_or_create(
        pk=obj_id, defaults={"kind": kind, "data": data, "user_id": user_id}
    )


def _locked(obj_id: str, kind: str) -> SandboxObject:
    obj = SandboxObject.objects.select_for_update().filter(pk=obj_id, kind=kind).first()
    if obj is None:
        raise NotFoundError("Not found in the sandbox.")
    return obj


def deliver(event: dict[str, Any]) -> str:
    """Sign `event` like Stripe does and pass it through the webhook handler."""
    from billing.services import webhooks

    payload = shapes.encode(event)
    header = stripe.WebhookSignature.generate_signature_header(payload.decode(), sandbox_secret())
    return webhooks.handle_webhook(payload=payload, signature=header).outcome


class SandboxProvider:
    name = "sandbox"

    def webhook_secret(self) -> str:
        return sandbox_secret()

    def ensure_customer(self, user: User) -> str:
        if user.stripe_customer_id.startswith("cus_sbx_"):
            return user.stripe_customer_id
        customer_id = shapes.new_id("cus_sbx")
        data = {"id": customer_id, "object": "customer", "email": user.email}
        _save(customer_id, "customer", data, user.pk)
        return customer_id

    def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        session_id = shapes.new_id("cs_sbx")
        url = request.site_base + reverse("billing:sandbox-checkout", args=[session_id])
        percent = request.promo.percent_off if request.promo is not None else 0
        amount = request.line.amount_cents * (100 - percent) // 100
        session = shapes.checkout_session(
            session_id=session_id,
            mode=request.mode,
            customer=request.customer_id,
            amount_total=amount,
            currency=request.line.currency,
            metadata=request.metadata,
            url=url,
            success_url=request.success_url,
            cancel_url=request.cancel_url,
            client_reference_id=request.client_reference_id,
        )
        session["sandbox"] = {
            "name": request.line.name,
            "list_amount": request.line.amount_cents,
            "interval": request.line.interval,
            "percent_off": percent,
            "site_base": request.site_base,
        }
        user_id = int(request.client_reference_id) if request.client_reference_id else None
        _save(session_id, "checkout.session", session, user_id)
        return CheckoutSession(id=session_id, url=url)

    def create_portal_session(self, *, customer_id: str, return_url: str, site_base: str) -> str:
        session_id = shapes.new_id("bps_sbx")
        data = {"id": session_id, "customer": customer_id, "return_url": return_url}
        _save(session_id, "billing_portal.session", data)
        return site_base + reverse("billing:sandbox-portal", args=[session_id])

    @transaction.atomic
    def set_cancel_at_period_end(self, *, subscription_id: str, cancel: bool) -> dict[str, Any]:
        obj = _locked(subscription_id, "subscription")
        if obj.data["status"] == "canceled":
            raise DomainError("This subscription has already ended.")
        obj.data["cancel_at_period_end"] = cancel
        obj.data["canceled_at"] = shapes.now() if cancel else None
        obj.save(update_fields=["data", "updated_at"])
        event = shapes.event("customer.subscription.updated", obj.data)
        # Stripe delivers its webhook after the API call has answered.
        transaction.on_commit(lambda: deliver(event))
        return dict(obj.data)

    def list_subscriptions(self) -> Iterator[dict[str, Any]]:
        for obj in SandboxObject.objects.filter(kind="subscription").order_by("created_at"):
            yield dict(obj.data)

    def list_payment_methods(self, *, customer_id: str) -> list[dict[str, Any]]:
        customer = SandboxObject.objects.filter(pk=customer_id, kind="customer").first()
        default = (customer.data.get("invoice_settings") or {}) if customer else {}
        methods = SandboxObject.objects.filter(
            kind="payment_method", data__customer=customer_id
        ).order_by("created_at")
        return [
            {**m.data, "is_default": m.pk == default.get("default_payment_method")} for m in methods
        ]

    @transaction.atomic
    def set_default_payment_method(self, *, customer_id: str, payment_method_id: str) -> None:
        customer = _locked(customer_id, "customer")
        customer.data["invoice_settings"] = {"default_payment_method": payment_method_id}
        customer.save(update_fields=["data", "updated_at"])

    @transaction.atomic
    def delete_customer(self, *, customer_id: str) -> None:
        SandboxObject.objects.filter(pk=customer_id, kind="customer").delete()

    def refund(
        self,
        *,
        payment_intent: str,
        charge_id: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> dict[str, Any]:
        """Refund like Stripe: once per idempotency key, then the signed `charge.refunded`
        event goes through the same webhook handler as Stripe's."""
        key = f"re_key_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}"
        done = SandboxObject.objects.filter(pk=key, kind="refund").first()
        if done is not None:
            return dict(done.data)
        charge = _locked(payment_intent, "charge") if payment_intent else None
        if charge is None or (charge_id and charge.data.get("id") != charge_id):
            raise NotFoundError("No such charge in the sandbox.")
        data = {
            "id": shapes.new_id("re_sbx"),
            "object": "refund",
            "amount": amount_cents,
            "charge": charge.data["id"],
            "payment_intent": payment_intent,
            "metadata": metadata,
            "status": "succeeded",
        }
        _save(key, "refund", data, charge.user_id)
        refund(payment_intent=payment_intent, amount=amount_cents)
        return data


# --- what the sandbox pages do (the part Stripe's hosted pages would do) ------------------------


def checkout_of(*, session_id: str, user: User) -> SandboxObject:
    obj = SandboxObject.objects.filter(pk=session_id, kind="checkout.session", user=user).first()
    if obj is None:
        raise NotFoundError("Checkout session not found.")
    return obj


def _save_card(customer_id: str, user: User) -> None:
    if SandboxObject.objects.filter(kind="payment_method", data__customer=customer_id).exists():
        return
    pm_id = shapes.new_id("pm_sbx")
    card = shapes.payment_method(pm_id=pm_id, customer=customer_id, name=user.display_name)
    _save(pm_id, "payment_method", card, user.pk)
    SandboxProvider().set_default_payment_method(customer_id=customer_id, payment_method_id=pm_id)


def _charge(session: dict[str, Any], user: User, amount: int) -> tuple[str, str]:
    intent, charge_id = shapes.new_id("pi_sbx"), shapes.new_id("ch_sbx")
    data = shapes.charge(
        charge_id=charge_id,
        payment_intent=intent,
        customer=session["customer"],
        amount=amount,
        amount_refunded=0,
        currency=session["currency"],
    )
    _save(intent, "charge", data, user.pk)
    return intent, charge_id


def _open_subscription(session: dict[str, Any], user: User) -> list[dict[str, Any]]:
    """The subscription, and its first invoice paid, that a subscription checkout creates."""
    info = session["sandbox"]
    start = shapes.now()
    sub_id = shapes.new_id("sub_sbx")
    sub = shapes.subscription(
        subscription_id=sub_id,
        customer=session["customer"],
        status="active",
        metadata=session["metadata"],
        amount=info["list_amount"],
        currency=session["currency"],
        interval=info["interval"],
        period_start=start,
        period_end=start + (YEAR if info["interval"] == "annual" else MONTH),
    )
    _save(sub_id, "subscription", sub, user.pk)
    session["subscription"] = sub_id
    invoice = _invoice(sub, session["amount_total"], user)
    return [
        shapes.event("customer.subscription.created", sub),
        shapes.event("invoice.paid", invoice),
    ]


def _invoice(sub: dict[str, Any], amount: int, user: User) -> dict[str, Any]:
    start, end = shapes.subscription_period(sub)
    currency = str(settings.BILLING_CURRENCY)
    intent, charge_id = _charge({"customer": sub["customer"], "currency": currency}, user, amount)
    invoice_id = shapes.new_id("in_sbx")
    plan = sub["metadata"].get("plan", "")
    invoice = shapes.invoice(
        invoice_id=invoice_id,
        customer=sub["customer"],
        subscription_id=sub["id"],
        metadata=sub["metadata"],
        amount=amount,
        currency=currency,
        status="paid",
        period_start=start or shapes.now(),
        period_end=end or shapes.now(),
        payment_intent=intent,
        charge=charge_id,
        description=f"Pitchey {plan} subscription",
    )
    _save(invoice_id, "invoice", invoice, user.pk)
    return invoice


@transaction.atomic
def pay(*, session_id: str, user: User) -> str:
    """Complete an open sandbox checkout as if the card were charged; returns the success URL."""
    obj = _locked(session_id, "checkout.session")
    if obj.user_id != user.pk:
        raise NotFoundError("Checkout session not found.")
    session = obj.data
    success_url = str(session["success_url"]).replace("{CHECKOUT_SESSION_ID}", session_id)
    if session["status"] != "open":
        return success_url
    _save_card(session["customer"], user)
    events: list[dict[str, Any]] = []
    if session["mode"] == "subscription":
        events = _open_subscription(session, user)
    else:
        session["payment_intent"], _ = _charge(session, user, session["amount_total"])
    session.update(status="complete", payment_status="paid", url=None)
    obj.save(update_fields=["data", "updated_at"])
    for event in [shapes.event("checkout.session.completed", session), *events]:
        deliver(event)
    return success_url


@transaction.atomic
def refund(*, payment_intent: str, amount: int | None = None) -> None:
    """Refund a sandbox charge (in full unless `amount` cents are given)."""
    obj = _locked(payment_intent, "charge")
    total = int(obj.data["amount"])
    refunded = min(total, int(obj.data["amount_refunded"]) + (amount or total))
    obj.data.update(amount_refunded=refunded, refunded=refunded >= total)
    obj.save(update_fields=["data", "updated_at"])
    deliver(shapes.event("charge.refunded", obj.data))


@transaction.atomic
def dispute(*, payment_intent: str, reason: str = "fraudulent") -> None:
    charge = _locked(payment_intent, "charge").data
    deliver(
        shapes.event(
            "charge.dispute.created",
            shapes.dispute(
                dispute_id=shapes.new_id("dp_sbx"),
                charge_id=charge["id"],
                payment_intent=payment_intent,
                amount=int(charge["amount"]),
                currency=charge["currency"],
                reason=reason,
            ),
        )
    )


def _end(obj: SandboxObject) -> None:
    now = shapes.now()
    obj.data.update(status="canceled", canceled_at=obj.data.get("canceled_at") or now, ended_at=now)
    obj.save(update_fields=["data", "updated_at"])
    deliver(shapes.event("customer.subscription.deleted", obj.data))


@transaction.atomic
def end_now(*, subscription_id: str) -> None:
    """End a sandbox subscription immediately (Stripe's "cancel now")."""
    _end(_locked(subscription_id, "subscription"))


@transaction.atomic
def renew(*, subscription_id: str) -> None:
    """Start the next period of a sandbox subscription and pay its invoice, as a renewal does."""
    obj = _locked(subscription_id, "subscription")
    if obj.data["status"] == "canceled" or obj.user is None:
        raise DomainError("This subscription has ended.")
    if obj.data.get("cancel_at_period_end"):
        _end(obj)
        return
    _, end = shapes.subscription_period(obj.data)
    start = int(end or shapes.now())
    length = YEAR if shapes.subscription_interval(obj.data) == "annual" else MONTH
    item = obj.data["items"]["data"][0]
    item.update(current_period_start=start, current_period_end=start + length)
    obj.save(update_fields=["data", "updated_at"])
    deliver(shapes.event("customer.subscription.updated", obj.data))
    invoice = _invoice(obj.data, item["price"]["unit_amount"], obj.user)
    deliver(shapes.event("invoice.paid", invoice))
