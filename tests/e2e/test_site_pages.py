import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_with_the_design_system(live_server, page):
    page.goto(live_server.url + "/")
    assert page.title().startswith("Pitch your film or series")
    heading = page.locator("h1")
    assert "find their backers" in heading.inner_text()
    # The stylesheet loaded: the hero has its dark background, not the browser default.
    background = page.evaluate("getComputedStyle(document.querySelector('.hero')).backgroundImage")
    assert "linear-gradient" in background
    assert page.locator("a[href='/register/?type=creator']").is_visible()
    screenshot(page, "home")


def test_navigation_collapses_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.locator(".site-nav")
    assert not nav.is_visible()
    page.locator(".nav-toggle-label").click()
    assert nav.is_visible()
    screenshot(page, "home-phone-menu")
    context.close()


def test_missing_page_is_a_styled_404(live_server, page):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert "find that page" in page.locator("h1").inner_text()


def test_api_docs_render_from_local_files(live_server, page):
    blocked = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() >= 1
    assert blocked == []
    assert all(url.startswith(live_server.url) for url in requests)
    screenshot(page, "api-docs")
