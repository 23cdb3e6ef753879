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


def test_the_investor_home_recommends_new_pitches_matching_the_thesis_first(investor, creator):
    from tests.pitches.factories import PitchFactory

    services.save_thesis(investor=investor, fields={"genres": ["Thriller"]})
    older_fit = PitchFactory(owner=creator, genre="Thriller", title="Cold Harbour")
    PitchFactory(owner=creator, genre="Comedy", title="Not for me")
    browser = APIClient()
    browser.force_login(investor)
    page = browser.get("/home/").content.decode()
    section = page[page.index('id="panel-for-you"') :]
    assert older_fit.title in section
    assert "Not for me" not in section
    assert "your investment thesis" in section


def test_the_investor_home_costs_the_same_with_few_or_many_thesis_matches(investor, creator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.pitches.factories import PitchFactory

    services.save_thesis(investor=investor, fields={"genres": ["Drama"]})
    browser = APIClient()
    browser.force_login(investor)

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/home/").status_code == 200
        return len(captured)

    PitchFactory(owner=creator, genre="Drama")
    cost()  # the first request warms the session and cached lists
    few = cost()
    for _ in range(10):
        PitchFactory(owner=creator, genre="Drama")
    assert cost() == few
