"""Staff tools (the audited credit adjustment, read-only ledger, the staff API for promo codes and
transactions) and the demo data (credits for everyone, a sandbox subscription for the creator)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts import demo as accounts_demo
from accounts.models import User
from analytics.models import AuditLog
from billing.models import CreditAccount, CreditEntry, Payment, PromoCode, Subscription
from billing.services import credits
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_staff_grant_credits_with_a_reason_from_the_admin(admin_client, staff, buyer):
    added = admin_client.post("/admin/billing/creditaccount/add/", {"user": buyer.pk})
    account = CreditAccount.objects.get(user=buyer)
    assert added["Location"] == f"/admin/billing/creditaccount/{account.pk}/adjust/"

    response = admin_client.post(
        added["Location"], {"direction": "grant", "amount": 40, "reason": "Festival winner"}
    )

    assert response.status_code == 302
    entry = CreditEntry.objects.get(user=buyer)
    assert (entry.kind, entry.amount, entry.description, entry.actor) == (
        "grant",
        40,
        "Festival winner",
        staff,
    )
    assert AuditLog.objects.filter(action="billing.credits.granted", actor=staff).exists()


def test_staff_revoke_is_refused_beyond_the_balance_with_the_form_saying_why(admin_client, buyer):
    credits.grant_credits(user=buyer, amount=5, reason="welcome", actor=None)
    account = CreditAccount.objects.get(user=buyer)
    url = f"/admin/billing/creditaccount/{account.pk}/adjust/"

    refused = admin_client.post(url, {"direction": "revoke", "amount": 9, "reason": "abuse"})
    done = admin_client.post(url, {"direction": "revoke", "amount": 5, "reason": "abuse"})

    assert "The balance is 5" in refused.content.decode()
    assert done.status_code == 302
    assert credits.balance_of(buyer.pk) == 0


def test_the_ledger_is_read_only_in_the_admin(admin_client, buyer):
    credits.grant_credits(user=buyer, amount=5, reason="welcome", actor=None)
    entry = CreditEntry.objects.get(user=buyer)

    assert admin_client.get("/admin/billing/creditentry/").status_code == 200
    assert admin_client.get("/admin/billing/creditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/billing/creditentry/{entry.pk}/delete/").status_code == 403
    for model in ("payment", "subscription", "processedevent", "promocode", "creditaccount"):
        assert admin_client.get(f"/admin/billing/{model}/").status_code == 200


def test_a_non_staff_user_cannot_adjust_credits(buyer):
    credits.grant_credits(user=buyer, amount=5, reason="welcome", actor=None)
    account = CreditAccount.objects.get(user=buyer)
    client = Client()
    client.force_login(buyer)

    response = client.post(
        f"/admin/billing/creditaccount/{account.pk}/adjust/",
        {"direction": "grant", "amount": 999, "reason": "me"},
    )

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert credits.balance_of(buyer.pk) == 5


def test_staff_generate_list_and_send_promo_codes(api, staff, django_capture_on_commit_callbacks):
    api.force_authenticate(staff)

    made = api.post(
        "/api/admin/promo-codes/generate", {"count": 2, "percentOff": 15}, format="json"
    )
    codes = made.json()["data"]["promoCodes"]
    listed = api.get("/api/admin/promo-codes").json()["data"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post(
            "/api/admin/promo-codes/send",
            {"promoId": codes[0]["id"], "recipientName": "Pat", "recipientEmail": "pat@x.test"},
            format="json",
        )

    assert made.status_code == 201
    assert [c["percentOff"] for c in codes] == [15, 15]
    assert all(c["code"].startswith("PITCH-") for c in codes)
    assert listed["total"] == 2
    assert listed["promoCodes"][0]["redemptions"] == 0
    assert sent.json()["data"]["sent"] is True
    assert mail.outbox[0].to == ["pat@x.test"]
    assert codes[0]["code"] in mail.outbox[0].body
    assert AuditLog.objects.filter(action="billing.promo.sent").count() == 1


def test_promo_generation_refuses_bad_input(api, staff):
    api.force_authenticate(staff)

    response = api.post(
        "/api/admin/promo-codes/generate", {"count": 500, "percentOff": 0}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"count", "percentOff"}
    assert not PromoCode.objects.exists()


def test_sending_an_unknown_promo_is_404(api, staff):
    api.force_authenticate(staff)

    response = api.post(
        "/api/admin/promo-codes/send",
        {"promoId": 12345, "recipientEmail": "pat@x.test"},
        format="json",
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/admin/promo-codes"),
        ("post", "/api/admin/promo-codes/generate"),
        ("post", "/api/admin/promo-codes/send"),
        ("get", "/api/admin/transactions"),
    ],
)
def test_the_staff_api_is_403_for_everyone_else(api, buyer, method, path):
    api.force_authenticate(buyer)

    response = getattr(api, method)(path, {"count": 1, "percentOff": 10}, format="json")

    assert response.status_code == 403
    assert not PromoCode.objects.exists()


def test_transactions_list_names_the_payer(api, staff, buyer, django_assert_num_queries):
    for n in range(3):
        Payment.objects.create(
            user=buyer, type="credits", amount="2.99", stripe_session_id=f"cs_{n}"
        )
    api.force_authenticate(staff)

    for limit in (1, 3):
        with django_assert_num_queries(2):
            data = api.get(f"/api/admin/transactions?limit={limit}").json()["data"]
        assert len(data["transactions"]) == limit
    assert data["transactions"][0]["userEmail"] == buyer.email


def test_demo_accounts_start_with_credits_and_the_creator_is_subscribed(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent

    creator = User.objects.get(email="alex.creator@demo.com")
    investor = User.objects.get(email="sarah.investor@demo.com")
    sub = Subscription.objects.get(user=creator)
    assert (sub.status, sub.plan) == ("active", "creator_plus")
    creator.refresh_from_db()
    assert creator.subscription_tier == "creator_plus"
    grants = CreditEntry.objects.filter(description="Demo starting credits")
    assert grants.count() == len(accounts_demo.DEMO_ACCOUNTS)
    assert credits.balance_of(investor.pk) > 0
    spent = CreditEntry.objects.filter(user=investor, action="nda_request").count()
    assert credits.balance_of(investor.pk) == 200 - 10 * spent


def test_a_fresh_account_has_no_credits():
    user = UserFactory(credits=0)

    assert credits.balance_of(user.pk) == 0
