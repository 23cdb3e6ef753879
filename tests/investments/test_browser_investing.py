"""The demo investor opens the portfolio, records an investment in a pitch they hold access to,
and sees the summary and the chart change; the creator, with their funding page open, gets the
notification live and then sees the investment there."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from pitches.models import Pitch
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot
from tests.e2e.servers import asgi_server, session_cookie  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_demo_investor_records_an_investment_and_the_creator_sees_it_live(
    asgi_server,  # noqa: F811
    monkeypatch,
):
    from playwright.sync_api import expect, sync_playwright

    call_command("seed_demo", force=True, stdout=io.StringIO())
    investor = User.objects.get(email="sarah.investor@demo.com")
    creator = User.objects.get(email="alex.creator@demo.com")
    pitch = Pitch.objects.get(slug="demo-1")  # an NDA pitch the demo investor holds access to
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages: dict[str, Any] = {}
        for name, user, path in (
            ("creator", creator, "/creator/funding/"),
            ("investor", investor, "/investor/portfolio/"),
        ):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([session_cookie(user, asgi_server)])
            pages[name] = context.new_page()
            pages[name].goto(f"{asgi_server}{path}")
            expect(pages[name].locator("html")).to_have_attribute(
                "data-realtime", "open", timeout=10000
            )
        owner, backer = pages["creator"], pages["investor"]
        owner.evaluate("window.stillTheSamePage = true")
        unread_before = int(owner.locator("#notification-count").get_attribute("data-count"))

        invested = backer.locator("[data-figure=invested]").inner_text()
        chart_before = backer.locator("#chart-performance").inner_html()
        screenshot(backer, "investing-portfolio-before")
        backer.select_option("#invest-form select[name=pitch]", str(pitch.pk))
        backer.fill("#invest-form input[name=amount]", "12500")
        backer.click("#invest-form button[type=submit]")
        expect(backer.locator(".flash-success")).to_contain_text("is recorded")
        assert backer.locator("[data-figure=invested]").inner_text() != invested
        assert backer.locator("#chart-performance").inner_html() != chart_before
        expect(backer.locator("#holdings")).to_contain_text("12,500.00")
        screenshot(backer, "investing-portfolio-after")

        expect(owner.locator("#notification-count")).to_have_attribute(
            "data-count", str(unread_before + 1), timeout=10000
        )
        assert owner.evaluate("window.stillTheSamePage") is True  # live, not reloaded
        owner.reload()
        expect(owner.locator("#recent-investments")).to_contain_text("12,500.00")
        expect(owner.locator("#recent-investments")).to_contain_text(investor.display_name)
        screenshot(owner, "investing-creator-funding")
        browser.close()
