"""Refunds given by staff (the console's `refund` bulk action and the payments admin).

The refund goes through the provider, never straight into the ledger: the provider then sends
`charge.refunded`, the same event as a refund made in Stripe's dashboard, and the webhook handler
records it and takes back exactly the credits the refunded share bought (a refund after those
credits were spent leaves a negative balance, a debt). The sandbox provider emits that signed
event into the same handler at once; Stripe delivers it shortly after.

Idempotent: the amount asked for so far is kept on the payment, so a repeated refund of what is
already refunded (or asked for) does nothing, and the provider call carries an idempotency key
naming the refunded total, so a retry after a lost answer is the same refund.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from analytics import record_activity
from billing.models import Payment
from billing.providers import get_provider
from pitchey.errors import DomainError, NotAllowed

if TYPE_CHECKING:
    from accounts.models import User

PERMISSION = "staff.manage_credits"  # support and admin (staff.roles)
REFUNDABLE = (Payment.Status.COMPLETED, Payment.Status.PARTIALLY_REFUNDED)
REQUESTED_KEY = "refund_requested_total"


@dataclass(frozen=True)
class RefundResult:
    payment: Payment
    refunded: Decimal  # what this call asked the provider for (0: nothing was left to refund)

    @property
    def done(self) -> bool:
        return self.refunded > 0


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def _amount(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _invalid("amount", "An amount such as 9.99.") from None
    if not value.is_finite() or value <= 0:
        raise _invalid("amount", "An amount above zero.")
    return value


def requested_total(payment: Payment) -> Decimal:
    """What has been refunded or asked for so far (the provider's event may still be coming)."""
    try:
        asked = Decimal(str(payment.metadata.get(REQUESTED_KEY) or "0"))
    except InvalidOperation:
        asked = Decimal("0")
    return max(payment.amount_refunded, asked)


@transaction.atomic
def refund_payment(
    *, payment: Payment, actor: User, reason: str, amount: Any = None
) -> RefundResult:
    """Refund a completed payment through the provider: all that is left of it, or `amount`.

    Needs the support or admin role and a reason; the caller checks the recent re-authentication
    (the staff API and the admin site both do). Refunding what is already refunded does nothing.
    Raises DomainError (400) for a payment that never completed or an amount above what is left,
    and ProviderError (502, nothing recorded) when the provider refuses.
    """
    if not actor.has_perm(PERMISSION):
        raise NotAllowed("Your staff role cannot refund payments.")
    reason = " ".join(str(reason or "").split())[:500]
    if not reason:
        raise _invalid("reason", "Give a reason for the refund.")
    wanted = _amount(amount)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    if locked.status == Payment.Status.REFUNDED:
        return RefundResult(locked, Decimal("0"))
    if locked.status not in REFUNDABLE:
        raise DomainError(f"This payment is {locked.status}: only a completed payment is refunded.")
    if not (locked.stripe_payment_intent_id or locked.stripe_charge_id):
        raise DomainError("The provider has no charge recorded for this payment.")
    already = requested_total(locked)
    left = locked.amount - already
    if left <= 0:
        return RefundResult(locked, Decimal("0"))
    if wanted is not None and wanted > left:
        raise _invalid("amount", f"At most {left} {locked.currency.upper()} is left to refund.")
    share = wanted or left
    total = already + share
    get_provider().refund(
        payment_intent=locked.stripe_payment_intent_id,
        charge_id=locked.stripe_charge_id,
        amount_cents=int(share * 100),
        idempotency_key=f"pitchey-refund-{locked.pk}-{int(total * 100)}",
        metadata={"payment_id": str(locked.pk), "staff_id": str(actor.pk)},
    )
    # The sandbox applied the refund event already (the row changed under our lock): re-read it.
    locked.refresh_from_db()
    requests = [
        *locked.metadata.get("refund_requests", []),
        {
            "amount": str(share),
            "by": actor.pk,
            "reason": reason,
            "at": timezone.now().isoformat(),
        },
    ]
    locked.metadata = {**locked.metadata, REQUESTED_KEY: str(total), "refund_requests": requests}
    locked.save(update_fields=["metadata", "updated_at"])
    record_activity(
        locked,
        "billing.payment.refund_requested",
        actor=actor,
        data={"amount": str(share), "total": str(total), "reason": reason},
    )
    return RefundResult(locked, share)
