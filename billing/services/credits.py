"""The credits ledger: spends under the account's row lock, grants, revocations, purchases and the
reversal of refunded purchases. Every write appends an entry; the balance is the entries' sum."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction

from analytics import record_activity
from billing import catalog
from billing.models import CreditAccount, CreditEntry, Payment, Subscription
from messaging import realtime
from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User

MAX_ADJUSTMENT = 100_000


class InsufficientCredits(DomainError):
    """The balance does not cover the price (402, with the price and the balance)."""

    status_code = 402
    code = "INSUFFICIENT_CREDITS"


def balance_of(user_id: int) -> int:
    """The user's balance: the sum of their ledger entries."""
    return CreditEntry.objects.filter(user_id=user_id).balance()


def has_unlimited_plan(user_id: int) -> bool:
    plans = Subscription.objects.live().filter(user_id=user_id).values_list("plan", flat=True)
    return any((p := catalog.plan(plan_id)) is not None and p.unlimited for plan_id in plans)


def _lock(user_id: int) -> None:
    """Hold the user's account row until the transaction ends (the row is made on first use)."""
    if not list(CreditAccount.objects.select_for_update().filter(user_id=user_id).values("pk")):
        CreditAccount.objects.bulk_create([CreditAccount(user_id=user_id)], ignore_conflicts=True)
        CreditAccount.objects.select_for_update().get(user_id=user_id)


def _push_balance(user_id: int, entry_id: int, balance: int, change: int, kind: str) -> None:
    data = {"balance": balance, "credits": balance, "entry_id": entry_id, "change": change}
    realtime.push_to_user(user_id, "credits_update", {**data, "kind": kind})


def _append(user_id: int, kind: str, amount: int, balance: int, **fields: Any) -> CreditEntry:
    """Append an entry; the caller holds the lock and passes the balance it read under it."""
    entry = CreditEntry.objects.create(
        user_id=user_id, kind=kind, amount=amount, balance_after=balance + amount, **fields
    )
    push = partial(_push_balance, user_id, entry.pk, entry.balance_after, amount, kind)
    transaction.on_commit(push)
    return entry


def _insufficient(action: str, cost: int, balance: int) -> InsufficientCredits:
    return InsufficientCredits(
        f"This costs {cost} credits and your balance is {balance}. Buy credits to continue.",
        details={"action": action, "price": cost, "required": cost, "balance": balance},
    )


def price_of(*, user: User, action: str, quantity: int = 1) -> int:
    """What `action` costs this user now: 0 on an unlimited plan, and messages are only paid by
    the portals in CREDIT_CHARGED_MESSAGE_SENDERS."""
    if action == "send_message" and user.user_type not in settings.CREDIT_CHARGED_MESSAGE_SENDERS:
        return 0
    cost = catalog.cost_of(action) * quantity
    if cost <= 0 or has_unlimited_plan(user.pk):
        return 0
    return cost


def require_credits(*, user: User, action: str, quantity: int = 1) -> None:
    """Refuse early, without a lock, when the balance cannot cover `action` (spend re-checks)."""
    cost = price_of(user=user, action=action, quantity=quantity)
    if cost and (balance := balance_of(user.pk)) < cost:
        raise _insufficient(action, cost, balance)


@transaction.atomic
def spend(
    *,
    user: User,
    action: str,
    subject: models.Model | None = None,
    quantity: int = 1,
    description: str = "",
) -> CreditEntry | None:
    """Charge `action` to `user` under their account lock, so the balance never goes below zero.

    Call it inside the transaction of the action paid for: when that rolls back, so does the charge.
    Raises InsufficientCredits (402) and writes nothing when the balance is short; returns None when
    the action is free for this user.
    """
    cost = price_of(user=user, action=action, quantity=quantity)
    if not cost:
        return None
    _lock(user.pk)
    balance = balance_of(user.pk)
    if balance < cost:
        raise _insufficient(action, cost, balance)
    return _append(
        user.pk,
        CreditEntry.Kind.SPEND,
        -cost,
        balance,
        action=action,
        description=(description or catalog.cost_label(action))[:255],
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
    )


@transaction.atomic
def spend_amount(
    *, user: User, amount: int, usage_type: str, description: str = "", pitch_id: int | None = None
) -> CreditEntry:
    """Spend `amount` credits the user chose to use for `usage_type` (the SPA's credits/use)."""
    _lock(user.pk)
    balance = balance_of(user.pk)
    if balance < amount:
        raise _insufficient(usage_type, amount, balance)
    return _append(
        user.pk,
        CreditEntry.Kind.SPEND,
        -amount,
        balance,
        action=usage_type,
        description=(description or catalog.cost_label(usage_type))[:255],
        subject_type="pitches.pitch" if pitch_id else "",
        subject_id=str(pitch_id or ""),
    )


def _check_adjustment(amount: int, reason: str) -> str:
    reason = " ".join(str(reason).split())[:255]
    if not 0 < amount <= MAX_ADJUSTMENT:
        raise DomainError(
            f"Choose between 1 and {MAX_ADJUSTMENT} credits.",
            code="VALIDATION_ERROR",
            details={"amount": [f"Between 1 and {MAX_ADJUSTMENT}."]},
        )
    if not reason:
        raise DomainError(
            "Give a reason.", code="VALIDATION_ERROR", details={"reason": ["Required."]}
        )
    return reason


@transaction.atomic
def grant_credits(
    *, user: User, amount: int, reason: str, actor: User | None, reference: str = ""
) -> CreditEntry | None:
    """Give `amount` credits with a reason; audited with the staff member who did it. With a
    `reference`, the grant happens once (None when it already did)."""
    reason = _check_adjustment(amount, reason)
    _lock(user.pk)
    if reference and CreditEntry.objects.filter(kind="grant", reference=reference).exists():
        return None
    entry = _append(
        user.pk,
        CreditEntry.Kind.GRANT,
        amount,
        balance_of(user.pk),
        description=reason,
        actor=actor,
        reference=reference,
    )
    data = {"user_id": user.pk, "amount": amount, "reason": reason}
    record_activity(entry, "billing.credits.granted", actor=actor, data=data)
    return entry


@transaction.atomic
def revoke_credits(*, user: User, amount: int, reason: str, actor: User | None) -> CreditEntry:
    """Take back up to the current balance, with a reason; audited."""
    reason = _check_adjustment(amount, reason)
    _lock(user.pk)
    balance = balance_of(user.pk)
    if amount > balance:
        raise DomainError(
            f"The balance is {balance}; at most that can be revoked.",
            code="VALIDATION_ERROR",
            details={"amount": [f"At most {max(balance, 0)}."]},
        )
    entry = _append(
        user.pk, CreditEntry.Kind.REVOKE, -amount, balance, description=reason, actor=actor
    )
    data = {"user_id": user.pk, "amount": amount, "reason": reason}
    record_activity(entry, "billing.credits.revoked", actor=actor, data=data)
    return entry


def add_purchased(*, payment: Payment, kind: str = CreditEntry.Kind.PURCHASE) -> CreditEntry | None:
    """Credit what a completed payment bought, once (idempotent by the payment)."""
    if payment.credits <= 0:
        return None
    reference = f"{kind}:{payment.pk}"
    _lock(payment.user_id)
    if CreditEntry.objects.filter(kind=kind, reference=reference).exists():
        return None
    return _append(
        payment.user_id,
        kind,
        payment.credits,
        balance_of(payment.user_id),
        payment=payment,
        reference=reference,
        description=payment.description[:255],
    )


def reverse_refunded(*, payment: Payment) -> CreditEntry | None:
    """Take back the credits a refunded payment bought: all of them for a full refund, the refunded
    share for a partial one. Idempotent; the balance may go below zero (spending then stops)."""
    if payment.credits <= 0 or payment.amount <= 0 or payment.amount_refunded <= 0:
        return None
    if payment.amount_refunded >= payment.amount:
        target = payment.credits
    else:
        target = int(payment.credits * payment.amount_refunded / payment.amount)
    _lock(payment.user_id)
    reversed_so_far = -CreditEntry.objects.filter(
        payment=payment, kind=CreditEntry.Kind.REFUND
    ).balance()
    if target <= reversed_so_far:
        return None
    return _append(
        payment.user_id,
        CreditEntry.Kind.REFUND,
        -(target - reversed_so_far),
        balance_of(payment.user_id),
        payment=payment,
        reference=f"refund:{payment.pk}:{target}",
        description=f"Refund of {payment.description}"[:255],
    )


def expire_allowance(*, user_id: int, previous: Payment, reference: str) -> CreditEntry | None:
    """At renewal, the unused part of the previous period's allowance lapses. Allowance is taken
    to be spent first, so what lapses is the allowance less the spending since it was granted."""
    if previous.credits <= 0:
        return None
    _lock(user_id)
    since = previous.completed_at or previous.created_at
    spent = -CreditEntry.objects.filter(
        user_id=user_id, kind=CreditEntry.Kind.SPEND, created_at__gte=since
    ).balance()
    balance = balance_of(user_id)
    unused = min(previous.credits - spent, balance)
    if unused <= 0 or CreditEntry.objects.filter(kind="expiry", reference=reference).exists():
        return None
    return _append(
        user_id,
        CreditEntry.Kind.EXPIRY,
        -unused,
        balance,
        payment=previous,
        reference=reference,
        description="Unused plan credits of the last period",
    )
