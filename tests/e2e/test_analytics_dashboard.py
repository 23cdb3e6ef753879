"""A creator watches their dashboard's charts move when someone views and likes their pitch."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.e2e.conftest import screenshot
from tests.pitches.factories import PitchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
    page.goto(live_server.url + "/login/")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _figures(page) -> dict[str, str]:
    """The stat cards, and today's row of the views-and-likes chart's data table."""
    today = page.locator("#chart-engagement table tbody tr").last
    return {
        "views": page.locator("[data-stat=views] .stat-value").inner_text(),
        "likes": page.locator("[data-stat=likes] .stat-value").inner_text(),
        "chart_views": today.locator("td").nth(0).text_content(),
        "chart_likes": today.locator("td").nth(1).text_content(),
        "summary": page.locator("#chart-engagement-desc").text_content(),
    }


def test_the_dashboard_charts_count_a_new_view_and_like(browser, live_server, creator, investor):
    pitch = PitchFactory(owner=creator, title="The Lighthouse Keeper")
    creator_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _log_in(creator_page, live_server, creator)
    creator_page.goto(live_server.url + "/creator/dashboard/")
    assert creator_page.locator("svg[role=img]").count() == 3
    assert _figures(creator_page) == {
        "views": "0",
        "likes": "0",
        "chart_views": "0",
        "chart_likes": "0",
        "summary": creator_page.locator("#chart-engagement-desc").text_content(),
    }
    screenshot(creator_page, "analytics-creator-dashboard-before")

    investor_page = browser.new_context().new_page()
    _log_in(investor_page, live_server, investor)
    investor_page.goto(live_server.url + pitch.get_absolute_url())
    assert "The Lighthouse Keeper" in investor_page.locator("h1").inner_text()
    liked = investor_page.request.post(
        f"{live_server.url}/api/pitches/{pitch.pk}/like", headers={"Origin": live_server.url}
    )
    assert liked.status == 200, liked.text()

    creator_page.reload()
    after = _figures(creator_page)
    assert (after["views"], after["likes"]) == ("1", "1")
    assert (after["chart_views"], after["chart_likes"]) == ("1", "1")
    assert "Views: 1 in total" in after["summary"]
    assert "Likes: 1 in total" in after["summary"]
    row = creator_page.locator(f"tr[data-pitch='{pitch.pk}']")
    assert row.locator("[data-col=views]").inner_text() == "1"
    viewers = creator_page.locator("#viewers-title + ul").inner_text()
    assert investor.display_name in viewers
    screenshot(creator_page, "analytics-creator-dashboard-after")
    with creator_page.expect_download() as download:
        creator_page.get_by_text("Download “Views and likes per day, last 30 days” as CSV").click()
    assert download.value.suggested_filename == "engagement.csv"
