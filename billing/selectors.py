"""Reads of billing: balance summaries, payment history, invoices and the subscription status."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from billing import catalog
from billing.models import CreditEntry, Payment, PromoCode
from billing.services.subscriptions import current_subscription

if TYPE_CHECKING:
    from accounts.models import User

RECENT = 10
INVOICE_STATUS = {
    Payment.Status.COMPLETED: "paid",
    Payment.Status.PENDING: "pending",
    Payment.Status.FAILED: "failed",
    Payment.Status.REFUNDED: "refunded",
    Payment.Status.PARTIALLY_REFUNDED: "paid",
    Payment.Status.EXPIRED: "void",
}
INVOICE_FILTER = {
    "paid": [Payment.Status.COMPLETED, Payment.Status.PARTIALLY_REFUNDED],
    "pending": [Payment.Status.PENDING],
    "open": [Payment.Status.PENDING],
    "failed": [Payment.Status.FAILED],
    "refunded": [Payment.Status.REFUNDED],
}


def iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def entry_json(entry: CreditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "type": entry.kind,
        "amount": entry.amount,
        "balance_after": entry.balance_after,
        "action": entry.action,
        "description": entry.description,
        "created_at": iso(entry.created_at),
    }


def credit_summary(user: User) -> dict[str, Any]:
    """Balance, lifetime totals and the latest entries, in two queries."""
    totals = CreditEntry.objects.owned_by(user).aggregate(
        balance=Sum("amount"),
        purchased=Sum("amount", filter=Q(kind=CreditEntry.Kind.PURCHASE)),
        used=Sum("amount", filter=Q(kind=CreditEntry.Kind.SPEND)),
    )
    recent = list(CreditEntry.objects.owned_by(user)[:RECENT])
    balance = int(totals["balance"] or 0)
    return {
        "balance": {
            "credits": balance,
            "total_purchased": int(totals["purchased"] or 0),
            "total_used": -int(totals["used"] or 0),
        },
        "credits": balance,
        "recent_transactions": [entry_json(e) for e in recent],
    }


def payment_json(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk,
        "type": payment.type,
        "status": payment.status,
        "amount": catalog.cents(payment.amount),
        "amount_decimal": str(payment.amount),
        "amount_refunded": str(payment.amount_refunded),
        "currency": payment.currency.upper(),
        "credits": payment.credits,
        "description": payment.description,
        "stripe_payment_intent_id": payment.stripe_payment_intent_id,
        "disputed": payment.disputed,
        "created_at": iso(payment.created_at),
        "completed_at": iso(payment.completed_at),
    }


def invoice_json(payment: Payment) -> dict[str, Any]:
    return {
        **payment_json(payment),
        "id": payment.invoice_number or payment.stripe_invoice_id,
        "payment_id": payment.pk,
        "number": payment.invoice_number,
        "status": INVOICE_STATUS.get(Payment.Status(payment.status), payment.status),
        "hosted_invoice_url": payment.invoice_url,
        "invoice_pdf": payment.invoice_pdf,
        "period_start": iso(payment.period_start),
        "period_end": iso(payment.period_end),
    }


def _day(raw: str, field: str, errors: dict[str, list[str]], end: bool = False) -> datetime | None:
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw[:10])
    except ValueError:
        errors[field] = ["Use a date like 2026-01-31."]
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def payment_history(user: User, params: Any) -> tuple[QuerySet[Payment], dict[str, list[str]]]:
    """The user's payments filtered by type, status and a date range; errors name bad params."""
    errors: dict[str, list[str]] = {}
    rows = Payment.objects.owned_by(user)
    kind, status = params.get("type", ""), params.get("status", "")
    if kind:
        if kind not in Payment.Type.values:
            errors["type"] = [f"One of: {', '.join(Payment.Type.values)}."]
        rows = rows.filter(type=kind)
    if status:
        if status not in Payment.Status.values:
            errors["status"] = [f"One of: {', '.join(Payment.Status.values)}."]
        rows = rows.filter(status=status)
    start = _day(params.get("startDate", params.get("start_date", "")), "start_date", errors)
    end = _day(params.get("endDate", params.get("end_date", "")), "end_date", errors, end=True)
    if start:
        rows = rows.filter(created_at__gte=start)
    if end:
        rows = rows.filter(created_at__lte=end)
    return rows, errors


def invoices(user: User, status: str) -> tuple[QuerySet[Payment], dict[str, list[str]]]:
    rows = Payment.objects.owned_by(user).invoices()
    if not status:
        return rows, {}
    if status not in INVOICE_FILTER:
        return rows, {"status": [f"One of: {', '.join(INVOICE_FILTER)}."]}
    return rows.filter(status__in=INVOICE_FILTER[status]), {}


def subscription_status(user: User) -> dict[str, Any]:
    """The SPA's subscription-status shape: flat fields plus the same under `subscription`."""
    sub = current_subscription(user)
    plan = catalog.plan(sub.plan) if sub else None
    details = {
        "id": sub.pk if sub else None,
        "tier": sub.plan if sub else user.subscription_tier or "free",
        "plan_name": plan.name if plan else "Free",
        "status": sub.status if sub else "inactive",
        "interval": sub.interval if sub else None,
        "cancel_at_period_end": sub.cancel_at_period_end if sub else False,
        "current_period_start": iso(sub.current_period_start) if sub else None,
        "current_period_end": iso(sub.current_period_end) if sub else None,
        "credits_per_period": plan.credits if plan else 0,
        "unlimited": bool(plan and plan.unlimited),
    }
    return {**details, "renewal_date": details["current_period_end"], "subscription": details}


def promo_codes() -> QuerySet[PromoCode]:
    return PromoCode.objects.annotate(redemption_count=Count("redemptions")).order_by(
        "-created_at", "-id"
    )


def transactions() -> QuerySet[Payment]:
    """Every payment, newest first, with its payer (staff only)."""
    return Payment.objects.select_related("user").order_by("-created_at", "-id")


def transaction_json(payment: Payment) -> dict[str, Any]:
    """A payment as the staff transactions list shows it (the payer named)."""
    return {
        **payment_json(payment),
        "user_id": payment.user_id,
        "user_email": payment.user.email,
        "user_name": payment.user.display_name,
        "amount_refunded": str(payment.amount_refunded),
        "dispute_reason": payment.dispute_reason,
    }
