"""Register, verify through the emailed link, log in to the right portal, get refused by the wrong
one, and log out, in headless Chromium against a live server."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser_page(live_server, settings, monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.SITE_URL = settings.FRONTEND_URL = live_server.url
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_default_timeout(15000)
        yield page
        browser.close()


def _session_status(page) -> int:
    return page.evaluate(
        "() => fetch('/api/auth/session', {credentials: 'include'}).then(r => r.status)"
    )


def test_register_verify_login_wrong_password_and_logout(browser_page, live_server):
    page = browser_page
    page.goto(f"{live_server.url}/register/?type=investor")
    page.check("input[name=user_type][value=investor]")
    page.fill("input[name=email]", "journey@example.com")
    page.fill("input[name=username]", "journey")
    page.fill("input[name=password]", "A-journey-through-Chromium-9")
    page.fill("input[name=company_name]", "Journey Capital")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Check your inbox")

    link = re.search(r"(http\S+verify-email\?token=\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert "verified=true" in page.url
    page.wait_for_selector("text=Your email address is verified")

    assert page.locator("input[name=portal]").count() == 0  # the account decides the portal
    page.fill("input[name=email]", "journey@example.com")
    page.fill("input[name=password]", "A-wrong-password-entirely-0")
    page.click("form button[type=submit]")
    page.wait_for_selector("text=The email or password is incorrect.")
    assert _session_status(page) == 401

    page.fill("input[name=email]", "journey@example.com")
    page.fill("input[name=password]", "A-journey-through-Chromium-9")
    page.click("form button[type=submit]")
    page.wait_for_url("**/home/")
    page.wait_for_selector(".nav-user .badge-investor")
    assert _session_status(page) == 200
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["pitchey_access"]["httpOnly"]
    assert cookies["pitchey_refresh"]["httpOnly"]

    page.click(".nav-logout button")
    page.wait_for_selector("a[href='/login/']")
    assert _session_status(page) == 401
