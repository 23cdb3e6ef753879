"""Billing pages and the sandbox: pricing, billing overview, buying credits through the sandbox
checkout ("Pay (test)") to the result page, the sandbox portal, and the header balance."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import User
from billing.models import CreditEntry, Payment, ProcessedEvent, SandboxObject, Subscription
from billing.services import credits
from tests.factories import UserFactory
from tests.ndas.conftest import _standard_template  # noqa: F401  (the NDA text to sign)

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_of():
    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


def _checkout_path(response) -> str:
    assert response.status_code == 302, response.content[:300]
    return response["Location"].replace("http://testserver", "")


def test_pricing_is_public_and_lists_plans_packs_and_costs(client):
    page = client.get("/pricing/").content.decode()

    for text in ("Creator+", "Exec/Studio Unlimited", "14.99", "NDA request to access", "sandbox"):
        assert text in page
    assert "Log in to subscribe" in page


def test_pricing_offers_a_portal_its_own_plans(browser_of, production, watcher):
    page = browser_of(production).get("/pricing/").content.decode()
    assert 'value="production_plus"' in page
    assert 'value="creator"' not in page

    watcher_page = browser_of(watcher).get("/pricing/").content.decode()
    assert "cannot subscribe" in watcher_page
    assert "subscribe-form" not in watcher_page


def test_the_header_shows_the_live_balance_on_every_page(browser_of, buyer):
    credits.grant_credits(user=buyer, amount=7, reason="welcome", actor=None)

    page = browser_of(buyer).get("/marketplace/").content.decode()

    assert re.search(r'id="credit-balance" data-balance="7"', page)
    assert '<span id="credit-balance-value" data-credit-balance>7</span> credits' in page


def test_buying_a_pack_through_the_sandbox_adds_the_credits_via_the_webhook(browser_of, buyer):
    client = browser_of(buyer)
    checkout = _checkout_path(client.post("/billing/credits/", {"package": "package_1"}))
    page = client.get(checkout).content.decode()
    assert "Sandbox checkout" in page
    assert "Pay (test)" in page
    assert "8.99 EUR" in page

    result = client.post(checkout)

    assert result.status_code == 302
    assert "/billing/checkout/result/?session_id=cs_sbx_" in result["Location"]
    assert credits.balance_of(buyer.pk) == 5
    assert list(ProcessedEvent.objects.values_list("type", "outcome")) == [
        ("checkout.session.completed", "applied")
    ]
    landing = client.get(result["Location"]).content.decode()
    assert "Payment received" in landing
    assert "5 credits added" in landing


def test_paying_twice_changes_nothing(browser_of, buyer):
    client = browser_of(buyer)
    checkout = _checkout_path(client.post("/billing/credits/", {"package": "package_0"}))
    client.post(checkout)
    client.post(checkout)

    assert credits.balance_of(buyer.pk) == 1
    assert "Already paid" in client.get(checkout).content.decode()


def test_someone_elses_sandbox_checkout_is_404_and_unpaid(browser_of, buyer):
    checkout = _checkout_path(browser_of(buyer).post("/billing/credits/", {"package": "1"}))
    intruder = browser_of(UserFactory(user_type=User.Type.INVESTOR))

    assert intruder.get(checkout).status_code == 404
    assert intruder.post(checkout).status_code == 404
    assert Payment.objects.get().status == "pending"
    assert credits.balance_of(buyer.pk) == 0


def test_the_result_page_shows_nothing_of_someone_elses_payment(browser_of, buyer):
    client = browser_of(buyer)
    checkout = _checkout_path(client.post("/billing/credits/", {"package": "1"}))
    result = client.post(checkout)["Location"]

    other = browser_of(UserFactory()).get(result).content.decode()

    assert "Payment received" not in other
    assert "Checkout finished" in other


def test_the_sandbox_is_off_without_debug_or_its_flag(browser_of, buyer, settings):
    client = browser_of(buyer)
    checkout = _checkout_path(client.post("/billing/credits/", {"package": "1"}))
    settings.BILLING_SANDBOX = False

    assert client.get(checkout).status_code == 404
    refused = client.post("/billing/credits/", {"package": "1"}, follow=True)
    assert "Payments are not configured" in refused.content.decode()


def test_subscribing_in_the_sandbox_then_cancelling_at_period_end(browser_of, buyer):
    client = browser_of(buyer)
    checkout = _checkout_path(client.post("/billing/subscribe/", {"tier": "creator_plus"}))
    assert "/ month" in client.get(checkout).content.decode()
    client.post(checkout)

    sub = Subscription.objects.get(user=buyer)
    assert (sub.status, sub.plan) == ("active", "creator_plus")
    assert credits.balance_of(buyer.pk) == 30  # the first invoice's allowance
    overview = client.get("/billing/").content.decode()
    assert "Creator+" in overview
    assert "Renews on" in overview

    client.post("/billing/cancel/")

    sub.refresh_from_db()
    assert sub.cancel_at_period_end is True
    assert "Keep my subscription" in client.get("/billing/").content.decode()
    client.post("/billing/resume/")
    sub.refresh_from_db()
    assert sub.cancel_at_period_end is False


def test_the_sandbox_portal_refunds_renews_and_ends_through_the_webhook(browser_of, buyer):
    client = browser_of(buyer)
    client.post(_checkout_path(client.post("/billing/subscribe/", {"tier": "creator"})))
    client.post(_checkout_path(client.post("/billing/credits/", {"package": "package_2"})))
    assert credits.balance_of(buyer.pk) == 20
    portal = _checkout_path(client.post("/billing/portal/"))
    assert "Sandbox billing portal" in client.get(portal).content.decode()
    sub_id = SandboxObject.objects.get(kind="subscription").pk
    pack_intent = Payment.objects.get(type="credits").stripe_payment_intent_id

    client.post(portal, {"action": "refund", "target": pack_intent})
    assert credits.balance_of(buyer.pk) == 10
    client.post(portal, {"action": "renew", "target": sub_id})
    assert Payment.objects.filter(type="subscription", status="completed").count() == 2
    assert credits.balance_of(buyer.pk) == 10  # 10 unused lapsed, 10 new granted
    client.post(portal, {"action": "end", "target": sub_id})

    assert Subscription.objects.get().status == "canceled"
    buyer.refresh_from_db()
    assert buyer.subscription_tier == "free"
    kinds = list(
        CreditEntry.objects.filter(user=buyer).order_by("id").values_list("kind", flat=True)
    )
    assert kinds == ["grant", "purchase", "refund", "expiry", "grant"]


def test_the_sandbox_portal_acts_only_on_the_users_own_objects(browser_of, buyer):
    client = browser_of(buyer)
    client.post(_checkout_path(client.post("/billing/credits/", {"package": "1"})))
    intent = Payment.objects.get().stripe_payment_intent_id
    other = UserFactory(user_type=User.Type.CREATOR)
    other_client = browser_of(other)
    other_portal = _checkout_path(other_client.post("/billing/portal/"))

    response = other_client.post(other_portal, {"action": "refund", "target": intent})

    assert response.status_code == 404
    assert Payment.objects.get().status == "completed"
    assert other_client.get(_checkout_path(client.post("/billing/portal/"))).status_code == 404


def test_the_billing_overview_lists_plan_credits_payments_and_invoices(browser_of, buyer):
    client = browser_of(buyer)
    client.post(_checkout_path(client.post("/billing/credits/", {"package": "package_0"})))

    page = client.get("/billing/").content.decode()

    assert 'id="overview-balance" data-credit-balance>1<' in page
    assert "1 credits" in page
    assert "Completed" in page
    assert "No invoices yet" in page
    assert client.get("/billing/", follow=False).status_code == 200
    assert Client().get("/billing/").status_code == 302  # login first


def test_the_nda_request_page_shows_the_price_and_a_way_to_buy_credits(browser_of):
    from tests.pitches.factories import PitchFactory

    pitch = PitchFactory(require_nda=True, nda_type="platform")
    short = UserFactory(user_type=User.Type.INVESTOR, credits=4)

    page = browser_of(short).get(f"/pitches/{pitch.pk}/request-access/").content.decode()

    assert 'id="price-nda_request"' in page
    assert "This costs <strong>10 credits</strong>" in page
    assert '<a href="/billing/credits/">Buy credits</a> first' in page
    rich = browser_of(UserFactory(user_type=User.Type.INVESTOR)).get(
        f"/pitches/{pitch.pk}/request-access/"
    )
    assert "Buy credits</a> first" not in rich.content.decode()


def test_a_short_balance_on_the_nda_page_says_so_and_writes_nothing(browser_of):
    from ndas.models import NdaRequest
    from tests.pitches.factories import PitchFactory

    pitch = PitchFactory(require_nda=True, nda_type="platform")
    short = UserFactory(user_type=User.Type.INVESTOR, credits=4)
    client = browser_of(short)
    page = client.get(f"/pitches/{pitch.pk}/request-access/").content.decode()
    digest = re.search(r'name="text_sha256" value="([0-9a-f]+)"', page)
    assert digest is not None

    response = client.post(
        f"/pitches/{pitch.pk}/request-access/",
        {"full_name": "Short Wallet", "consent": "on", "text_sha256": digest.group(1)},
    )

    assert response.status_code == 200
    assert "This costs 10 credits and your balance is 4" in response.content.decode()
    assert not NdaRequest.objects.exists()
