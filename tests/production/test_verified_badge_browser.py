"""In a browser: the verified-company badge renders on a marketplace card and in a message thread
(the list, the header and the sender), and not for an unverified company. Screenshots of both
pages are kept in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS, CHROMIUM_ARGS, screenshot
from tests.e2e.servers import (
    asgi_server,  # noqa: F401  (fixture)
    session_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_the_badge_renders_on_a_card_and_in_a_thread(asgi_server, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    from accounts import services as account_services
    from accounts.models import User
    from messaging import services as messaging
    from tests.factories import UserFactory
    from tests.pitches.factories import PitchFactory

    studio = UserFactory(
        user_type=User.Type.PRODUCTION, company_name="Stellar Pictures", first_name="Stella"
    )
    rival = UserFactory(
        user_type=User.Type.PRODUCTION, company_name="Rival Pictures", first_name="Rory"
    )
    author = UserFactory(user_type=User.Type.CREATOR, first_name="Alice")
    account_services.mark_company_verified(user=studio)
    PitchFactory(owner=studio, title="The Verified Lighthouse")
    PitchFactory(owner=rival, title="The Plain Lighthouse")
    chat = messaging.start_conversation(creator=studio, recipient_ids=[author.pk])
    messaging.send_message(sender=studio, conversation=chat, content="We loved your pitch.")
    other = messaging.start_conversation(creator=rival, recipient_ids=[author.pk])
    messaging.send_message(sender=rival, conversation=other, content="Hello from a rival.")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{asgi_server}/marketplace/")
        verified_card = page.locator(".pitch-card", has_text="The Verified Lighthouse")
        badge = verified_card.locator("[data-verified-company]")
        expect(badge).to_be_visible()
        expect(badge).to_have_text("✓ Verified company")  # the hidden words are read aloud
        expect(badge).to_have_attribute("title", "Verified company")
        plain_card = page.locator(".pitch-card", has_text="The Plain Lighthouse")
        expect(plain_card).to_be_visible()
        expect(plain_card.locator("[data-verified-company]")).to_have_count(0)
        screenshot(page, "verified-badge-marketplace")
        verified_card.screenshot(path=str(ARTIFACTS / "verified-badge-card.png"))

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([session_cookie(author, asgi_server)])
        inbox = context.new_page()
        inbox.goto(f"{asgi_server}/messages/{chat.pk}/")
        header = inbox.locator("h2", has_text=studio.display_name)
        expect(header.locator("[data-verified-company]")).to_be_visible()
        sender = inbox.locator(".sender", has_text=studio.display_name).first
        expect(sender.locator("[data-verified-company]")).to_be_visible()
        rival_row = inbox.locator(".member", has_text=rival.display_name).first
        expect(rival_row).to_be_visible()
        expect(rival_row.locator("[data-verified-company]")).to_have_count(0)
        screenshot(inbox, "verified-badge-thread")
        browser.close()
