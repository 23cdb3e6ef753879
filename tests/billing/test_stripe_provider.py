"""With Stripe keys set, billing talks to Stripe through the `stripe` library: here to a local fake
of Stripe's endpoints (`stripe.api_base` pointed at 127.0.0.1), never the network."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from billing import stripe_shapes as shapes
from billing.models import Payment, PromoCode, Subscription
from billing.providers import get_provider
from billing.providers.stripe_api import StripeProvider
from tests.billing.conftest import deliver, subscription_obj

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_buyer(api, buyer):
    api.force_authenticate(buyer)
    return api


def test_keys_select_stripe_and_its_webhook_secret(fake_stripe):
    provider = get_provider()

    assert isinstance(provider, StripeProvider)
    assert provider.webhook_secret() == "whsec_test_fake_secret"


def test_a_credit_checkout_creates_a_customer_and_a_payment_session(fake_stripe, as_buyer, buyer):
    response = as_buyer.post(
        "/api/payments/credits/purchase", {"creditPackage": "package_2"}, format="json"
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["url"].startswith("https://checkout.stripe.test/c/pay/cs_test_fake")
    customer_call = fake_stripe.calls("POST", "/v1/customers")[0]
    assert customer_call["auth"] == "Bearer sk_test_fake_key"
    assert customer_call["form"]["metadata[user_id]"] == str(buyer.pk)
    assert customer_call["idempotency_key"] == f"pitchey-customer-{buyer.pk}"
    form = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["form"]
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "1499"
    assert form["line_items[0][price_data][currency]"] == "eur"
    assert form["metadata[pack]"] == "package_2"
    assert form["payment_intent_data[metadata][user_id]"] == str(buyer.pk)
    assert form["success_url"].endswith("session_id={CHECKOUT_SESSION_ID}")
    buyer.refresh_from_db()
    assert buyer.stripe_customer_id.startswith("cus_fake")
    assert Payment.objects.get().stripe_session_id == data["sessionId"]


def test_a_second_checkout_reuses_the_customer(fake_stripe, as_buyer):
    for _ in range(2):
        as_buyer.post("/api/payments/credits/purchase", {"creditPackage": "1"}, format="json")

    assert len(fake_stripe.calls("POST", "/v1/customers")) == 1
    assert len(fake_stripe.calls("POST", "/v1/checkout/sessions")) == 2


def test_a_subscription_checkout_carries_the_plan_and_the_promo_coupon(fake_stripe, as_buyer):
    promo = PromoCode.objects.create(code="HALF", percent_off=50)

    response = as_buyer.post(
        "/api/payments/subscribe",
        {"tier": "creator", "billingInterval": "annual", "promoCode": "half"},
        format="json",
    )

    assert response.status_code == 201
    coupon = fake_stripe.calls("POST", "/v1/coupons")[0]["form"]
    assert (coupon["percent_off"], coupon["duration"]) == ("50", "once")
    form = fake_stripe.calls("POST", "/v1/checkout/sessions")[0]["form"]
    assert form["mode"] == "subscription"
    assert form["line_items[0][price_data][recurring][interval]"] == "year"
    assert form["line_items[0][price_data][unit_amount]"] == "19900"
    assert form["subscription_data[metadata][plan]"] == "creator"
    promo.refresh_from_db()
    assert form["discounts[0][coupon]"] == promo.stripe_coupon_id


def test_the_billing_portal_url_comes_from_stripe(fake_stripe, as_buyer):
    response = as_buyer.post("/api/payments/billing-portal")

    assert response.json()["data"]["url"].startswith("https://billing.stripe.test/p/session/")
    assert fake_stripe.calls("POST", "/v1/billing_portal/sessions")[0]["form"]["return_url"]


def test_cancel_at_period_end_goes_to_stripe_and_is_applied(fake_stripe, api, as_buyer, buyer):
    sub = subscription_obj(buyer)
    fake_stripe.subscriptions[sub["id"]] = sub
    deliver(api, shapes.event("customer.subscription.created", sub))

    response = as_buyer.post("/api/payments/cancel-subscription")

    assert response.json()["data"]["cancelAtPeriodEnd"] is True
    call = fake_stripe.calls("POST", f"/v1/subscriptions/{sub['id']}")[0]
    assert call["form"] == {"cancel_at_period_end": "true"}
    assert Subscription.objects.get().cancel_at_period_end is True


def test_a_stripe_refusal_is_a_502_envelope(fake_stripe, as_buyer):
    fake_stripe.fail_next = "Your card was declined."

    response = as_buyer.post(
        "/api/payments/credits/purchase", {"creditPackage": "1"}, format="json"
    )

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "PAYMENT_PROVIDER_ERROR"
    assert not Payment.objects.exists()


def test_payment_methods_come_from_stripe_with_the_default_marked(fake_stripe, as_buyer, buyer):
    as_buyer.post("/api/payments/billing-portal")  # makes the customer
    buyer.refresh_from_db()
    first = fake_stripe.add_card(buyer.stripe_customer_id)
    second = fake_stripe.add_card(buyer.stripe_customer_id)

    put = as_buyer.put(
        "/api/payments/payment-methods", {"paymentMethodId": second["id"]}, format="json"
    )

    assert put.status_code == 200
    listed = {m["id"]: m["isDefault"] for m in put.json()["data"]["paymentMethods"]}
    assert listed == {first["id"]: False, second["id"]: True}
    customer = fake_stripe.customers[buyer.stripe_customer_id]
    assert customer["invoice_settings"]["default_payment_method"] == second["id"]


def test_reconcile_dry_run_reports_drift_and_changes_nothing(fake_stripe, api, buyer, capsys):
    synced = subscription_obj(buyer, sub_id="sub_a")
    drifted = subscription_obj(buyer, sub_id="sub_b")
    unknown = subscription_obj(buyer, sub_id="sub_c")
    for sub in (synced, drifted, unknown):
        fake_stripe.subscriptions[sub["id"]] = sub
    deliver(api, shapes.event("customer.subscription.created", synced))
    deliver(api, shapes.event("customer.subscription.created", drifted))
    fake_stripe.subscriptions["sub_b"] = {**drifted, "status": "past_due"}

    call_command("reconcile_billing", "--dry-run")

    out = capsys.readouterr().out
    assert "sub_b: differs in status" in out
    assert "sub_c: missing locally" in out
    assert "checked 3 subscriptions, 2 with drift (dry run, nothing changed)" in out
    assert Subscription.objects.get(stripe_subscription_id="sub_b").status == "active"
    assert not Subscription.objects.filter(stripe_subscription_id="sub_c").exists()


def test_reconcile_repairs_local_rows_from_stripe(fake_stripe, api, buyer, capsys):
    sub = subscription_obj(buyer, sub_id="sub_b")
    fake_stripe.subscriptions["sub_b"] = {**sub, "status": "canceled", "ended_at": 1}
    fake_stripe.subscriptions["sub_c"] = subscription_obj(buyer, sub_id="sub_c")
    deliver(api, shapes.event("customer.subscription.created", sub))

    call_command("reconcile_billing")

    assert "2 with drift (2 repaired)" in capsys.readouterr().out
    assert Subscription.objects.get(stripe_subscription_id="sub_b").status == "canceled"
    assert Subscription.objects.get(stripe_subscription_id="sub_c").status == "active"
    buyer.refresh_from_db()
    assert buyer.subscription_tier == "creator_plus"  # sub_c is live


def test_reconcile_reports_live_rows_stripe_does_not_know(fake_stripe, api, buyer):
    from billing.services.reconcile import reconcile_subscriptions

    deliver(api, shapes.event("customer.subscription.created", subscription_obj(buyer)))

    report = reconcile_subscriptions(dry_run=False)

    assert [d.problem for d in report.drift] == ["missing at the provider"]
    assert Subscription.objects.get().status == "active"  # reported, never guessed


def test_the_reconciliation_runs_daily_from_beat():
    from pitchey.celery import app

    entry = app.conf.beat_schedule["billing-reconcile"]
    assert entry["task"] == "billing.tasks.reconcile_subscriptions"
    assert entry["schedule"].hour == {3}


def test_erasing_a_person_deletes_their_stripe_customer_after_commit(
    fake_stripe, as_buyer, buyer, django_capture_on_commit_callbacks
):
    from staff.services.gdpr import erase_own_account

    as_buyer.post("/api/payments/credits/purchase", {"creditPackage": "1"}, format="json")
    buyer.refresh_from_db()
    customer_id = buyer.stripe_customer_id
    assert customer_id in fake_stripe.customers
    with django_capture_on_commit_callbacks(execute=False) as pending:
        erase_own_account(user=buyer)
    assert fake_stripe.calls("DELETE", "/v1/customers/") == []  # nothing before the commit
    for callback in pending:
        callback()
    deleted = fake_stripe.calls("DELETE", "/v1/customers/")
    assert [call["path"] for call in deleted] == [f"/v1/customers/{customer_id}"]
    assert customer_id not in fake_stripe.customers
    buyer.refresh_from_db()
    assert buyer.stripe_customer_id == ""


def test_deleting_a_customer_already_gone_succeeds_and_a_refusal_is_raised(fake_stripe):
    from billing.providers import ProviderError
    from billing.tasks import delete_provider_customer

    delete_provider_customer("cus_fake_gone")  # a retry after the deletion went through
    assert len(fake_stripe.calls("DELETE", "/v1/customers/cus_fake_gone")) == 1
    fake_stripe.fail_next = "Stripe is having a moment."
    with pytest.raises(ProviderError):
        get_provider().delete_customer(customer_id="cus_fake_other")
