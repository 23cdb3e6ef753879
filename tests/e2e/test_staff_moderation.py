"""In the browser: a user reports a pitch from its page; a moderator logs in with their second
factor, hides it from the moderation queue; the pitch is gone from the marketplace."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from pitches.models import Pitch
from staff.models import Flag
from tests.e2e.conftest import screenshot
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import enable_real_mfa, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "The Lighthouse Keeper's Ledger"


def _context_of(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def test_report_hide_from_the_queue_and_the_pitch_leaves_the_marketplace(
    live_server, browser, creator, investor
):
    pitch = PitchFactory(owner=creator, title=TITLE, status=Pitch.Status.PUBLISHED)
    moderator = make_staff("moderator")
    backup_codes = enable_real_mfa(moderator)

    reporter = _context_of(browser, live_server, investor).new_page()
    reporter.goto(f"{live_server.url}/pitch/{pitch.slug}/")
    reporter.locator("details.report-content summary").click()
    reporter.select_option("#report-reason", "plagiarism")
    reporter.fill("#report-details", "This is my script.")
    reporter.locator("#report-form button[type=submit]").click()
    reporter.wait_for_load_state()
    assert "moderators will look at it" in reporter.content()
    assert Flag.objects.get().reasons == ["plagiarism"]

    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff_page.goto(f"{live_server.url}/admin/staff/flag/")
    assert "/login/" in staff_page.url  # the admin's own password form is not a way in
    staff_page.fill("input[name=email]", moderator.email)
    staff_page.fill("input[name=password]", settings.DEMO_PASSWORD)
    staff_page.click("main form button[type=submit]")
    staff_page.wait_for_load_state()
    assert "/mfa/" in staff_page.url
    staff_page.fill("input[name=code]", backup_codes[0])
    staff_page.click("main form button[type=submit]")
    staff_page.wait_for_load_state()
    staff_page.goto(f"{live_server.url}/admin/staff/flag/")
    assert TITLE in staff_page.content()
    staff_page.locator("input.action-select").first.check()
    staff_page.select_option("select[name=action]", "hide")
    staff_page.click("button[name=index]")
    staff_page.wait_for_load_state()
    screenshot(staff_page, "staff-flag-hidden")
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.HIDDEN
    assert Flag.objects.get().resolution == "hide"

    visitor = browser.new_context().new_page()
    visitor.goto(f"{live_server.url}/marketplace/")
    assert TITLE not in visitor.content()
    assert visitor.goto(f"{live_server.url}/pitch/{pitch.slug}/").status == 404
