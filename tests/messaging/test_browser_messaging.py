"""Two people in two browser contexts exchange messages live, with the typing indicator.

The pages are served by a real daphne process (HTTP and WebSocket) on a free port, against the
test database and Redis; each browser context carries its user's Django session cookie.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from messaging import services
from tests.e2e.conftest import CHROMIUM_ARGS
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db: Any, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pitchey.settings_test",
        "DEBUG": "true",  # static files from the finders
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        "CSRF_TRUSTED_ORIGINS": base,
        "SITE_URL": base,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "pitchey.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "daphne.log").open("wb"),  # read on failure; a pipe could fill up
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError("daphne did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


def _session_cookie(user: Any, base: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}


def test_two_people_exchange_messages_live_with_typing(asgi_server, monkeypatch):
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
