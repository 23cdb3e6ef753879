"""The payments endpoints of section 3.4 ("Payments, credits, subscriptions, plans"): the keys the
SPA reads, anonymous 401s, someone else's objects, bad input, and query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import User
from billing import stripe_shapes as shapes
from billing.models import CreditEntry, Payment, PromoCode, PromoRedemption, SandboxObject
from billing.providers import sandbox
from billing.services import credits
from tests.billing.conftest import deliver, invoice_obj, subscription_obj
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SESSION_ONLY = [
    ("get", "/api/payments/credits/balance"),
    ("post", "/api/payments/credits/purchase"),
    ("post", "/api/payments/credits/use"),
    ("get", "/api/payments/history"),
    ("get", "/api/payments/invoices"),
    ("get", "/api/payments/payment-methods"),
    ("put", "/api/payments/payment-methods"),
    ("post", "/api/payments/payment-methods"),
    ("post", "/api/payments/promo/validate"),
    ("post", "/api/payments/subscribe"),
    ("get", "/api/payments/subscription-status"),
    ("post", "/api/payments/cancel-subscription"),
    ("post", "/api/payments/billing-portal"),
]


@pytest.fixture
def client_of(api):
    def login(user: User):
        api.force_authenticate(user)
        return api

    return login


@pytest.mark.parametrize(("method", "path"), SESSION_ONLY)
def test_every_payments_endpoint_needs_a_session(api, method, path):
    response = getattr(api, method)(path, {}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"


def test_plans_are_public_with_tiers_packs_and_costs(api):
    data = api.get("/api/plans").json()["data"]

    assert [t["id"] for t in data["tiers"]][:4] == [
        "watcher",
        "creator",
        "creator_plus",
        "creator_unlimited",
    ]
    creator = data["tiers"][1]
    assert creator["price"] == {"monthly": 19.99, "annual": 199.0}
    assert (creator["credits"], creator["userType"]) == (10, "creator")
    assert [(p["id"], p["credits"], p["bonus"], p["price"]) for p in data["creditPackages"]] == [
        ("package_0", 1, 0, 2.99),
        ("package_1", 5, 0, 8.99),
        ("package_2", 10, 0, 14.99),
        ("package_3", 20, 10, 29.99),
    ]
    costs = {c["action"]: c["credits"] for c in data["creditCosts"]}
    assert costs == {
        "basic_upload": 10,
        "word_doc": 3,
        "picture_doc": 5,
        "extra_image": 1,
        "video_link": 1,
        "send_message": 2,
        "nda_request": 10,
    }


def test_balance_answers_the_keys_the_spa_reads(client_of, buyer):
    credits.grant_credits(user=buyer, amount=12, reason="welcome", actor=None)
    credits.spend(user=buyer, action="nda_request")

    body = client_of(buyer).get("/api/payments/credits/balance").json()

    assert body["success"] is True
    data = body["data"]
    assert data["balance"] == {"credits": 2, "totalPurchased": 0, "totalUsed": 10}
    assert data["credits"] == 2
    latest = data["recentTransactions"][0]
    assert {k: latest[k] for k in ("type", "amount", "balanceAfter")} == {
        "type": "spend",
        "amount": -10,
        "balanceAfter": 2,
    }
    assert latest["description"]
    assert latest["createdAt"]


def test_buying_a_pack_answers_a_checkout_url_and_records_a_pending_payment(client_of, buyer):
    response = client_of(buyer).post(
        "/api/payments/credits/purchase",
        {"creditPackage": "package_1", "currency": "EUR"},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["url"].startswith("http://testserver/billing/sandbox/checkout/cs_sbx_")
    payment = Payment.objects.get(user=buyer)
    assert (payment.status, payment.credits, payment.amount) == ("pending", 5, Decimal("8.99"))
    assert payment.stripe_session_id == data["sessionId"]
    assert credits.balance_of(buyer.pk) == 0  # only the webhook adds credits


def test_packs_are_named_by_the_spa_id_or_a_plain_name(client_of, buyer):
    api = client_of(buyer)
    small = api.post("/api/payments/credits/purchase", {"creditPackage": "small"}, format="json")
    bogus = api.post("/api/payments/credits/purchase", {"creditPackage": "huge"}, format="json")

    assert small.json()["data"]["credits"] == 5
    assert bogus.status_code == 400
    assert bogus.json()["error"]["details"] == {
        "creditPackage": ["Choose one of the credit packages."]
    }
    assert Payment.objects.count() == 1


def test_using_credits_spends_them_and_refuses_bad_input(client_of, buyer):
    credits.grant_credits(user=buyer, amount=5, reason="welcome", actor=None)
    api = client_of(buyer)

    used = api.post(
        "/api/payments/credits/use",
        {"amount": 3, "description": "boost", "usageType": "video_link", "pitchId": 4},
        format="json",
    )
    short = api.post(
        "/api/payments/credits/use", {"amount": 3, "usageType": "video_link"}, format="json"
    )
    bad = api.post(
        "/api/payments/credits/use", {"amount": "lots", "usageType": "nope"}, format="json"
    )

    assert used.status_code == 201
    assert used.json()["data"]["balance"] == 2
    assert used.json()["data"]["transaction"]["amount"] == -3
    assert short.status_code == 402
    assert short.json()["error"]["code"] == "INSUFFICIENT_CREDITS"
    assert bad.status_code == 400
    assert set(bad.json()["error"]["details"]) == {"amount", "usageType"}
    assert credits.balance_of(buyer.pk) == 2


def _payments(user: User, n: int) -> None:
    Payment.objects.bulk_create(
        Payment(
            user=user,
            type="credits",
            status="completed",
            amount=Decimal("2.99"),
            credits=1,
            description="1 credits",
            stripe_session_id=f"cs_{user.pk}_{i}",
        )
        for i in range(n)
    )


def test_history_pages_filters_and_hides_others(client_of, buyer, django_assert_num_queries):
    _payments(buyer, 3)
    _payments(UserFactory(), 2)
    api = client_of(buyer)

    with django_assert_num_queries(2):
        body = api.get("/api/payments/history?limit=2&offset=0").json()
    data = body["data"]
    assert (len(data["payments"]), data["total"], data["totalPages"]) == (2, 3, 2)
    row = data["payments"][0]
    assert {"id", "description", "type", "amount", "status", "createdAt"} <= set(row)
    assert (row["type"], row["status"], row["amount"], row["currency"]) == (
        "credits",
        "completed",
        299,
        "EUR",
    )
    assert api.get("/api/payments/history?type=subscription").json()["data"]["total"] == 0
    assert api.get("/api/payments/history?startDate=2999-01-01").json()["data"]["total"] == 0


def test_history_query_count_does_not_grow_with_the_page(
    client_of, buyer, django_assert_num_queries
):
    _payments(buyer, 30)
    api = client_of(buyer)
    for limit in (1, 25):
        with django_assert_num_queries(2):
            assert len(api.get(f"/api/payments/history?limit={limit}").json()["data"]["payments"])


def test_history_rejects_bad_filters_with_field_messages(client_of, buyer):
    response = client_of(buyer).get(
        "/api/payments/history?type=gift&status=lost&startDate=yesterday&limit=x"
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"type", "status", "startDate"}


def test_invoices_list_subscription_payments_in_cents(api, client_of, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer)))
    _payments(buyer, 1)  # a credit pack is no invoice

    data = client_of(buyer).get("/api/payments/invoices?limit=5").json()["data"]

    assert data["total"] == 1
    invoice = data["invoices"][0]
    assert (invoice["amount"], invoice["status"], invoice["description"]) == (
        2999,
        "paid",
        "Pitchey creator_plus subscription",
    )
    assert invoice["id"]
    assert invoice["createdAt"]
    assert invoice["periodEnd"]
    assert client_of(buyer).get("/api/payments/invoices?status=failed").json()["data"]["total"] == 0
    assert client_of(buyer).get("/api/payments/invoices?status=odd").status_code == 400


def test_subscription_status_is_flat_and_nested_for_the_spa(api, client_of, buyer):
    inactive = client_of(buyer).get("/api/payments/subscription-status").json()["data"]
    assert (inactive["tier"], inactive["status"]) == ("free", "inactive")

    deliver(api, shapes.event("customer.subscription.created", subscription_obj(buyer)))
    data = client_of(buyer).get("/api/payments/subscription-status").json()["data"]

    assert (data["tier"], data["status"], data["cancelAtPeriodEnd"]) == (
        "creator_plus",
        "active",
        False,
    )
    assert data["currentPeriodEnd"] == data["subscription"]["currentPeriodEnd"] is not None
    assert data["renewalDate"] == data["currentPeriodEnd"]


def test_subscribing_opens_a_checkout_for_a_plan_of_the_users_portal(client_of, buyer):
    api = client_of(buyer)
    response = api.post(
        "/api/payments/subscribe",
        {"tier": "creator_plus", "billingInterval": "annual", "currency": "EUR"},
        format="json",
    )
    wrong = api.post("/api/payments/subscribe", {"tier": "production"}, format="json")
    interval = api.post(
        "/api/payments/subscribe", {"tier": "creator", "billingInterval": "weekly"}, format="json"
    )

    assert response.status_code == 201
    session = SandboxObject.objects.get(pk=response.json()["data"]["sessionId"]).data
    assert session["mode"] == "subscription"
    assert session["amount_total"] == 29900
    assert session["metadata"]["plan"] == "creator_plus"
    assert wrong.status_code == 400
    assert "tier" in wrong.json()["error"]["details"]
    assert interval.status_code == 400
    assert "billingInterval" in interval.json()["error"]["details"]


def test_watchers_cannot_subscribe(client_of, watcher):
    response = client_of(watcher).post(
        "/api/payments/subscribe", {"tier": "creator"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert not SandboxObject.objects.filter(kind="checkout.session").exists()


def test_a_second_subscription_is_refused_while_one_is_live(api, client_of, buyer):
    deliver(api, shapes.event("customer.subscription.created", subscription_obj(buyer)))

    response = client_of(buyer).post("/api/payments/subscribe", {"tier": "creator"}, format="json")

    assert response.status_code == 409


def test_cancel_sets_cancel_at_period_end_and_answers_the_status(client_of, buyer):
    api = client_of(buyer)
    session_id = api.post("/api/payments/subscribe", {"tier": "creator"}, format="json").json()[
        "data"
    ]["sessionId"]
    sandbox.pay(session_id=session_id, user=buyer)

    response = api.post("/api/payments/cancel-subscription")

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["status"], data["cancelAtPeriodEnd"]) == ("active", True)
    remote = SandboxObject.objects.get(kind="subscription").data
    assert remote["cancel_at_period_end"] is True


def test_cancel_without_a_subscription_is_404(client_of, buyer):
    response = client_of(buyer).post("/api/payments/cancel-subscription")

    assert response.status_code == 404


def test_billing_portal_answers_a_url_even_before_any_payment(client_of, buyer):
    response = client_of(buyer).post("/api/payments/billing-portal")

    assert response.status_code == 200
    assert "/billing/sandbox/portal/bps_sbx_" in response.json()["data"]["url"]
    buyer.refresh_from_db()
    assert buyer.stripe_customer_id.startswith("cus_sbx_")


def test_payment_methods_list_and_default_only_for_the_owner(client_of, buyer):
    api = client_of(buyer)
    session_id = api.post(
        "/api/payments/credits/purchase", {"creditPackage": "package_0"}, format="json"
    ).json()["data"]["sessionId"]
    sandbox.pay(session_id=session_id, user=buyer)

    methods = api.get("/api/payments/payment-methods").json()["data"]["paymentMethods"]
    assert len(methods) == 1
    card = methods[0]
    assert (card["card"]["brand"], card["card"]["last4"], card["isDefault"]) == (
        "visa",
        "4242",
        True,
    )
    assert card["card"]["expMonth"]
    assert card["billingDetails"]["name"] == buyer.display_name

    other = UserFactory(user_type=User.Type.CREATOR)
    stolen = client_of(other).put(
        "/api/payments/payment-methods", {"paymentMethodId": card["id"]}, format="json"
    )
    assert stolen.status_code == 404
    own = client_of(buyer).put(
        "/api/payments/payment-methods", {"paymentMethodId": card["id"]}, format="json"
    )
    assert own.status_code == 200
    adding = client_of(buyer).post("/api/payments/payment-methods")
    assert adding.status_code == 201
    assert adding.json()["data"]["url"]


def test_promo_validate_says_valid_with_its_label_or_why_not(api, client_of, buyer):
    PromoCode.objects.create(code="SPRING20", percent_off=20, label="Spring offer")
    client = client_of(buyer)

    valid = client.post("/api/payments/promo/validate", {"code": " spring20 "}, format="json")
    unknown = client.post("/api/payments/promo/validate", {"code": "NOPE"}, format="json")

    assert valid.json()["data"] == {
        "valid": True,
        "code": "SPRING20",
        "label": "Spring offer",
        "percentOff": 20,
    }
    assert unknown.json()["data"]["valid"] is False
    assert unknown.json()["data"]["message"] == "That code isn't valid or has expired."


def test_a_promo_code_applies_once_per_user(client_of, buyer):
    promo = PromoCode.objects.create(code="ONCE50", percent_off=50)
    api = client_of(buyer)
    session_id = api.post(
        "/api/payments/subscribe", {"tier": "creator", "promoCode": "once50"}, format="json"
    ).json()["data"]["sessionId"]
    assert SandboxObject.objects.get(pk=session_id).data["amount_total"] == 999  # 19.99 halved
    sandbox.pay(session_id=session_id, user=buyer)

    again = api.post("/api/payments/promo/validate", {"code": "ONCE50"}, format="json")

    assert PromoRedemption.objects.filter(promo=promo, user=buyer).count() == 1
    assert again.json()["data"] == {
        "valid": False,
        "code": "ONCE50",
        "message": "You have already used that code.",
    }


def test_hostile_input_gets_4xx_not_500(client_of, buyer):
    api = client_of(buyer)
    for path, body in [
        ("/api/payments/credits/purchase", {"creditPackage": "a\x00b"}),
        ("/api/payments/credits/purchase", {"creditPackage": ["x"]}),
        ("/api/payments/credits/use", {"amount": 10**30, "usageType": "video_link"}),
        ("/api/payments/subscribe", {"tier": {"deep": [1, 2]}}),
        ("/api/payments/promo/validate", {"code": "\x00"}),
        ("/api/payments/payment-methods", {"paymentMethodId": "x" * 5000}),
    ]:
        method = api.put if path.endswith("payment-methods") else api.post
        response = method(path, body, format="json")
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert not CreditEntry.objects.filter(user=buyer).exists()
