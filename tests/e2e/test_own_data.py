"""In the browser: a creator opens the "Your data" tab of settings, asks for a copy of their
data, sees it listed as ready with its deadline and downloads it; the page passes axe-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from staff.models import GdprRequest
from tests.e2e.conftest import screenshot
from tests.e2e.walk import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context_of(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
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


def test_a_person_asks_for_a_copy_of_their_data_and_downloads_it(
    live_server, browser, creator, tmp_path: Path
):
    page = _context_of(browser, live_server, creator).new_page()
    page.goto(f"{live_server.url}/settings/profile/")
    page.get_by_role("link", name="Your data").click()
    page.wait_for_load_state()
    assert page.url.endswith("/settings/data/")
    assert "You have made no request." in page.content()
    assert axe_violations(page) == []

    page.click("#request-export")
    page.wait_for_load_state()
    row = GdprRequest.objects.get(user=creator)
    assert row.kind == "access"
    listed = page.locator(f'#gdpr-requests tr[data-request-id="{row.pk}"]')
    assert listed.count() == 1
    assert "Copy of my data" in listed.inner_text()
    if row.status != "completed":  # a worker may not have run yet: reload once it has
        page.reload()
    row.refresh_from_db()
    assert row.status == "completed"
    assert "Ready" in listed.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "settings-your-data")

    with page.expect_download() as download:
        listed.get_by_role("link", name="Download").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    export = json.loads(saved.read_text())
    assert export["account"]["profile"]["email"] == creator.email

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "settings-your-data-phone")
