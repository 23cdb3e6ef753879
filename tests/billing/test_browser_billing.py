"""In a browser: buy a credit pack through the sandbox checkout in one tab, and watch the header
balance of another open tab change without it reloading (the new balance comes over the
WebSocket as `credits_update`)."""

from __future__ import annotations

import pytest

from accounts.models import User
from billing.models import Payment
from billing.services import credits
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot
from tests.e2e.servers import (
    asgi_server,  # noqa: F401  (fixture)
    session_cookie,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_buying_a_pack_in_the_sandbox_updates_the_header_live(asgi_server, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    buyer = UserFactory(user_type=User.Type.CREATOR, credits=0, first_name="Bea")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([session_cookie(buyer, asgi_server)])
        watching = context.new_page()
        watching.goto(f"{asgi_server}/billing/")
        expect(watching.locator("#credit-balance-value")).to_have_text("0")
        expect(watching.locator("html")).to_have_attribute("data-realtime", "open", timeout=10000)
        watching.evaluate("window.__sameDocument = true")

        buying = context.new_page()
        buying.goto(f"{asgi_server}/billing/credits/")
        buying.get_by_role("button", name="Buy 10 credits").click()
        expect(buying.get_by_role("button", name="Pay (test)")).to_be_visible()
        expect(buying.locator(".sandbox-banner")).to_contain_text("no card is charged")
        screenshot(buying, "billing-sandbox-checkout")
        buying.get_by_role("button", name="Pay (test)").click()
        expect(buying.locator("#checkout-result")).to_contain_text("10 credits added")

        expect(watching.locator("#credit-balance-value")).to_have_text("10", timeout=10000)
        expect(watching.locator("#credit-balance")).to_contain_text("10 credits")
        expect(watching.locator("#overview-balance")).to_have_text("10")
        assert watching.evaluate("window.__sameDocument") is True  # no reload happened
        screenshot(watching, "billing-header-live-balance")
        browser.close()

    assert credits.balance_of(buyer.pk) == 10
    assert Payment.objects.get(user=buyer).status == "completed"


def test_a_creator_without_credits_keeps_the_refused_message_and_is_told_why(
    asgi_server,  # noqa: F811
    monkeypatch,
):
    from playwright.sync_api import expect, sync_playwright

    from messaging import services
    from messaging.models import Message

    creator = UserFactory(user_type=User.Type.CREATOR, credits=0)
    investor = UserFactory(user_type=User.Type.INVESTOR)
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_cookies([session_cookie(creator, asgi_server)])
        page = context.new_page()
        page.goto(f"{asgi_server}/messages/{thread.pk}/")
        expect(page.locator("html")).to_have_attribute("data-realtime", "open", timeout=10000)
        page.locator("#composer textarea").fill("Can we talk money?")
        page.locator("#composer button[type=submit]").click()

        expect(page.locator("#composer-error")).to_contain_text("This costs 2 credits")
        expect(page.locator("#composer-error a")).to_have_attribute("href", "/billing/credits/")
        expect(page.locator("#composer textarea")).to_have_value("Can we talk money?")
        browser.close()

    assert not Message.objects.exists()
