"""Stripe's JSON shapes (API version 2025-03-31 and later) for the objects billing reads.

The sandbox provider builds its objects and events with these, so a sandbox run exercises the same
parsing as real Stripe; the tests' fake Stripe server answers with them too. Readers accept the
older shapes as well (`invoice.subscription`, `invoice.payment_intent`, periods on the
subscription), since an account's webhook may be pinned to an older API version.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

API_VERSION = "2025-03-31.basil"


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def now() -> int:
    return int(time.time())


def checkout_session(
    *,
    session_id: str,
    mode: str,
    customer: str,
    amount_total: int,
    currency: str,
    metadata: dict[str, str],
    url: str,
    success_url: str,
    cancel_url: str,
    client_reference_id: str = "",
    status: str = "open",
    payment_intent: str | None = None,
    subscription: str | None = None,
) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": mode,
        "status": status,
        "payment_status": "paid" if status == "complete" else "unpaid",
        "customer": customer,
        "client_reference_id": client_reference_id or None,
        "amount_total": amount_total,
        "currency": currency,
        "metadata": metadata,
        "payment_intent": payment_intent,
        "subscription": subscription,
        "url": url if status == "open" else None,
        "success_url": success_url,
        "cancel_url": cancel_url,
        "created": now(),
        "livemode": False,
    }


def subscription(
    *,
    subscription_id: str,
    customer: str,
    status: str,
    metadata: dict[str, str],
    amount: int,
    currency: str,
    interval: str,
    period_start: int,
    period_end: int,
    cancel_at_period_end: bool = False,
    canceled_at: int | None = None,
    ended_at: int | None = None,
) -> dict[str, Any]:
    item = {
        "id": new_id("si"),
        "object": "subscription_item",
        "current_period_start": period_start,
        "current_period_end": period_end,
        "price": {
            "id": new_id("price"),
            "object": "price",
            "currency": currency,
            "unit_amount": amount,
            "recurring": {"interval": "year" if interval == "annual" else "month"},
        },
        "quantity": 1,
    }
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "metadata": metadata,
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": canceled_at,
        "ended_at": ended_at,
        "created": period_start,
        "items": {"object": "list", "data": [item], "has_more": False},
        "livemode": False,
    }


def invoice(
    *,
    invoice_id: str,
    customer: str,
    subscription_id: str,
    metadata: dict[str, str],
    amount: int,
    currency: str,
    status: str,
    period_start: int,
    period_end: int,
    payment_intent: str,
    charge: str,
    description: str,
) -> dict[str, Any]:
    paid = status == "paid"
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer,
        "number": f"SBX-{invoice_id[-8:].upper()}",
        "status": status,
        "amount_due": amount,
        "amount_paid": amount if paid else 0,
        "currency": currency,
        "description": description,
        "billing_reason": "subscription_cycle",
        "hosted_invoice_url": None,
        "invoice_pdf": None,
        "created": period_start,
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": subscription_id, "metadata": metadata},
        },
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": new_id("il"),
                    "object": "line_item",
                    "amount": amount,
                    "description": description,
                    "period": {"start": period_start, "end": period_end},
                }
            ],
            "has_more": False,
        },
        "payments": {
            "object": "list",
            "data": [
                {
                    "object": "invoice_payment",
                    "status": "paid" if paid else "open",
                    "payment": {
                        "type": "payment_intent",
                        "payment_intent": payment_intent,
                        "charge": charge,
                    },
                }
            ],
            "has_more": False,
        },
        "livemode": False,
    }


def charge(
    *,
    charge_id: str,
    payment_intent: str,
    customer: str,
    amount: int,
    amount_refunded: int,
    currency: str,
) -> dict[str, Any]:
    return {
        "id": charge_id,
        "object": "charge",
        "amount": amount,
        "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= amount,
        "currency": currency,
        "customer": customer,
        "payment_intent": payment_intent,
        "paid": True,
        "status": "succeeded",
        "created": now(),
        "livemode": False,
    }


def dispute(
    *, dispute_id: str, charge_id: str, payment_intent: str, amount: int, currency: str, reason: str
) -> dict[str, Any]:
    return {
        "id": dispute_id,
        "object": "dispute",
        "amount": amount,
        "currency": currency,
        "charge": charge_id,
        "payment_intent": payment_intent,
        "reason": reason,
        "status": "needs_response",
        "created": now(),
        "livemode": False,
    }


def payment_method(*, pm_id: str, customer: str, name: str) -> dict[str, Any]:
    return {
        "id": pm_id,
        "object": "payment_method",
        "type": "card",
        "customer": customer,
        "created": now(),
        "billing_details": {"name": name or None, "email": None},
        "card": {
            "brand": "visa",
            "last4": "4242",
            "exp_month": 12,
            "exp_year": time.gmtime().tm_year + 3,
            "funding": "credit",
            "country": "US",
        },
        "livemode": False,
    }


def event(event_type: str, obj: dict[str, Any], *, created: int | None = None) -> dict[str, Any]:
    return {
        "id": new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": created if created is not None else now(),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


# --- readers that accept every API version's shape ----------------------------------------------


def dig(obj: Any, *path: str) -> Any:
    """`obj[path[0]][path[1]]...`, or None where any step is missing."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def first_of(obj: dict[str, Any], *paths: tuple[str, ...]) -> Any:
    for path in paths:
        value = dig(obj, *path)
        if value not in (None, ""):
            return value
    return None


def expanded_id(value: Any) -> str:
    """An id whether Stripe sent it bare or expanded into its object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def subscription_period(sub: dict[str, Any]) -> tuple[int | None, int | None]:
    item = (dig(sub, "items", "data") or [{}])[0]
    start = sub.get("current_period_start") or item.get("current_period_start")
    end = sub.get("current_period_end") or item.get("current_period_end")
    return start, end


def subscription_interval(sub: dict[str, Any]) -> str:
    item = (dig(sub, "items", "data") or [{}])[0]
    interval = dig(item, "price", "recurring", "interval") or dig(item, "plan", "interval")
    if interval:
        return "annual" if interval == "year" else "monthly"
    return str((sub.get("metadata") or {}).get("interval") or "monthly")


def invoice_subscription(inv: dict[str, Any]) -> str:
    return expanded_id(
        first_of(inv, ("parent", "subscription_details", "subscription"), ("subscription",))
    )


def invoice_metadata(inv: dict[str, Any]) -> dict[str, str]:
    found = first_of(
        inv,
        ("parent", "subscription_details", "metadata"),
        ("subscription_details", "metadata"),
    )
    return dict(found or {})


def invoice_payment(inv: dict[str, Any]) -> tuple[str, str]:
    """(payment intent id, charge id) of an invoice."""
    payment = (dig(inv, "payments", "data") or [{}])[0].get("payment") or {}
    intent = expanded_id(payment.get("payment_intent") or inv.get("payment_intent"))
    charge_id = expanded_id(payment.get("charge") or inv.get("charge"))
    return intent, charge_id


def invoice_period(inv: dict[str, Any]) -> tuple[int | None, int | None]:
    line = (dig(inv, "lines", "data") or [{}])[0]
    return dig(line, "period", "start"), dig(line, "period", "end")
