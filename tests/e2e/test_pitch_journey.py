"""A creator writes, uploads to and publishes a pitch; an anonymous visitor finds it by search
and sees only the public view."""

from __future__ import annotations

import pytest
from django.test import Client

from pitches.models import Pitch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARGS = [
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
SECRET = "QUIVERSECRETENDING"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_create_upload_publish_then_find_as_a_visitor(
    live_server, creator, media_root, monkeypatch, tmp_path
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the thread
    client = Client()
    client.force_login(creator)
    session = client.cookies["sessionid"].value
    script = tmp_path / "script.pdf"
    script.write_bytes(b"%PDF-1.4\n% the script\n%%EOF\n")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            ctx = browser.new_context(base_url=live_server.url)
            ctx.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
            page = ctx.new_page()
            page.goto("/creator/pitch/new/")
            page.fill("#id_title", "Quiver of Stars")
            page.select_option("#id_genre", "Science Fiction")
            page.select_option("#id_format_category", "Film")
            page.fill("#id_logline", "An archer aims at the night sky and hits a falling god.")
            page.fill(
                "#id_short_synopsis",
                "A young archer in a mountain village shoots a star and must return it. " * 2,
            )
            page.click("text=Save and continue")
            page.wait_for_url("**/edit/story/")
            page.fill("#id_long_synopsis", f"The ending: {SECRET}.")
            page.check("#id_require_nda")
            page.click("text=Save and continue")
            page.wait_for_url("**/edit/characters/")
            page.click("text=Documents")
            page.wait_for_url("**/edit/documents/")
            page.set_input_files("#id_file", str(script))
            page.select_option("#id_document_type", "script")
            page.fill("#id_title", "Shooting script")
            page.check("#id_requires_nda")
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector("#document-list >> text=Shooting script")
            page.click("text=Review & publish")
            page.click("#publish-button")
            page.wait_for_url("**/pitch/quiver-of-stars/")
            assert SECRET in page.content()  # the owner sees the full view

            visitor = browser.new_context(base_url=live_server.url).new_page()
            visitor.goto("/marketplace/")
            visitor.fill("#id_q", "quiv")
            visitor.click("button:has-text('Search')")
            visitor.click("text=Quiver of Stars")
            visitor.wait_for_url("**/pitch/quiver-of-stars/")
            html = visitor.content()
            assert "public-view" in html
            assert SECRET not in html
            locked = visitor.locator(".document-locked")
            assert (
                "Shooting script" in locked.inner_text()
            )  # named, so a visitor sees what an NDA opens
            assert visitor.locator(".document-list a", has_text="Shooting script").count() == 0
        finally:
            browser.close()
    pitch = Pitch.objects.get(slug="quiver-of-stars")
    assert pitch.status == "published"
    assert pitch.documents.get().requires_nda
