"""The deploy checks refuse a sandbox outside DEBUG and Stripe keys without a webhook secret."""

from __future__ import annotations

from billing.checks import payments_configured


def test_stripe_keys_without_a_webhook_secret_warn(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_WEBHOOK_SECRET = None

    assert [m.id for m in payments_configured()] == ["billing.W001"]


def test_the_sandbox_outside_debug_warns(settings):
    settings.STRIPE_SECRET_KEY = None
    settings.BILLING_SANDBOX = True
    settings.DEBUG = False

    assert [m.id for m in payments_configured()] == ["billing.W002"]


def test_stripe_with_both_secrets_or_debug_sandbox_is_quiet(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert payments_configured() == []

    settings.STRIPE_SECRET_KEY = None
    settings.DEBUG = True
    assert payments_configured() == []
