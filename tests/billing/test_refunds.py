"""Refunds given by staff: the console's `refund` bulk action (the SPA's `{action: "refund",
targetId, amount, reason}`) and the payments admin, through one service that asks the provider;
the provider's `charge.refunded` event then takes back exactly the credits bought, once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from analytics.models import AuditLog
from billing import stripe_shapes as shapes
from billing.models import CreditEntry, Payment
from billing.providers import sandbox
from billing.services import credits, refunds
from pitchey.errors import DomainError, NotAllowed
from tests.billing.conftest import deliver
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, enable_real_mfa, make_staff

pytestmark = pytest.mark.django_db

BULK = "/api/admin/bulk-action"


def _bought(user, pack: str = "package_2") -> Payment:
    """A credit pack paid through the sandbox (its webhook added the credits)."""
    response = client_for(user).post(
        "/api/payments/credits/purchase", {"creditPackage": pack}, format="json"
    )
    session_id = response.json()["data"]["sessionId"]
    sandbox.pay(session_id=session_id, user=user)
    return Payment.objects.get(stripe_session_id=session_id)


def _refund_entries(payment: Payment) -> list[int]:
    return list(
        CreditEntry.objects.filter(payment=payment, kind="refund").values_list("amount", flat=True)
    )


def test_support_refunds_a_transaction_from_the_console_and_the_credits_go_back_once(buyer):
    payment = _bought(buyer)
    assert credits.balance_of(buyer.pk) == 10
    support = make_staff("support")
    api = client_for(support)

    body = {"action": "refund", "targetId": str(payment.pk), "reason": "Bought by mistake"}
    response = api.post(BULK, body, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["processed"], data["failed"]) == (1, 0)
    assert data["results"] == [{"id": payment.pk, "ok": True}]
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", payment.amount)
    assert credits.balance_of(buyer.pk) == 0
    assert _refund_entries(payment) == [-10]
    requested = AuditLog.objects.get(action="billing.payment.refund_requested")
    assert requested.actor_id == support.pk
    assert requested.data["reason"] == "Bought by mistake"
    assert AuditLog.objects.filter(action="billing.payment.refunded").count() == 1

    again = api.post(BULK, body, format="json")  # refunding twice does nothing more
    assert again.json()["results"] == [{"id": payment.pk, "ok": True}]
    assert _refund_entries(payment) == [-10]
    assert AuditLog.objects.filter(action="billing.payment.refund_requested").count() == 1


def test_a_refund_after_spending_leaves_a_debt_and_a_partial_refund_takes_its_share(buyer):
    spent = _bought(buyer)
    credits.spend_amount(user=buyer, amount=8, usage_type="video_link")
    partial = _bought(buyer)  # another 10 credits for 14.99
    assert credits.balance_of(buyer.pk) == 12
    admin = make_staff("admin")

    refunds.refund_payment(payment=spent, actor=admin, reason="Chargeback threat")
    assert credits.balance_of(buyer.pk) == 2  # the 10 it bought, though 8 were spent
    result = refunds.refund_payment(
        payment=partial, actor=admin, reason="Half back", amount=Decimal("7.50")
    )
    assert result.refunded == Decimal("7.50")
    partial.refresh_from_db()
    assert (partial.status, partial.amount_refunded) == ("partially_refunded", Decimal("7.50"))
    assert _refund_entries(partial) == [-5]  # int(10 * 7.50 / 14.99)
    assert credits.balance_of(buyer.pk) == -3  # a debt: spending stops until it is paid

    with pytest.raises(DomainError) as too_much:
        refunds.refund_payment(payment=partial, actor=admin, reason="More", amount="9.00")
    assert "amount" in too_much.value.details
    rest = refunds.refund_payment(payment=partial, actor=admin, reason="The rest")
    assert rest.refunded == Decimal("7.49")
    assert _refund_entries(partial) == [-5, -5]


def test_refunding_needs_the_support_or_admin_role_a_reason_and_a_recent_login(buyer, time_machine):
    payment = _bought(buyer)
    moderator = make_staff("moderator")
    refused = client_for(moderator).post(
        BULK, {"action": "refund", "targetId": payment.pk, "reason": "x"}, format="json"
    )
    assert refused.status_code == 403
    with pytest.raises(NotAllowed):
        refunds.refund_payment(payment=payment, actor=moderator, reason="x")

    support = make_staff("support")
    api = client_for(support)
    no_reason = api.post(BULK, {"action": "refund", "targetId": payment.pk}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["details"]
    # Support may refund but not moderate through the same endpoint.
    pitch = PitchFactory(status="published")
    hide = api.post(BULK, {"action": "hide", "pitchIds": [pitch.pk]}, format="json")
    assert hide.status_code == 403

    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=20))  # the login is stale
    stale = api.post(
        BULK, {"action": "refund", "targetId": payment.pk, "reason": "Duplicate"}, format="json"
    )
    assert stale.status_code == 403
    assert stale.json()["error"]["code"] == "REAUTH_REQUIRED"
    payment.refresh_from_db()
    assert payment.status == "completed"
    assert not AuditLog.objects.filter(action__startswith="billing.payment.refund").exists()

    codes = enable_real_mfa(support)
    api.post("/api/admin/reauth", {"password": "Demo123", "code": codes[0]}, format="json")
    done = api.post(
        BULK, {"action": "refund", "targetId": payment.pk, "reason": "Duplicate"}, format="json"
    )
    assert done.json()["processed"] == 1


def test_a_bulk_refund_reports_each_payment(buyer):
    paid = _bought(buyer)
    pending = Payment.objects.create(
        user=buyer, type="credits", amount=Decimal("2.99"), credits=1, stripe_session_id="cs_x"
    )
    response = client_for(make_staff("admin")).post(
        BULK,
        {"action": "refund", "paymentIds": [paid.pk, pending.pk], "reason": "Cleanup"},
        format="json",
    )
    results = {row["id"]: row for row in response.json()["results"]}
    assert results[paid.pk]["ok"] is True
    assert results[pending.pk]["ok"] is False
    assert "pending" in results[pending.pk]["error"]
    several_with_amount = client_for(make_staff("admin")).post(
        BULK,
        {"action": "refund", "paymentIds": [paid.pk, pending.pk], "amount": 1, "reason": "x"},
        format="json",
    )
    assert several_with_amount.status_code == 400


def test_stripe_refunds_through_its_api_and_the_webhook_reverses_the_credits(
    api, buyer, fake_stripe
):
    intent = "pi_test_refund_1"
    payment = Payment.objects.create(
        user=buyer,
        type="credits",
        status="completed",
        amount=Decimal("14.99"),
        credits=10,
        stripe_session_id="cs_test_r",
        stripe_payment_intent_id=intent,
        completed_at=timezone.now(),
    )
    credits.add_purchased(payment=payment)
    admin = make_staff("admin")

    refunds.refund_payment(payment=payment, actor=admin, reason="Customer asked")
    calls = fake_stripe.calls("POST", "/v1/refunds")
    assert len(calls) == 1
    assert calls[0]["form"]["payment_intent"] == intent
    assert "charge" not in calls[0]["form"]
    assert calls[0]["form"]["amount"] == "1499"
    assert calls[0]["idempotency_key"] == f"pitchey-refund-{payment.pk}-1499"
    assert credits.balance_of(buyer.pk) == 10  # Stripe's event records it, not the request

    refunds.refund_payment(payment=payment, actor=admin, reason="Clicked twice")
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == 1  # asked for already: no new call

    charge = shapes.charge(
        charge_id="ch_test_r",
        payment_intent=intent,
        customer="cus_test_x",
        amount=1499,
        amount_refunded=1499,
        currency="eur",
    )
    assert deliver(api, shapes.event("charge.refunded", charge)).status_code == 200
    assert deliver(api, shapes.event("charge.refunded", charge)).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert credits.balance_of(buyer.pk) == 0
    assert _refund_entries(payment) == [-10]


def test_a_refund_the_provider_refuses_records_nothing(buyer, fake_stripe):
    payment = Payment.objects.create(
        user=buyer,
        type="credits",
        status="completed",
        amount=Decimal("2.99"),
        credits=1,
        stripe_session_id="cs_test_f",
        stripe_payment_intent_id="pi_test_f",
    )
    fake_stripe.fail_next = "Charge already refunded."
    response = client_for(make_staff("admin")).post(
        BULK, {"action": "refund", "targetId": payment.pk, "reason": "Dup"}, format="json"
    )
    assert response.json()["results"][0]["ok"] is False
    payment.refresh_from_db()
    assert "refund_requested_total" not in payment.metadata
    assert not AuditLog.objects.filter(action="billing.payment.refund_requested").exists()


def test_the_payments_admin_refunds_with_a_reason(buyer):
    payment = _bought(buyer)
    support = make_staff("support")
    client = Client()
    client.force_login(support)
    url = "/admin/billing/payment/"
    assert client.get(url).status_code == 200
    asked = client.post(url, {"action": "refund", "_selected_action": [payment.pk]})
    assert asked.status_code == 200
    assert "Why refund these payments?" in asked.content.decode()
    payment.refresh_from_db()
    assert payment.status == "completed"

    done = client.post(
        url,
        {"action": "refund", "_selected_action": [payment.pk], "reason": "Refund", "apply": "1"},
    )
    assert done.status_code == 302
    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert credits.balance_of(buyer.pk) == 0
    entry = AuditLog.objects.get(action="billing.payment.refund_requested")
    assert (entry.actor_id, entry.data["reason"]) == (support.pk, "Refund")
