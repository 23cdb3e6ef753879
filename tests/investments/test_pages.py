"""The investor portal's and the creator's money pages: each renders, records and moves what it
should, and someone else's deal or investment is a 404 with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from investments import services
from investments.models import Deal, DealEvent, Investment, Transaction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_investor_page_renders(investor, pitch):
    services.record_investment(investor=investor, pitch=pitch, amount=1000)
    deal = services.propose_deal(pitch=pitch, proposer=investor, deal_type="option")
    client = _browser(investor)
    for path in (
        "/investor/portfolio/",
        "/investor/investments/",
        "/investor/investments/?status=active",
        "/investor/deals/",
        f"/deals/{deal.pk}/",
        "/investor/opportunities/",
        "/investor/watchlist/",
        "/investor/thesis/",
        "/investor/dashboard/",
        "/investor/portfolio/?export=performance",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get("/investor/portfolio/").content.decode()
    assert "<svg" in page
    assert 'id="portfolio-summary"' in page


def test_recording_an_investment_from_the_portfolio_page(investor, pitch):
    client = _browser(investor)
    response = client.post(
        "/investor/portfolio/",
        {"pitch": pitch.pk, "amount": "2500.00", "currency": "USD", "terms": ""},
    )
    assert response.status_code == 302
    assert Investment.objects.get().amount == Decimal("2500.00")
    page = client.get("/investor/portfolio/").content.decode()
    assert "2,500.00" in page
    bad = client.post(
        "/investor/portfolio/", {"pitch": pitch.pk, "amount": "-1", "currency": "USD"}
    )
    assert bad.status_code == 200
    assert Investment.objects.count() == 1


def test_withdraw_and_revalue_from_the_investments_page(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    client = _browser(investor)
    client.post(f"/investor/investments/{investment.pk}/revalue/", {"current_value": "1300"})
    investment.refresh_from_db()
    assert investment.current_value == Decimal("1300.00")
    stranger = _browser(UserFactory(user_type="investor"))
    assert stranger.post(f"/investor/investments/{investment.pk}/withdraw/").status_code == 404
    client.post(f"/investor/investments/{investment.pk}/withdraw/", {"reason": "Done"})
    investment.refresh_from_db()
    assert investment.status == "withdrawn"
    assert Transaction.objects.filter(kind="refund").count() == 1


def test_the_creator_answers_a_deal_from_its_page(creator, investor, pitch):
    deal = services.propose_deal(pitch=pitch, proposer=investor, deal_type="option", amount=9000)
    mine = _browser(creator)
    assert mine.get("/creator/deals/").status_code == 200
    assert mine.get("/creator/funding/").status_code == 200
    page = mine.get(f"/deals/{deal.pk}/").content.decode()
    assert 'data-action="accept"' in page
    mine.post(f"/deals/{deal.pk}/counter/", {"amount": "12000", "note": "More please"})
    deal.refresh_from_db()
    assert (deal.status, deal.amount) == ("negotiating", Decimal("12000.00"))
    mine.post(f"/deals/{deal.pk}/message/", {"body": "Call me"})
    theirs = _browser(investor)
    theirs.post(f"/deals/{deal.pk}/accept/", {"note": ""})
    deal.refresh_from_db()
    assert deal.status == "accepted"
    page = theirs.get(f"/deals/{deal.pk}/").content.decode()
    assert "Call me" in page
    assert "countered" in page


def test_someone_elses_deal_page_is_404_and_nothing_is_written(creator, investor, pitch):
    deal = services.propose_deal(pitch=pitch, proposer=investor, deal_type="option")
    stranger = _browser(UserFactory(user_type="creator"))
    assert stranger.get(f"/deals/{deal.pk}/").status_code == 404
    assert stranger.post(f"/deals/{deal.pk}/accept/", {"note": ""}).status_code == 404
    assert Deal.objects.get().status == "proposed"
    assert DealEvent.objects.count() == 1


def test_pages_belong_to_their_portal(creator, investor):
    assert _browser(creator).get("/investor/portfolio/").status_code == 403
    assert _browser(investor).get("/creator/funding/").status_code == 403
    assert Client().get("/investor/portfolio/").status_code == 302
