"""Demo money in every state with deals in progress; the admin shows the money side read-only
and completes a holding only through the service."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from investments import services
from investments.models import Deal, Investment, Transaction

pytestmark = pytest.mark.django_db


def test_demo_data_has_holdings_in_every_state_and_deals_in_progress():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    mine = Investment.objects.filter(investor__email="sarah.investor@demo.com")
    assert set(mine.values_list("status", flat=True)) == {
        "active",
        "pending",
        "completed",
        "withdrawn",
    }
    assert mine.filter(currency="EUR").exists()
    with_creator = Deal.objects.filter(
        counterparty__email="sarah.investor@demo.com", creator__email="alex.creator@demo.com"
    ).open()
    assert with_creator.count() == 2
    assert set(with_creator.values_list("status", flat=True)) == {"proposed", "negotiating"}
    company = Deal.objects.filter(counterparty__email="stellar.production@demo.com")
    assert company.count() == 1
    assert company.get().counterparty_kind == "production"
    before = (Investment.objects.count(), Deal.objects.count(), Transaction.objects.count())
    call_command("seed_demo", force=True, stdout=io.StringIO())
    after = (Investment.objects.count(), Deal.objects.count(), Transaction.objects.count())
    assert after == before  # idempotent


def test_admin_pages_render_and_the_ledger_is_read_only(staff, investor, pitch, production):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    deal = services.propose_deal(pitch=pitch, proposer=production, deal_type="option")
    client = Client()
    client.force_login(staff)
    entry = Transaction.objects.get()
    for path in (
        "/admin/investments/investment/",
        f"/admin/investments/investment/{investment.pk}/change/",
        "/admin/investments/deal/",
        f"/admin/investments/deal/{deal.pk}/change/",
        "/admin/investments/transaction/",
        f"/admin/investments/transaction/{entry.pk}/change/",
        "/admin/investments/investmentthesis/",
    ):
        assert client.get(path).status_code == 200, path
    change = client.get(f"/admin/investments/investment/{investment.pk}/change/").content.decode()
    assert 'name="amount"' not in change
    assert 'name="status"' not in change
    assert client.get(f"/admin/investments/transaction/{entry.pk}/delete/").status_code == 403
    client.post(
        "/admin/investments/investment/",
        {"action": "complete_at_current_value", "_selected_action": [investment.pk]},
    )
    investment.refresh_from_db()
    assert investment.status == "completed"
    assert Transaction.objects.get(kind="return").amount == Decimal("1000.00")
