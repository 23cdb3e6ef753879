"""The ledger read back: transactions with their stats, the annual statement behind the tax
documents, and the CSV reports."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from investments.models import Investment, Transaction
from investments.selectors.portfolio import ZERO, percent

if TYPE_CHECKING:
    from accounts.models import User

FORMULA_START = ("=", "+", "-", "@")


def transactions_of(
    user: User, *, kind: str = "", year: int | None = None
) -> QuerySet[Transaction]:
    rows = Transaction.objects.of_investor(user).for_display()
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(created_at__year=year)
    return rows


def transaction_row(entry: Transaction) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "type": entry.kind,
        "kind": entry.kind,
        "status": entry.status,
        "amount": entry.amount,
        "signed_amount": entry.signed_amount,
        "direction": "out" if entry.kind in Transaction.OUTGOING else "in",
        "currency": entry.currency,
        "description": entry.description,
        "reference": entry.reference,
        "investment_id": entry.investment_id,
        "pitch_id": entry.pitch_id,
        "pitch_title": entry.pitch.title if entry.pitch else "",
        "date": entry.created_at,
        "created_at": entry.created_at,
    }


def transaction_stats(user: User) -> dict[str, Any]:
    """Totals per kind and currency, the net flow and this month's count (two queries)."""
    rows = (
        Transaction.objects.of_investor(user)
        .values("currency", "kind")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by()
    )
    per_currency: dict[str, dict[str, Any]] = defaultdict(
        lambda: dict.fromkeys(Transaction.Kind.values, ZERO) | {"count": 0}
    )
    for row in rows:
        entry = per_currency[row["currency"]]
        entry[row["kind"]] += row["total"]
        entry["count"] += row["count"]
    month_start = timezone.localdate().replace(day=1)
    this_month = Transaction.objects.of_investor(user).filter(created_at__date__gte=month_start)
    currencies = [
        {
            "currency": currency,
            "total_invested": e["investment"],
            "total_returns": e["return"],
            "total_fees": e["fee"],
            "total_refunds": e["refund"],
            "net_flow": e["return"] + e["refund"] - e["investment"] - e["fee"],
            "count": e["count"],
        }
        for currency, e in sorted(per_currency.items(), key=lambda item: -item[1]["investment"])
    ]
    head = (
        currencies[0]
        if currencies
        else {
            "currency": "USD",
            "total_invested": ZERO,
            "total_returns": ZERO,
            "total_fees": ZERO,
            "total_refunds": ZERO,
            "net_flow": ZERO,
            "count": 0,
        }
    )
    return {
        **head,
        "total_transactions": sum(c["count"] for c in currencies),
        "this_month": this_month.count(),
        "currencies": currencies,
    }


def statement_years(user: User) -> list[int]:
    """Years with money movements, newest first (one query)."""
    years = (
        Transaction.objects.of_investor(user)
        .annotate(year=ExtractYear("created_at"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)


def annual_statement(user: User, year: int) -> dict[str, Any]:
    """One year's movements and totals per currency: the tax document's content."""
    entries = list(transactions_of(user, year=year).order_by("created_at", "id"))
    totals: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(Transaction.Kind.values, ZERO)
    )
    for entry in entries:
        totals[entry.currency][entry.kind] += entry.amount
    summary = [
        {
            "currency": currency,
            "invested": t["investment"],
            "distributions": t["return"],
            "fees": t["fee"],
            "refunds": t["refund"],
            "taxable_income": t["return"] - t["fee"],
        }
        for currency, t in sorted(totals.items())
    ]
    return {
        "year": year,
        "investor": {"id": user.pk, "name": user.display_name, "email": user.email},
        "summary": summary,
        "transactions": [transaction_row(e) for e in entries],
        "generated_at": timezone.now(),
    }


def _safe(cell: Any) -> Any:
    """Text cells starting like a formula are quoted so spreadsheets show, not run, them."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_safe(cell) for cell in row] for row in rows])
    return out.getvalue()


def transactions_csv(user: User) -> str:
    entries = transactions_of(user).order_by("created_at", "id")
    return csv_text(
        ["date", "type", "amount", "currency", "pitch", "description", "reference"],
        [
            [
                e.created_at.date().isoformat(),
                e.kind,
                f"{e.signed_amount:.2f}",
                e.currency,
                e.pitch.title if e.pitch else "",
                e.description,
                e.reference,
            ]
            for e in entries
        ],
    )


def portfolio_csv(user: User) -> str:
    holdings = Investment.objects.held_by(user).for_display().order_by("created_at", "id")
    return csv_text(
        ["date", "pitch", "genre", "status", "amount", "current_value", "currency", "roi_percent"],
        [
            [
                i.created_at.date().isoformat(),
                i.pitch.title,
                i.pitch.genre,
                i.status,
                f"{i.amount:.2f}",
                f"{i.current_value:.2f}",
                i.currency,
                f"{percent(i.current_value - i.amount, i.amount):.2f}",
            ]
            for i in holdings
        ],
    )


def first_activity(user: User) -> Any:
    return Transaction.objects.of_investor(user).aggregate(first=Min("created_at"))["first"]


def investment_csv(investment: Investment) -> str:
    """One holding's money movements and valuations, oldest first."""
    moves = [
        [t.created_at.date().isoformat(), t.kind, f"{t.signed_amount:.2f}", t.currency]
        for t in investment.transactions.order_by("created_at", "id")
    ]
    values = [
        [v.recorded_at.date().isoformat(), "valuation", f"{v.value:.2f}", investment.currency]
        for v in investment.valuations.order_by("recorded_at", "id")
    ]
    return csv_text(["date", "type", "amount", "currency"], sorted(moves + values))
