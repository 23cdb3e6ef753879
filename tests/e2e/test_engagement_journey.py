"""An investor rates, comments on and leaves feedback on a pitch; the creator, with the pitch page
open, sees all three arrive live (no reload); the creator then shares a slate through a link and
a logged-out visitor opens it.

Served by a real daphne process (HTTP and WebSocket) against the test database and Redis.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from pitches.engagement import services as engagement
from pitches.engagement.models import PitchComment, PitchFeedback, PitchRating
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot
from tests.e2e.servers import (
    asgi_server,  # noqa: F401  (fixture)
    session_cookie,
)
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SECRET = "HOLDFASTSECRETENDING"


def test_feedback_arrives_live_and_a_shared_slate_opens_for_a_visitor(asgi_server, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    creator = UserFactory(user_type="creator", first_name="Cora", last_name="Maker")
    investor = UserFactory(
        user_type="investor", first_name="Ivo", last_name="Backer", company_name="Backer Capital"
    )
    pitch = PitchFactory(
        owner=creator,
        title="Holdfast",
        long_synopsis=f"It ends: {SECRET}",
        require_nda=True,
        nda_type="platform",
    )
    # The investor opened the pitch a minute ago: the server's clock opens feedback.
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=False):
        engagement.touch_consumption(pitch=pitch, viewer=investor)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    url = f"{asgi_server}{pitch.get_absolute_url()}"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages: dict[str, Any] = {}
        for name, user in (("creator", creator), ("investor", investor)):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([session_cookie(user, asgi_server)])
            pages[name] = context.new_page()
            pages[name].goto(url)
            expect(pages[name].locator("html")).to_have_attribute(
                "data-subscribed", "yes", timeout=10000
            )
        owner, backer = pages["creator"], pages["investor"]
        owner.evaluate("window.stillTheSamePage = true")
        expect(owner.locator("#score-count")).to_have_text("0 ratings")

        backer.select_option("#rate-form select", "9")
        backer.click("#rate-form button")
        expect(backer.locator("#score-count")).to_have_text("1 rating")
        expect(owner.locator("#score-count")).to_have_text("1 rating", timeout=10000)

        backer.fill("#comment-form textarea", "What a <b>world</b> you built.")
        backer.click("#comment-form button")
        expect(owner.locator("#comment-thread")).to_contain_text(
            "What a world you built.", timeout=10000
        )
        expect(owner.locator("#comment-thread b")).to_have_text("world")

        backer.fill("#id_strengths", "Strong hook\nVivid setting")
        backer.fill("#id_weaknesses", "Second act sags")
        backer.check("#id_is_anonymous")
        backer.click("#feedback-form button")
        expect(backer.locator(".flash-success")).to_contain_text("feedback was sent")
        feedback = owner.locator("#feedback-list")
        expect(feedback).to_contain_text("Strong hook", timeout=10000)
        expect(feedback).to_contain_text("Anonymous")
        expect(feedback).not_to_contain_text("Ivo Backer")
        expect(feedback).not_to_contain_text("Backer Capital")
        assert owner.evaluate("window.stillTheSamePage") is True  # live, not reloaded
        screenshot(owner, "engagement-creator-live")

        owner.goto(f"{asgi_server}/creator/slates/")
        owner.fill("#id_title", "Festival slate")
        owner.select_option("#id_status", "published")
        owner.click("#new-slate button")
        owner.select_option("#add-pitch-id", str(pitch.pk))
        owner.click("#add-pitch button")
        expect(owner.locator("#slate-entries")).to_contain_text("Holdfast")
        owner.fill("#share-link-form #id_label", "Sales agents")
        owner.click("#share-link-form button")
        link = owner.locator("#share-links .share-url").first.input_value()
        assert link.startswith(f"{asgi_server}/slates/s/")

        visitor = browser.new_context().new_page()
        visitor.goto(link)
        expect(visitor.locator("h1")).to_have_text("Festival slate")
        expect(visitor.locator("#public-slate")).to_contain_text("Holdfast")
        assert SECRET not in visitor.content()
        screenshot(visitor, "engagement-shared-slate")
        browser.close()

    assert PitchRating.objects.get().score == 9
    assert PitchComment.objects.get().body == "What a world you built."
    assert PitchFeedback.objects.get().is_anonymous is True
