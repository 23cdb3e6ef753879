"""The NDA cycle in two browsers, in both orders. Sign at request: the investor signs, the creator
approves, the investor reads the protected pitch and downloads a stamped copy, the creator revokes,
the investor is back to public. Request first: the investor asks without signing, the creator
approves, nothing opens until the investor signs, then the full pitch does."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from tests.e2e.conftest import screenshot
from tests.ndas.conftest import MARK, _media_in_tmp, _standard_template, nda_pitch  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logged_in(browser, live_server, user):
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


def test_full_nda_cycle_in_two_browsers(
    live_server,
    browser,
    settings,
    nda_pitch,  # noqa: F811
    creator,
    investor,
):
    settings.SITE_URL = live_server.url  # signed file URLs point at the test server
    investor_ctx = _logged_in(browser, live_server, investor)
    creator_ctx = _logged_in(browser, live_server, creator)
    buyer, owner = investor_ctx.new_page(), creator_ctx.new_page()
    pitch_url = f"{live_server.url}/pitch/{nda_pitch.slug}/"

    buyer.goto(pitch_url)
    assert buyer.locator("#public-view").is_visible()
    assert MARK not in buyer.content()
    buyer.locator("#request-access").click()
    assert "MUTUAL NON-DISCLOSURE AGREEMENT" in buyer.locator("#nda-text").inner_text()
    buyer.fill("input[name=full_name]", "Ivan Investor")
    buyer.check("input[name=consent]")
    buyer.fill("textarea[name=message]", "We fund harbour stories.")
    screenshot(buyer, "nda-request-access")
    buyer.locator("#nda-sign").click()
    buyer.wait_for_url("**/ndas/")
    assert buyer.locator("#my-ndas tr[data-status=pending]").count() == 1

    owner.goto(f"{live_server.url}/creator/ndas/")
    row = owner.locator("#nda-inbox tr[data-status=pending]")
    assert "Ivan Investor" in row.inner_text()
    screenshot(owner, "nda-inbox")
    row.locator("summary[data-action=approve]").click()
    row.locator("button[data-confirm=approve]").click()
    owner.wait_for_load_state()
    assert owner.locator(".flash").count() >= 1

    buyer.goto(pitch_url)
    assert buyer.locator("#full-view").is_visible()
    assert f"{MARK}-long_synopsis" in buyer.content()
    link = buyer.locator("a", has_text="Confidential treatment").get_attribute("href")
    download = investor_ctx.request.get(live_server.url + link)
    assert download.ok
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.body())).pages)
    assert investor.email in text
    assert f"{MARK} script page 1" in text
    screenshot(buyer, "nda-full-view")

    owner.goto(f"{live_server.url}/creator/ndas/?status=approved")
    approved = owner.locator("#nda-inbox tr[data-status=approved]")
    approved.locator("summary[data-action=revoke]").click()
    approved.locator("button[data-confirm=revoke]").click()  # a reason is required first
    assert owner.locator("#nda-inbox tr[data-status=approved]").count() == 1
    approved.locator("input[name=reason]").fill("The project moved on.")
    approved.locator("button[data-confirm=revoke]").click()
    owner.wait_for_load_state()

    buyer.goto(pitch_url)
    assert buyer.locator("#public-view").is_visible()
    assert MARK not in buyer.content()
    assert investor_ctx.request.get(live_server.url + link).status == 404
    investor_ctx.close()
    creator_ctx.close()


def test_ask_first_then_sign_after_approval_in_two_browsers(
    live_server,
    browser,
    settings,
    nda_pitch,  # noqa: F811
    creator,
    investor,
):
    settings.SITE_URL = live_server.url
    investor_ctx = _logged_in(browser, live_server, investor)
    creator_ctx = _logged_in(browser, live_server, creator)
    buyer, owner = investor_ctx.new_page(), creator_ctx.new_page()
    pitch_url = f"{live_server.url}/pitch/{nda_pitch.slug}/"

    buyer.goto(pitch_url)
    buyer.locator("#request-access").click()
    buyer.locator("#nda-ask summary").click()
    buyer.fill("textarea[name=ask-message]", "We fund harbour stories; happy to sign after.")
    buyer.locator("#nda-ask-submit").click()
    buyer.wait_for_url("**/ndas/")
    assert buyer.locator("#my-ndas tr[data-status=pending][data-signed=false]").count() == 1

    owner.goto(f"{live_server.url}/creator/ndas/")
    row = owner.locator("#nda-inbox tr[data-status=pending]")
    assert "Not signed yet" in row.inner_text()
    row.locator("summary[data-action=approve]").click()
    row.locator("button[data-confirm=approve]").click()
    owner.wait_for_load_state()

    # Approved but unsigned: still the public view.
    buyer.goto(pitch_url)
    assert buyer.locator("#public-view").is_visible()
    assert MARK not in buyer.content()
    assert buyer.locator("#nda-state[data-status=approved][data-signed=false]").count() == 1
    screenshot(buyer, "nda-approved-awaiting-signature")
    buyer.locator("#sign-nda").click()
    assert "MUTUAL NON-DISCLOSURE AGREEMENT" in buyer.locator("#nda-text").inner_text()
    buyer.fill("input[name=full_name]", "Ivan Investor")
    buyer.check("input[name=consent]")
    buyer.locator("#nda-sign").click()
    buyer.wait_for_url("**/ndas/")

    buyer.goto(pitch_url)
    assert buyer.locator("#full-view").is_visible()
    assert f"{MARK}-long_synopsis" in buyer.content()
    screenshot(buyer, "nda-signed-after-approval")
    investor_ctx.close()
    creator_ctx.close()
