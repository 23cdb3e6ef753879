"""Billing fixtures: users without credits, the fake Stripe server, and signed event deliveries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import stripe
from rest_framework.test import APIClient

from accounts.models import User
from billing import catalog
from billing import stripe_shapes as shapes
from billing.providers import get_provider
from tests.billing.fake_stripe import FakeStripe
from tests.factories import UserFactory

WEBHOOK = "/api/webhooks/stripe"


@pytest.fixture
def buyer(db) -> User:
    """A creator with no credits at all."""
    return UserFactory(user_type=User.Type.CREATOR, credits=0, first_name="Bea", last_name="Buyer")


@pytest.fixture
def broke_investor(db) -> User:
    return UserFactory(user_type=User.Type.INVESTOR, credits=0, company_name="Thin Wallet")


@pytest.fixture
def fake_stripe(settings) -> Iterator[FakeStripe]:
    """Real Stripe mode, with `stripe.api_base` pointed at a local fake."""
    fake = FakeStripe().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake_key"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_fake_secret"
    settings.STRIPE_API_BASE = fake.url
    settings.STRIPE_NETWORK_RETRIES = 0
    yield fake
    fake.stop()
    stripe.api_key = None
    stripe.api_base = stripe.DEFAULT_API_BASE


def signed(event: dict[str, Any], secret: str | None = None) -> tuple[bytes, str]:
    payload = shapes.encode(event)
    key = secret or get_provider().webhook_secret()
    return payload, stripe.WebhookSignature.generate_signature_header(payload.decode(), key)


def deliver(client: APIClient, event: dict[str, Any], secret: str | None = None) -> Any:
    payload, header = signed(event, secret)
    return client.generic(
        "POST", WEBHOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def credits_session(
    user: User, pack_id: str = "package_2", *, session_id: str | None = None, intent: str = ""
) -> dict[str, Any]:
    """The `checkout.session.completed` object of a paid credit pack."""
    pack = catalog.pack(pack_id)
    assert pack is not None
    return shapes.checkout_session(
        session_id=session_id or shapes.new_id("cs_test"),
        mode="payment",
        customer=user.stripe_customer_id or "cus_test_x",
        amount_total=catalog.cents(pack.price),
        currency="eur",
        metadata={"user_id": str(user.pk), "kind": "credits", "pack": pack.id},
        url="",
        success_url="https://example.test/ok",
        cancel_url="https://example.test/no",
        status="complete",
        payment_intent=intent or shapes.new_id("pi_test"),
    )


def subscription_obj(
    user: User,
    *,
    sub_id: str = "sub_test_1",
    status: str = "active",
    plan: str = "creator_plus",
    start: int = 1_760_000_000,
    cancel_at_period_end: bool = False,
) -> dict[str, Any]:
    return shapes.subscription(
        subscription_id=sub_id,
        customer="cus_test_sub",
        status=status,
        metadata={"user_id": str(user.pk), "plan": plan, "interval": "monthly"},
        amount=2999,
        currency="eur",
        interval="monthly",
        period_start=start,
        period_end=start + 30 * 86400,
        cancel_at_period_end=cancel_at_period_end,
        canceled_at=start + 60 if status == "canceled" else None,
        ended_at=start + 60 if status == "canceled" else None,
    )


def invoice_obj(
    user: User,
    *,
    invoice_id: str = "in_test_1",
    sub_id: str = "sub_test_1",
    plan: str = "creator_plus",
    status: str = "paid",
    start: int = 1_760_000_000,
    amount: int = 2999,
) -> dict[str, Any]:
    return shapes.invoice(
        invoice_id=invoice_id,
        customer="cus_test_sub",
        subscription_id=sub_id,
        metadata={"user_id": str(user.pk), "plan": plan, "interval": "monthly"},
        amount=amount,
        currency="eur",
        status=status,
        period_start=start,
        period_end=start + 30 * 86400,
        payment_intent=f"pi_{invoice_id}",
        charge=f"ch_{invoice_id}",
        description=f"Pitchey {plan} subscription",
    )


def charge_obj(intent: str, *, amount: int, refunded: int) -> dict[str, Any]:
    return shapes.charge(
        charge_id=f"ch_for_{intent}",
        payment_intent=intent,
        customer="cus_test_x",
        amount=amount,
        amount_refunded=refunded,
        currency="eur",
    )
