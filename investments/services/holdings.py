"""Recording, revaluing, completing and withdrawing investments, and the ledger rows that go
with them. Each is one transaction under a row lock; the audit entry is written inside it and
the other party is notified on commit."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from analytics import track
from investments import links
from investments.models import Investment, Transaction, Valuation
from investments.services.common import (
    audit,
    clean_currency,
    clean_money,
    ensure_may_back,
    invalid,
    invalidate_portfolio,
)
from messaging import NotificationKind, notify
from pitchey.errors import Conflict, NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

INVESTOR_PORTALS = ("investor",)


def _lock(investment: Investment) -> Investment:
    return (
        Investment.objects.select_for_update(of=("self",))
        .select_related("pitch", "investor")
        .get(pk=investment.pk)
    )


def _append(
    investment: Investment, kind: str, amount: Decimal, *, actor: User | None, description: str
) -> Transaction:
    return Transaction.objects.create(
        investor_id=investment.investor_id,
        investment=investment,
        pitch_id=investment.pitch_id,
        kind=kind,
        amount=amount,
        currency=investment.currency,
        description=description[:300],
        created_by=actor,
    )


@transaction.atomic
def record_investment(
    *,
    investor: User,
    pitch: Pitch,
    amount: Any,
    currency: str = "USD",
    terms: str = "",
    notes: str = "",
    status: str = Investment.Status.ACTIVE,
) -> Investment:
    """Record money `investor` put into `pitch`: the holding, its first valuation and the ledger
    entry; the creator is told on commit."""
    ensure_may_back(pitch, investor, portals=INVESTOR_PORTALS)
    money = clean_money(amount)
    if status not in Investment.HOLDING:
        raise invalid("status", "A new investment is pending or active.")
    investment = Investment.objects.create(
        investor=investor,
        pitch=pitch,
        amount=money,
        currency=clean_currency(currency),
        current_value=money,
        status=status,
        terms=terms,
        notes=notes,
    )
    Valuation.objects.create(investment=investment, value=money, recorded_by=investor)
    _append(
        investment,
        Transaction.Kind.INVESTMENT,
        money,
        actor=investor,
        description=f"Investment in {pitch.title}",
    )
    audit(investment, "investment.recorded", investor, amount=money, currency=investment.currency)
    invalidate_portfolio(investor.pk)
    track(
        "investment_made",
        user_id=investor.pk,
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
        data={"investmentId": investment.pk, "currency": investment.currency},
    )
    notify(
        recipient=pitch.owner_id,
        kind=NotificationKind.INVESTMENT_RECEIVED,
        title=f"New investment in {pitch.title}",
        body=f"{investor.display_name} invested {money:,.2f} {investment.currency}.",
        link=links.funding_page(),
        data={"investment_id": investment.pk, "pitch_id": pitch.pk},
    )
    return investment


def _own(investment: Investment, actor: User) -> None:
    if investment.investor_id != actor.pk:
        raise NotFoundError("No such investment.")


@transaction.atomic
def withdraw_investment(*, investment: Investment, actor: User, reason: str = "") -> Investment:
    """The investor takes a pending or active investment back: status withdrawn and a refund of
    its amount in the ledger. Two concurrent withdrawals make one change (row lock)."""
    investment = _lock(investment)
    _own(investment, actor)
    if not investment.is_holding:
        raise Conflict(f"This investment is already {investment.status}.")
    investment.status = Investment.Status.WITHDRAWN
    investment.withdrawal_reason = reason
    investment.current_value = Decimal("0.00")
    investment.ended_at = timezone.now()
    investment.save(
        update_fields=["status", "withdrawal_reason", "current_value", "ended_at", "updated_at"]
    )
    Valuation.objects.create(investment=investment, value=Decimal("0.00"), recorded_by=actor)
    _append(
        investment,
        Transaction.Kind.REFUND,
        investment.amount,
        actor=actor,
        description=f"Withdrawal from {investment.pitch.title}",
    )
    audit(investment, "investment.withdrawn", actor, reason=reason)
    invalidate_portfolio(investment.investor_id)
    notify(
        recipient=investment.pitch.owner_id,
        kind=NotificationKind.INVESTMENT_UPDATE,
        title=f"Investment withdrawn: {investment.pitch.title}",
        body=f"{investment.investor.display_name} withdrew their investment.",
        link=links.funding_page(),
        data={"investment_id": investment.pk, "pitch_id": investment.pitch_id},
    )
    return investment


@transaction.atomic
def update_investment(
    *,
    investment: Investment,
    actor: User,
    current_value: Any = None,
    terms: str | None = None,
    notes: str | None = None,
) -> Investment:
    """The investor's own record of a holding: its current value (a new valuation), terms and
    notes. An ended investment keeps its value."""
    investment = _lock(investment)
    _own(investment, actor)
    fields = ["updated_at"]
    if current_value is not None:
        value = clean_money(current_value, field="current_value", allow_zero=True)
        if not investment.is_holding:
            raise Conflict(f"This investment is {investment.status}: its value is final.")
        if value != investment.current_value:
            investment.current_value = value
            fields.append("current_value")
            Valuation.objects.create(investment=investment, value=value, recorded_by=actor)
    if terms is not None:
        investment.terms, fields = terms, [*fields, "terms"]
    if notes is not None:
        investment.notes, fields = notes, [*fields, "notes"]
    investment.save(update_fields=fields)
    audit(investment, "investment.updated", actor, fields=fields[1:])
    invalidate_portfolio(investment.investor_id)
    return investment


@transaction.atomic
def complete_investment(*, investment: Investment, actor: User, final_value: Any) -> Investment:
    """Staff close a holding at its final value; the difference from the amount is paid back as
    a return (distribution) in the ledger."""
    if not actor.is_staff:
        raise NotAllowed("Only staff record a completed investment.")
    investment = _lock(investment)
    if not investment.is_holding:
        raise Conflict(f"This investment is already {investment.status}.")
    value = clean_money(final_value, field="final_value", allow_zero=True)
    investment.status = Investment.Status.COMPLETED
    investment.current_value = value
    investment.ended_at = timezone.now()
    investment.save(update_fields=["status", "current_value", "ended_at", "updated_at"])
    Valuation.objects.create(investment=investment, value=value, recorded_by=actor)
    if value:
        _append(
            investment,
            Transaction.Kind.RETURN,
            value,
            actor=actor,
            description=f"Distribution from {investment.pitch.title}",
        )
    audit(investment, "investment.completed", actor, final_value=value)
    invalidate_portfolio(investment.investor_id)
    notify(
        recipient=investment.investor_id,
        kind=NotificationKind.INVESTMENT_UPDATE,
        title=f"Investment completed: {investment.pitch.title}",
        body=f"Final value {value:,.2f} {investment.currency}.",
        link=links.investments_page(),
        data={"investment_id": investment.pk, "pitch_id": investment.pitch_id},
    )
    return investment


@transaction.atomic
def record_ledger_entry(
    *,
    investment: Investment,
    actor: User,
    kind: str,
    amount: Any,
    description: str = "",
) -> Transaction:
    """Staff append a return (distribution) or a fee to a holding's ledger."""
    if not actor.is_staff:
        raise NotAllowed("Only staff add entries to the money ledger.")
    if kind not in (Transaction.Kind.RETURN, Transaction.Kind.FEE):
        raise invalid("kind", "Add a return or a fee; investments and refunds come from actions.")
    investment = _lock(investment)
    entry = _append(
        investment,
        kind,
        clean_money(amount),
        actor=actor,
        description=description or f"{kind.title()} for {investment.pitch.title}",
    )
    audit(entry, f"ledger.{kind}", actor, amount=entry.amount, investment_id=investment.pk)
    invalidate_portfolio(investment.investor_id)
    return entry
