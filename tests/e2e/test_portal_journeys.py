"""Each portal logs in through the real login page and walks its main navigation: every link
answers 200 with its heading, and each user type sees the places of their own work."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    "/marketplace/": "Marketplace",
    "/creator/pitches/": "My pitches",
    "/creator/ndas/": "NDA requests",
    "/saved/": "Saved pitches",
    "/ndas/": "My NDAs",
    "/messages/": "Messages",
    "/notifications/": "Notifications",
    "/settings/": "Settings",
    "/admin/": "Marketplace operations",
}


def _log_in(page, live_server, user, portal: str) -> None:
    page.goto(live_server.url + "/login/")
    page.check(f"input[name=portal][value={portal}]")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".site-nav .nav-user").is_visible(), page.content()[:2000]


def _nav_links(page) -> dict[str, str]:
    links = page.locator(".site-nav a")
    found = {}
    for i in range(links.count()):
        link = links.nth(i)
        found[link.inner_text().strip()] = link.get_attribute("href")
    return found


def _walk(page, live_server, name: str, links: dict[str, str]) -> None:
    for label, href in links.items():
        response = page.goto(live_server.url + href)
        assert response is not None
        assert response.status == 200, (label, href, response.status)
        expected = HEADINGS.get(href)
        if expected:
            assert expected in page.locator("h1").first.inner_text(), (href, expected)
        assert page.title(), href
    screenshot(page, f"portal-{name}-last-page")


def test_creator_navigation_leads_to_pitches_and_the_nda_inbox(live_server, page, creator):
    _log_in(page, live_server, creator, "creator")
    links = _nav_links(page)
    assert links["Marketplace"] == "/marketplace/"
    assert links["My pitches"] == "/creator/pitches/"
    assert links["NDA requests"] == "/creator/ndas/"
    assert "My NDAs" not in links
    screenshot(page, "portal-creator-after-login")
    page.goto(live_server.url + "/creator/pitches/")
    assert page.get_by_text("No pitches yet.").is_visible()
    assert page.locator("a[href='/creator/pitch/new/']").first.is_visible()
    screenshot(page, "portal-creator-empty-pitches")
    _walk(page, live_server, "creator", links)


@pytest.mark.parametrize("persona", ["investor", "production"])
def test_backer_navigation_leads_to_saved_pitches_and_my_ndas(live_server, page, persona, request):
    user = request.getfixturevalue(persona)
    _log_in(page, live_server, user, persona)
    links = _nav_links(page)
    assert links["Marketplace"] == "/marketplace/"
    assert links["Saved"] == "/saved/"
    assert links["My NDAs"] == "/ndas/"
    assert "NDA requests" not in links
    assert "My pitches" not in links
    _walk(page, live_server, persona, links)
    page.goto(live_server.url + "/ndas/")
    assert page.get_by_role("button", name="Filter").is_visible()
    screenshot(page, f"portal-{persona}-my-ndas")


def test_watcher_navigation_has_no_nda_inbox(live_server, page, watcher):
    _log_in(page, live_server, watcher, "watcher")
    links = _nav_links(page)
    assert links["Marketplace"] == "/marketplace/"
    assert links["Saved"] == "/saved/"
    assert links["My NDAs"] == "/ndas/"  # watchers may sign NDAs too
    assert "NDA requests" not in links
    assert "My pitches" not in links
    _walk(page, live_server, "watcher", links)
    page.goto(live_server.url + "/saved/")
    assert page.get_by_role("link", name="Browse the marketplace").is_visible()
    screenshot(page, "portal-watcher-saved-empty")


def test_staff_navigation_reaches_the_admin(live_server, page, staff):
    _log_in(page, live_server, staff, "creator")
    links = _nav_links(page)
    assert links["Admin"] == "/admin/"
    _walk(page, live_server, "staff", links)
    for path in ("/admin/accounts/user/", "/admin/pitches/pitch/", "/admin/ndas/ndarequest/"):
        response = page.goto(live_server.url + path)
        assert response is not None
        assert response.status == 200, path
    screenshot(page, "portal-staff-admin-ndas")


def test_visitor_finds_the_marketplace_from_home_and_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.locator(".hero a[href='/marketplace/']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Marketplace"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.fill("input[name=q]", "no pitch is called this")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_text("No pitches match these filters.").is_visible()
    screenshot(page, "portal-visitor-marketplace-phone")
    context.close()
