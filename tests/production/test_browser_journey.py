"""The demo company reviews a pitch from its queue; the creator, with a page open, sees the
notification arrive live; the company asks the creator to meet and the creator accepts.

Served by a real daphne process (HTTP and WebSocket) against the test database and Redis."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from messaging.models import Notification
from production import selectors
from production.models import Meeting, PitchReview
from tests.e2e.conftest import CHROMIUM_ARGS, screenshot
from tests.e2e.servers import (
    asgi_server,  # noqa: F401  (fixture)
    session_cookie,
)

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _demo() -> tuple[Any, Any, Any]:
    from accounts.models import User
    from pitchey.seeding import seed_all

    with transaction.atomic():
        seed_all()
    company = User.objects.get(email="stellar.production@demo.com")
    queued = selectors.review_queue(company).first()
    assert company.company_verified
    assert selectors.queue_size(company) == 3
    return company, queued, queued.owner


def test_review_arrives_live_and_a_meeting_is_accepted(asgi_server, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    company, pitch, creator = _demo()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    before = Notification.objects.filter(user=creator, read_at__isnull=True).count()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        pages: dict[str, Any] = {}
        for name, user in (("company", company), ("creator", creator)):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_cookies([session_cookie(user, asgi_server)])
            pages[name] = context.new_page()
        studio, author = pages["company"], pages["creator"]
        author.goto(f"{asgi_server}/calendar/")
        expect(author.locator("html")).to_have_attribute("data-realtime", "open", timeout=15000)
        author.evaluate("window.stillTheSamePage = true")

        studio.goto(f"{asgi_server}/production/queue/")
        row = studio.locator(f"#review-queue tr[data-pitch-id='{pitch.pk}']")
        expect(row).to_contain_text(pitch.title)
        screenshot(studio, "production-queue")
        row.locator("a", has_text="Review").click()
        studio.select_option("#id_status", "approved")
        studio.fill("#id_rating", "9")
        studio.fill("#id_feedback", "A strong fit for our slate.")
        studio.click("#review-form button[type=submit]")
        expect(studio.locator(".flash-success")).to_contain_text("was sent")
        expect(studio.locator(f"#review-queue tr[data-pitch-id='{pitch.pk}']")).to_have_count(0)

        expect(author.locator("#notification-count")).to_have_text(str(before + 1), timeout=15000)
        assert author.evaluate("window.stillTheSamePage") is True  # live, not reloaded

        start = (timezone.now() + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
        studio.goto(f"{asgi_server}/calendar/")
        studio.fill("#meeting-form #id_creator", creator.username)
        studio.fill("#meeting-form #id_first_time", start)
        studio.select_option("#meeting-form #id_meeting_type", "video")
        studio.fill("#meeting-form #id_message", "Shall we talk financing?")
        studio.click("#meeting-form button[type=submit]")
        expect(studio.locator(".flash-success")).to_contain_text("was asked to meet")
        screenshot(studio, "production-calendar")

        author.goto(f"{asgi_server}/calendar/")
        meeting = Meeting.objects.filter(requester=company, creator=creator).latest("created_at")
        item = author.locator(f"#meetings li[data-meeting-id='{meeting.pk}']")
        expect(item).to_contain_text("Shall we talk financing?")
        item.locator("button[data-action=accept]").click()
        expect(author.locator(".flash-success")).to_contain_text("accepted")
        expect(author.locator(f"#meetings li[data-meeting-id='{meeting.pk}']")).to_have_attribute(
            "data-status", "accepted"
        )
        screenshot(author, "creator-calendar")
        browser.close()

    review = PitchReview.objects.get(company=company, pitch=pitch)
    assert (review.status, review.rating) == ("approved", 9)
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
    assert meeting.events.count() == 2
