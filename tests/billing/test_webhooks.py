"""`POST /api/webhooks/stripe`: signatures, exactly-once by event id (also concurrently), any
order of delivery, refunds that reverse exactly the credits bought, disputes for staff."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import User
from analytics.models import AuditLog
from billing import stripe_shapes as shapes
from billing.models import CreditEntry, Payment, ProcessedEvent, Subscription
from billing.services import credits
from messaging.models import Notification
from tests.billing.conftest import (
    WEBHOOK,
    charge_obj,
    credits_session,
    deliver,
    invoice_obj,
    signed,
    subscription_obj,
)

pytestmark = pytest.mark.django_db


def _nothing_written() -> bool:
    return not (ProcessedEvent.objects.exists() or Payment.objects.exists())


# --- signatures --------------------------------------------------------------------------------


def test_a_bad_signature_is_400_and_writes_nothing(api, buyer):
    event = shapes.event("checkout.session.completed", credits_session(buyer))
    payload, _ = signed(event)
    _, forged = signed(event, secret="whsec_someone_else")

    for header in (forged, "t=1,v1=deadbeef", ""):
        response = api.generic(
            "POST", WEBHOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "INVALID_SIGNATURE"
    assert _nothing_written()
    assert credits.balance_of(buyer.pk) == 0


def test_a_tampered_body_fails_its_signature(api, buyer):
    event = shapes.event("checkout.session.completed", credits_session(buyer))
    payload, header = signed(event)
    tampered = payload.replace(b'"package_2"', b'"package_3"')

    response = api.generic(
        "POST", WEBHOOK, tampered, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )

    assert response.status_code == 400
    assert _nothing_written()


def test_an_old_signature_is_refused(api, buyer):
    import stripe

    from billing.providers import get_provider

    payload = shapes.encode(shapes.event("checkout.session.completed", credits_session(buyer)))
    old = stripe.WebhookSignature.generate_signature_header(
        payload.decode(), get_provider().webhook_secret(), timestamp=1_000_000_000
    )

    response = api.generic(
        "POST", WEBHOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=old
    )

    assert response.status_code == 400
    assert _nothing_written()


def test_signed_junk_is_400_not_500(api):
    from billing.providers import get_provider

    for body in (b"not json", b"[1, 2]", b'{"no": "id"}', b'{"id": "\\u0000", "type": 7}'):
        header = __import__("stripe").WebhookSignature.generate_signature_header(
            body.decode(), get_provider().webhook_secret()
        )
        response = api.generic(
            "POST", WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
        assert response.status_code in (200, 400), body
    assert not Payment.objects.exists()


# --- credit packs ------------------------------------------------------------------------------


def test_a_paid_credit_checkout_adds_the_pack_once_and_answers_the_keys(api, buyer):
    event = shapes.event("checkout.session.completed", credits_session(buyer, "package_2"))

    response = deliver(api, event)

    assert response.status_code == 200
    body = response.json()["data"]
    assert (body["received"], body["outcome"], body["duplicate"]) == (True, "applied", False)
    payment = Payment.objects.get(user=buyer)
    assert (payment.status, payment.credits, payment.amount) == ("completed", 10, Decimal("14.99"))
    assert credits.balance_of(buyer.pk) == 10
    assert AuditLog.objects.filter(action="billing.payment.completed").count() == 1
    assert Notification.objects.filter(user=buyer, kind="billing").count() == 1


def test_the_same_event_ten_times_has_one_effect(api, buyer):
    event = shapes.event("checkout.session.completed", credits_session(buyer, "package_1"))

    outcomes = [deliver(api, event).json()["data"]["outcome"] for _ in range(10)]

    assert outcomes == ["applied"] + ["duplicate"] * 9
    assert credits.balance_of(buyer.pk) == 5
    assert CreditEntry.objects.filter(user=buyer).count() == 1
    assert ProcessedEvent.objects.count() == 1


def test_two_event_ids_for_one_session_still_credit_once(api, buyer):
    session = credits_session(buyer, "package_1")
    deliver(api, shapes.event("checkout.session.completed", session))
    deliver(api, shapes.event("checkout.session.completed", session))

    assert credits.balance_of(buyer.pk) == 5
    assert ProcessedEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_ten_times_concurrently_has_one_effect():
    from tests.factories import UserFactory

    buyer = UserFactory(user_type=User.Type.CREATOR, credits=0)
    event = shapes.event("checkout.session.completed", credits_session(buyer, "package_3"))
    payload, header = signed(event)
    start = threading.Barrier(10)

    def post(_: int) -> tuple[int, str]:
        try:
            start.wait(timeout=30)
            response = APIClient().generic(
                "POST",
                WEBHOOK,
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=header,
            )
            return response.status_code, response.json()["data"]["outcome"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(post, range(10)))

    assert sorted(answers) == [(200, "applied")] + [(200, "duplicate")] * 9
    assert credits.balance_of(buyer.pk) == 30
    assert CreditEntry.objects.filter(user=buyer, kind="purchase").count() == 1
    assert Payment.objects.filter(user=buyer, status="completed").count() == 1
    assert ProcessedEvent.objects.filter(event_id=event["id"]).count() == 1


def test_an_unpaid_session_credits_nothing(api, buyer):
    session = credits_session(buyer)
    session["payment_status"] = "unpaid"

    deliver(api, shapes.event("checkout.session.completed", session))

    assert credits.balance_of(buyer.pk) == 0


def test_an_expired_checkout_closes_its_pending_payment(api, buyer):
    session = credits_session(buyer)
    Payment.objects.create(
        user=buyer, type="credits", amount=Decimal("14.99"), stripe_session_id=session["id"]
    )

    deliver(api, shapes.event("checkout.session.expired", {**session, "status": "expired"}))

    assert Payment.objects.get().status == "expired"


def test_an_event_about_nobody_is_recorded_and_ignored(api):
    session = credits_session(User(pk=999999))
    response = deliver(api, shapes.event("checkout.session.completed", session))

    assert response.json()["data"]["outcome"] == "ignored"
    assert ProcessedEvent.objects.get().outcome == "ignored"
    assert not Payment.objects.exists()


def test_an_unhandled_event_type_is_acknowledged(api):
    response = deliver(api, shapes.event("customer.created", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200
    assert response.json()["data"]["outcome"] == "ignored"


# --- refunds and disputes ------------------------------------------------------------------------


def _bought(api, user: User, pack: str = "package_2") -> Payment:
    session = credits_session(user, pack, intent=shapes.new_id("pi_test"))
    deliver(api, shapes.event("checkout.session.completed", session))
    return Payment.objects.get(stripe_session_id=session["id"])


def test_a_refund_reverses_exactly_the_credits_it_bought(api, buyer):
    credits.grant_credits(user=buyer, amount=4, reason="earlier grant", actor=None)
    payment = _bought(api, buyer, "package_2")
    credits.spend(user=buyer, action="word_doc")
    assert credits.balance_of(buyer.pk) == 11

    charge = charge_obj(payment.stripe_payment_intent_id, amount=1499, refunded=1499)
    deliver(api, shapes.event("charge.refunded", charge))
    deliver(api, shapes.event("charge.refunded", charge))  # a second event id, same refund

    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", Decimal("14.99"))
    reversal = CreditEntry.objects.get(user=buyer, kind="refund")
    assert (reversal.amount, reversal.payment) == (-10, payment)
    assert credits.balance_of(buyer.pk) == 1


def test_a_refund_after_the_credits_were_spent_leaves_a_debt_that_stops_spending(api, buyer):
    payment = _bought(api, buyer, "package_2")
    credits.spend(user=buyer, action="nda_request")

    deliver(
        api,
        shapes.event(
            "charge.refunded",
            charge_obj(payment.stripe_payment_intent_id, amount=1499, refunded=1499),
        ),
    )

    assert credits.balance_of(buyer.pk) == -10
    with pytest.raises(credits.InsufficientCredits):
        credits.spend(user=buyer, action="video_link")


def test_partial_refunds_reverse_their_share_whatever_their_order(api, buyer):
    payment = _bought(api, buyer, "package_3")  # 30 credits for 29.99
    half = shapes.event(
        "charge.refunded", charge_obj(payment.stripe_payment_intent_id, amount=2999, refunded=1500)
    )
    full = shapes.event(
        "charge.refunded", charge_obj(payment.stripe_payment_intent_id, amount=2999, refunded=2999)
    )

    assert deliver(api, full).json()["data"]["outcome"] == "applied"
    assert deliver(api, half).json()["data"]["outcome"] == "stale"

    payment.refresh_from_db()
    assert payment.status == "refunded"
    assert credits.balance_of(buyer.pk) == 0


def test_a_partial_refund_reverses_the_refunded_share(api, buyer):
    payment = _bought(api, buyer, "package_3")

    deliver(
        api,
        shapes.event(
            "charge.refunded",
            charge_obj(payment.stripe_payment_intent_id, amount=2999, refunded=1500),
        ),
    )

    payment.refresh_from_db()
    assert payment.status == "partially_refunded"
    assert credits.balance_of(buyer.pk) == 30 - 15


def test_a_refund_that_arrives_before_its_payment_is_retried_until_the_payment_exists(api, buyer):
    intent = shapes.new_id("pi_test")
    refund = shapes.event("charge.refunded", charge_obj(intent, amount=1499, refunded=1499))

    early = deliver(api, refund)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "RETRY_LATER"
    assert not ProcessedEvent.objects.filter(event_id=refund["id"]).exists()

    session = credits_session(buyer, "package_2", intent=intent)
    deliver(api, shapes.event("checkout.session.completed", session))
    assert deliver(api, refund).json()["data"]["outcome"] == "applied"  # Stripe's redelivery
    assert credits.balance_of(buyer.pk) == 0


def test_a_dispute_flags_the_payment_for_staff(api, buyer, staff):
    payment = _bought(api, buyer)
    dispute = shapes.dispute(
        dispute_id="dp_1",
        charge_id="ch_x",
        payment_intent=payment.stripe_payment_intent_id,
        amount=1499,
        currency="eur",
        reason="fraudulent",
    )

    deliver(api, shapes.event("charge.dispute.created", dispute))
    deliver(api, shapes.event("charge.dispute.created", dispute))

    payment.refresh_from_db()
    assert payment.disputed
    assert payment.dispute_reason == "fraudulent"
    assert Notification.objects.filter(user=staff, kind="billing_dispute").count() == 1
    assert AuditLog.objects.filter(action="billing.payment.disputed").count() == 1


# --- subscriptions -----------------------------------------------------------------------------


def test_subscription_created_then_updated_follows_stripe(api, buyer):
    deliver(
        api, shapes.event("customer.subscription.created", subscription_obj(buyer), created=100)
    )
    deliver(
        api,
        shapes.event(
            "customer.subscription.updated",
            subscription_obj(buyer, cancel_at_period_end=True),
            created=200,
        ),
    )

    sub = Subscription.objects.get()
    assert (sub.status, sub.plan, sub.cancel_at_period_end) == ("active", "creator_plus", True)
    buyer.refresh_from_db()
    assert buyer.subscription_tier == "creator_plus"
    assert buyer.stripe_subscription_id == "sub_test_1"


def test_deleted_before_created_ends_canceled(api, buyer):
    deleted = shapes.event(
        "customer.subscription.deleted", subscription_obj(buyer, status="canceled"), created=300
    )
    created = shapes.event("customer.subscription.created", subscription_obj(buyer), created=100)

    assert deliver(api, deleted).json()["data"]["outcome"] == "applied"
    assert deliver(api, created).json()["data"]["outcome"] == "stale"

    sub = Subscription.objects.get()
    assert sub.status == "canceled"
    assert sub.ended_at is not None
    buyer.refresh_from_db()
    assert buyer.subscription_tier == "free"


def test_a_late_update_never_revives_a_canceled_subscription(api, buyer):
    deliver(
        api,
        shapes.event(
            "customer.subscription.deleted", subscription_obj(buyer, status="canceled"), created=100
        ),
    )
    late = shapes.event("customer.subscription.updated", subscription_obj(buyer), created=500)

    assert deliver(api, late).json()["data"]["outcome"] == "stale"
    assert Subscription.objects.get().status == "canceled"


def test_an_older_update_does_not_overwrite_a_newer_one(api, buyer):
    newer = subscription_obj(buyer, status="past_due")
    older = subscription_obj(buyer, status="active")
    deliver(api, shapes.event("customer.subscription.updated", newer, created=200))

    assert (
        deliver(api, shapes.event("customer.subscription.updated", older, created=150)).json()[
            "data"
        ]["outcome"]
        == "stale"
    )
    assert Subscription.objects.get().status == "past_due"


def test_a_created_event_after_an_update_of_the_same_second_is_stale(api, buyer):
    deliver(
        api, shapes.event("customer.subscription.updated", subscription_obj(buyer), created=100)
    )
    incomplete = subscription_obj(buyer, status="incomplete")

    deliver(api, shapes.event("customer.subscription.created", incomplete, created=100))

    assert Subscription.objects.get().status == "active"


def test_subscription_changes_are_audited_and_notified(api, buyer):
    deliver(api, shapes.event("customer.subscription.created", subscription_obj(buyer), created=1))
    deliver(
        api,
        shapes.event(
            "customer.subscription.deleted", subscription_obj(buyer, status="canceled"), created=2
        ),
    )

    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["billing.subscription.active", "billing.subscription.canceled"]
    titles = set(Notification.objects.filter(user=buyer).values_list("title", flat=True))
    assert titles == {"Your subscription is active", "Your subscription has ended"}


# --- invoices ----------------------------------------------------------------------------------


def test_a_paid_invoice_records_the_payment_and_grants_the_plan_credits(api, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer)))

    payment = Payment.objects.get(stripe_invoice_id="in_test_1")
    assert (payment.type, payment.status, payment.amount) == (
        "subscription",
        "completed",
        Decimal("29.99"),
    )
    assert payment.stripe_payment_intent_id == "pi_in_test_1"
    assert credits.balance_of(buyer.pk) == 30


def test_a_renewal_lapses_the_unused_allowance_and_grants_the_new_one(api, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer, invoice_id="in_1", start=1_000)))
    credits.spend(user=buyer, action="nda_request")  # 20 of the first 30 left

    deliver(
        api,
        shapes.event(
            "invoice.paid", invoice_obj(buyer, invoice_id="in_2", start=1_000 + 30 * 86400)
        ),
    )

    kinds = list(
        CreditEntry.objects.filter(user=buyer).order_by("id").values_list("kind", "amount")
    )
    assert kinds == [("grant", 30), ("spend", -10), ("expiry", -20), ("grant", 30)]
    assert credits.balance_of(buyer.pk) == 30


def test_purchased_credits_do_not_lapse_at_renewal(api, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer, invoice_id="in_1", start=1_000)))
    _bought(api, buyer, "package_2")
    for _ in range(4):
        credits.spend(user=buyer, action="nda_request")  # 40 spent: all 30 of the allowance

    deliver(
        api,
        shapes.event(
            "invoice.paid", invoice_obj(buyer, invoice_id="in_2", start=1_000 + 30 * 86400)
        ),
    )

    assert not CreditEntry.objects.filter(user=buyer, kind="expiry").exists()
    assert credits.balance_of(buyer.pk) == 30


def test_a_failed_invoice_then_paid_ends_paid_and_a_late_failure_changes_nothing(api, buyer):
    failed = shapes.event("invoice.payment_failed", invoice_obj(buyer, status="open"))
    paid = shapes.event("invoice.paid", invoice_obj(buyer))

    deliver(api, failed)
    assert Payment.objects.get().status == "failed"
    assert Notification.objects.filter(user=buyer, title__contains="failed").exists()
    deliver(api, paid)
    late = shapes.event("invoice.payment_failed", invoice_obj(buyer, status="open"))
    assert deliver(api, late).json()["data"]["outcome"] == "stale"

    assert Payment.objects.get().status == "completed"


def test_an_unlimited_plan_invoice_grants_no_credits(api, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer, plan="creator_unlimited")))

    assert Payment.objects.get().credits == 0
    assert credits.balance_of(buyer.pk) == 0


def test_a_refunded_invoice_takes_back_its_allowance(api, buyer):
    deliver(api, shapes.event("invoice.paid", invoice_obj(buyer)))

    deliver(
        api, shapes.event("charge.refunded", charge_obj("pi_in_test_1", amount=2999, refunded=2999))
    )

    assert credits.balance_of(buyer.pk) == 0
    assert Payment.objects.get().status == "refunded"
