"""Two people in two browser contexts exchange messages live, with the typing indicator.

The pages are served by a real daphne process (HTTP and WebSocket) on a free port, against the
test database and Redis; each browser context carries its user's Django session cookie.
"""

from __future__ import annotations

import pytest

from messaging import services
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.servers import asgi_server  # noqa: F401  (fixture)
from tests.e2e.servers import session_cookie as _session_cookie
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_two_people_exchange_messages_live_with_typing(asgi_server, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    alice = UserFactory(user_type="creator", first_name="Alice", last_name="Writer")
    bob = UserFactory(user_type="investor", first_name="Bob", last_name="Backer")
    thread = services.start_conversation(creator=alice, recipient_ids=[bob.pk])
    services.send_message(sender=alice, conversation=thread, content="Welcome aboard")
    cookies = {u.pk: _session_cookie(u, asgi_server) for u in (alice, bob)}
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    url = f"{asgi_server}/messages/{thread.pk}/"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages = {}
        for user in (alice, bob):
            context = browser.new_context()
            context.add_cookies([cookies[user.pk]])
            page = context.new_page()
            page.goto(url)
            expect(page.locator("html")).to_have_attribute("data-subscribed", "yes", timeout=10000)
            pages[user.pk] = page
        alice_page, bob_page = pages[alice.pk], pages[bob.pk]
        expect(alice_page.locator("#message-list")).to_contain_text("Welcome aboard")

        bob_page.locator("#composer textarea").press_sequentially("Thanks, ", delay=30)
        expect(alice_page.locator("#typing-indicator")).to_be_visible(timeout=5000)
        expect(alice_page.locator("#typing-indicator")).to_contain_text("Bob Backer is typing")

        bob_page.locator("#composer textarea").press_sequentially("when can we talk?")
        bob_page.locator("#composer button[type=submit]").click()
        expect(alice_page.locator("#message-list")).to_contain_text("Thanks, when can we talk?")
        expect(bob_page.locator("#message-list")).to_contain_text("Thanks, when can we talk?")
        expect(alice_page.locator("#typing-indicator")).to_be_hidden()
        assert bob_page.url == url  # sent over the socket: no form post, no reload

        alice_page.locator("#composer textarea").fill("Tomorrow at ten.")
        alice_page.locator("#composer button[type=submit]").click()
        expect(bob_page.locator("#message-list")).to_contain_text("Tomorrow at ten.")
        expect(bob_page.locator("#message-list li")).to_have_count(3)
        browser.close()

    assert list(thread.messages.order_by("id").values_list("content", flat=True)) == [
        "Welcome aboard",
        "Thanks, when can we talk?",
        "Tomorrow at ten.",
    ]
