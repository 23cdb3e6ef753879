"""Investments feed the dashboards analytics built: the investor's portfolio figures, the
creator's open deals and latest investments, and a closed deal towards the creator's Gold tier."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from investments import services
from pitches.engagement import reputation

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_dashboards_show_real_investment_figures(investor, creator, production, pitch):
    services.record_investment(investor=investor, pitch=pitch, amount=1500)
    services.propose_deal(pitch=pitch, proposer=production, deal_type="option")
    analytics = _client(investor).get("/api/investor/analytics").json()["data"]["analytics"]
    assert analytics["portfolio"]["totalInvested"] == 1500
    assert analytics["portfolio"]["activeInvestments"] == 1
    browser = APIClient()
    browser.force_login(investor)
    page = browser.get("/investor/dashboard/")
    assert page.status_code == 200
    assert b"1,500" in page.content
    dashboard = _client(creator).get("/api/creator/dashboard").json()["data"]
    assert dashboard["overview"]["activeDeals"] == 1
    assert dashboard["recentActivity"]["investments"][0]["amount"] == 1500


def test_a_closed_deal_counts_towards_the_creators_tier(creator, production, pitch):
    deal = services.propose_deal(pitch=pitch, proposer=production, deal_type="option")
    assert reputation.facts_of([creator.pk])[creator.pk]["closed_deals"] == 0
    services.accept_deal(deal=deal, actor=creator)
    services.record_deal_outcome(deal=deal, actor=creator, outcome="closed_off_platform")
    facts = reputation.facts_of([creator.pk])[creator.pk]
    assert facts["closed_deals"] == 1
    assert reputation.tier_for(facts) == "gold"
