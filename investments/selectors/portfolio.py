"""Portfolio figures, summed from the ledger and the holdings in `Decimal`.

The summary follows the technical reference (section 3.2.1): total invested, total current
value, the number of holdings and the return `(value - invested) / invested * 100` (0 when
nothing is invested). Invested money is the ledger's investments less its refunds, so a
withdrawal takes its amount back out; a withdrawn holding is worth nothing. Figures are per
currency (there are no exchange rates here): the headline is the investor's main currency, the
others are listed beside it. The summary is cached five minutes and dropped on every change.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from investments.models import Investment, Transaction, Valuation
from investments.services.common import PORTFOLIO_TTL, portfolio_key

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
DEFAULT_CURRENCY = "USD"


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part / whole` in percent, two places; 0 when `whole` is 0."""
    if not whole:
        return ZERO
    return (part / whole * HUNDRED).quantize(Decimal("0.01"))


def _ledger_by_currency(investor_id: int) -> dict[str, dict[str, Decimal]]:
    rows = (
        Transaction.objects.filter(investor_id=investor_id)
        .values("currency", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    ledger: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in rows:
        ledger[row["currency"]][row["kind"]] += row["total"]
    return ledger


def _holdings_by_currency(investor_id: int) -> dict[str, dict[str, Any]]:
    rows = (
        Investment.objects.filter(investor_id=investor_id)
        .values("currency", "status")
        .annotate(value=Sum("current_value"), count=Count("id"))
        .order_by()
    )
    holdings: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"value": ZERO, "counts": defaultdict(int)}
    )
    for row in rows:
        entry = holdings[row["currency"]]
        if row["status"] not in (Investment.Status.WITHDRAWN, Investment.Status.CANCELLED):
            entry["value"] += row["value"]
        entry["counts"][row["status"]] += row["count"]
    return holdings


def _figures(currency: str, ledger: dict[str, Decimal], holding: dict[str, Any]) -> dict[str, Any]:
    invested = ledger["investment"] - ledger["refund"]
    value = holding["value"]
    counts = holding["counts"]
    gain = value - invested
    return {
        "currency": currency,
        "total_invested": invested,
        "current_value": value,
        "total_return": gain,
        "return_percentage": percent(gain, invested),
        "distributions": ledger["return"],
        "fees": ledger["fee"],
        "active_investments": counts["active"] + counts["pending"],
        "pending_investments": counts["pending"],
        "completed_investments": counts["completed"],
        "withdrawn_investments": counts["withdrawn"] + counts["cancelled"],
        "total_investments": sum(counts.values()),
    }


def compute_summary(investor_id: int) -> dict[str, Any]:
    """The summary straight from the database (two queries)."""
    ledger = _ledger_by_currency(investor_id)
    holdings = _holdings_by_currency(investor_id)
    currencies = sorted(
        set(ledger) | set(holdings),
        key=lambda c: (-(ledger[c]["investment"] if c in ledger else ZERO), c),
    )
    main = currencies[0] if currencies else DEFAULT_CURRENCY
    empty: dict[str, Any] = {"value": ZERO, "counts": defaultdict(int)}
    per_currency = [
        _figures(
            c,
            ledger.get(c, defaultdict(lambda: ZERO)),
            holdings.get(c, empty),
        )
        for c in currencies
    ] or [_figures(main, defaultdict(lambda: ZERO), empty)]
    head = per_currency[0]
    return {
        **head,
        # The SPA's other spellings of the same figures (investment.service.ts).
        "total_current_value": head["current_value"],
        "portfolio_value": head["current_value"],
        "portfolio_return": head["return_percentage"],
        "roi": head["return_percentage"],
        "average_roi": head["return_percentage"],
        "currencies": per_currency,
    }


def portfolio_summary(investor_id: int) -> dict[str, Any]:
    """The cached summary (five minutes; every change to the investor's money drops it)."""
    key = portfolio_key(investor_id)
    summary = cache.get(key)
    if summary is None:
        summary = compute_summary(investor_id)
        cache.set(key, summary, timeout=PORTFOLIO_TTL)
    return summary


def _month_starts(months: int, today: date) -> list[date]:
    first = today.replace(day=1)
    starts = []
    year, month = first.year, first.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts[::-1]


def _next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def performance_series(
    investor_id: int, *, months: int = 12, currency: str = ""
) -> list[dict[str, Any]]:
    """Month by month (oldest first): money invested so far (ledger, net of refunds) and what the
    holdings were worth at the month's end (their latest valuation by then). Two queries."""
    currency = currency or compute_currency(investor_id)
    starts = _month_starts(months, timezone.localdate())
    flows = (
        Transaction.objects.filter(investor_id=investor_id, currency=currency)
        .filter(kind__in=[Transaction.Kind.INVESTMENT, Transaction.Kind.REFUND])
        .annotate(month=TruncMonth("created_at"))
        .values("month", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    net_by_month: dict[date, Decimal] = defaultdict(lambda: ZERO)
    for flow in flows:
        month = _as_date(flow["month"])
        sign = 1 if flow["kind"] == Transaction.Kind.INVESTMENT else -1
        net_by_month[month] += sign * flow["total"]
    valuations = list(
        Valuation.objects.filter(investment__investor_id=investor_id, investment__currency=currency)
        .order_by("recorded_at", "id")
        .values_list("investment_id", "value", "recorded_at")
    )
    series: list[dict[str, Any]] = []
    invested, cursor = ZERO, 0
    latest: dict[int, Decimal] = {}
    invested += sum((v for m, v in net_by_month.items() if m < starts[0]), ZERO)
    for start in starts:
        end = _next_month(start)
        invested += net_by_month.get(start, ZERO)
        while cursor < len(valuations) and timezone.localdate(valuations[cursor][2]) < end:
            latest[valuations[cursor][0]] = valuations[cursor][1]
            cursor += 1
        value = sum(latest.values(), ZERO)
        series.append(
            {
                "month": start.strftime("%Y-%m"),
                "label": start.strftime("%b %Y"),
                "invested": invested,
                "value": value,
                "return_percentage": percent(value - invested, invested),
            }
        )
    for previous, row in zip([None, *series[:-1]], series, strict=True):
        row["change"] = row["value"] - previous["value"] if previous else ZERO
    return series


def _as_date(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def compute_currency(investor_id: int) -> str:
    """The investor's main currency: the one most money went into (USD when none)."""
    row = (
        Transaction.objects.filter(investor_id=investor_id, kind=Transaction.Kind.INVESTMENT)
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("-total", "currency")
        .first()
    )
    return row["currency"] if row else DEFAULT_CURRENCY


def growth(series: list[dict[str, Any]], months: int) -> Decimal:
    """How much the value changed over the last `months` months, in percent."""
    if len(series) <= months:
        return ZERO
    before, now = series[-1 - months]["value"], series[-1]["value"]
    return percent(now - before, before)


def roi_by(investments: list[Investment], key: str) -> list[dict[str, Any]]:
    """Invested, value and return grouped by a pitch attribute (`genre`, `format_category`)."""
    groups: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"invested": ZERO, "value": ZERO, "count": Decimal(0)}
    )
    for investment in investments:
        if investment.status in (Investment.Status.WITHDRAWN, Investment.Status.CANCELLED):
            continue
        name = getattr(investment.pitch, key) or "Other"
        group = groups[name]
        group["invested"] += investment.amount
        group["value"] += investment.current_value
        group["count"] += 1
    return [
        {
            "category": name,
            "invested": g["invested"],
            "value": g["value"],
            "count": int(g["count"]),
            "roi": percent(g["value"] - g["invested"], g["invested"]),
        }
        for name, g in sorted(groups.items(), key=lambda item: -item[1]["invested"])
    ]
