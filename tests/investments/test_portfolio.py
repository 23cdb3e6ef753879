"""Portfolio arithmetic in Decimal: zero invested, withdrawals, completed holdings, currencies;
and the cached summary showing a new investment at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache

from investments import services
from investments.selectors.portfolio import compute_summary, performance_series, portfolio_summary
from investments.services.common import portfolio_key
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_nothing_invested_returns_zero_percent(investor):
    summary = compute_summary(investor.pk)
    assert summary["total_invested"] == Decimal("0.00")
    assert summary["return_percentage"] == Decimal("0.00")
    assert summary["currency"] == "USD"
    assert summary["active_investments"] == 0


def test_return_is_value_less_invested_over_invested(investor, creator, staff):
    a, b, c = (PitchFactory(owner=creator) for _ in range(3))
    first = services.record_investment(investor=investor, pitch=a, amount="1000.00")
    services.record_investment(investor=investor, pitch=b, amount="3000.00")
    services.update_investment(investment=first, actor=investor, current_value="1500.00")
    gone = services.record_investment(investor=investor, pitch=c, amount="500.00")
    services.withdraw_investment(investment=gone, actor=investor)
    summary = compute_summary(investor.pk)
    # invested: 1000 + 3000 + 500 - 500 refunded; value: 1500 + 3000 + 0
    assert summary["total_invested"] == Decimal("4000.00")
    assert summary["current_value"] == Decimal("4500.00")
    assert summary["total_return"] == Decimal("500.00")
    assert summary["return_percentage"] == Decimal("12.50")
    assert summary["active_investments"] == 2
    assert summary["withdrawn_investments"] == 1
    assert isinstance(summary["return_percentage"], Decimal)
    services.complete_investment(investment=first, actor=staff, final_value="2000.00")
    done = compute_summary(investor.pk)
    assert done["completed_investments"] == 1
    assert done["current_value"] == Decimal("5000.00")
    assert done["distributions"] == Decimal("2000.00")
    assert done["return_percentage"] == Decimal("25.00")


def test_currencies_are_never_added_together(investor, creator):
    services.record_investment(investor=investor, pitch=PitchFactory(owner=creator), amount=900)
    services.record_investment(
        investor=investor, pitch=PitchFactory(owner=creator), amount=100, currency="EUR"
    )
    summary = compute_summary(investor.pk)
    assert (summary["currency"], summary["total_invested"]) == ("USD", Decimal("900.00"))
    euros = next(c for c in summary["currencies"] if c["currency"] == "EUR")
    assert euros["total_invested"] == Decimal("100.00")


def test_a_new_investment_shows_in_the_cached_summary_at_once(
    investor, pitch, django_capture_on_commit_callbacks
):
    assert portfolio_summary(investor.pk)["total_invested"] == 0
    assert cache.get(portfolio_key(investor.pk)) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.record_investment(investor=investor, pitch=pitch, amount=250)
    assert cache.get(portfolio_key(investor.pk)) is None
    assert portfolio_summary(investor.pk)["total_invested"] == Decimal("250.00")


def test_the_performance_series_ends_with_todays_value(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    services.update_investment(investment=investment, actor=investor, current_value=1200)
    series = performance_series(investor.pk, months=6)
    assert len(series) == 6
    assert series[-1]["invested"] == Decimal("1000.00")
    assert series[-1]["value"] == Decimal("1200.00")
    assert series[-1]["return_percentage"] == Decimal("20.00")
    assert series[0]["value"] == 0 or len({r["month"] for r in series}) == 6
