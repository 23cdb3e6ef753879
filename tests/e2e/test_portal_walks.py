"""Each portal, logged in through the one form, walks every entry of its navigation and the pages
it works on, at 1280x900 and 390x844: every page answers 200 with no horizontal overflow, no
console error, no failed request and no serious or critical axe-core violation. Screenshots of
every page at both sizes are kept under test-artifacts/ (walk-<portal>-<size>-<path>.png)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.e2e.servers import running_daphne
from tests.e2e.walk import (
    AXE,
    DESKTOP,
    PHONE,
    Problems,
    check_page,
    inspect,
    log_in,
    nav_links,
    shot_name,
)

# django_db only makes pytest-django create the test database; the data is committed by `world`.
pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.django_db]

VISITOR_PAGES = [
    *("/", "/marketplace/", "/login/", "/register/", "/about/", "/how-it-works/"),
    *("/terms/", "/privacy/", "/contact/", "/help/"),
]
# Pages every portal shares: walked once, by the creator (the navigation already brings every
# portal to its settings and notifications).
COMMON = ["/notifications/", "/settings/security/", "/settings/notifications/", "/following/"]
# The production portal's pages its navigation does not list, and the creator's side of it.
COMPANY_WORK = ["/production/calls/", "/production/team/", "/production/verification/"]
CREATOR_WORK = ["/submissions/", "/creator/reviews/"]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo marketplace, committed so the server process sees it; flushed afterwards."""
    from accounts.models import User
    from content import demo as content_demo
    from ndas.models import NdaRequest, NdaTemplate
    from pitches.models import Pitch
    from pitchey.seeding import DemoData, seed_all

    with django_db_blocker.unblock():
        seeded = importlib.import_module("ndas.migrations.0002_standard_template")
        NdaTemplate.objects.get_or_create(
            version=1, defaults={"name": "Pitchey Standard NDA", "body": seeded.STANDARD_V1}
        )
        content_demo.seed(DemoData())
        with transaction.atomic():
            seed_all()
        creator = User.objects.get(email="alex.creator@demo.com")
        own = Pitch.objects.filter(owner=creator).order_by("id").first()
        other = Pitch.objects.published().exclude(owner=creator).order_by("id").first()
        locked = NdaRequest.objects.filter(status="approved").select_related("pitch").first()
        assert own is not None
        assert other is not None
        yield {"own": own, "other": other, "unlocked": locked.pitch if locked else other}
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def server(world: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it installs it)")
    log: Path = tmp_path_factory.mktemp("daphne") / "daphne.log"
    with running_daphne(log) as base:
        yield base


def _pages(portal: str, world: dict[str, Any]) -> list[str]:
    own, other = world["own"], world["other"]
    if portal == "creator":
        steps = ["basics", "story", "characters", "documents", "publish"]
        return ["/", f"/pitch/{own.slug}/", "/creator/pitch/new/", *COMMON, *CREATOR_WORK] + [
            f"/creator/pitches/{own.pk}/edit/{step}/" for step in steps
        ]
    if portal in ("investor", "production"):
        unlocked = world["unlocked"]
        return [
            f"/pitch/{other.slug}/",
            f"/pitch/{unlocked.slug}/",
            *COMMON,
            f"/pitches/{other.pk}/request-access/",
            *(COMPANY_WORK if portal == "production" else []),
        ]
    if portal == "watcher":
        return [f"/pitch/{other.slug}/"]
    return [f"/pitch/{other.slug}/"]


def _walk(browser: Any, base: str, portal: str, email: str | None, extra: list[str]) -> list[str]:
    problems: list[str] = []
    storage: Any = None
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(
            viewport=viewport, storage_state=storage, is_mobile=size == "phone"
        )
        page = context.new_page()
        watch = Problems()
        watch.attach(page)
        if email and storage is None:
            log_in(page, base, email)
            landing = "/admin/" if portal == "staff" else "/home/"
            assert page.url == base + landing, page.url
            storage = context.storage_state()
        if email:
            page.goto(base + "/home/" if portal != "staff" else base + "/marketplace/")
        links = nav_links(page) if email else []
        if size == "phone" and email:
            page.locator(".nav-toggle-label").click()
            assert page.locator(".site-nav").is_visible()
        watch.take()
        for path in dict.fromkeys([*links, *extra]):
            # axe once per page (the markup is the same at both sizes); Django's admin is not ours.
            axe = size == "desktop" and not path.startswith("/admin/")
            name = shot_name(portal, size, path)
            problems += check_page(page, watch, base + path, name, axe=axe)
        context.close()
    return problems


DEMO = {
    "creator": "alex.creator@demo.com",
    "investor": "sarah.investor@demo.com",
    "production": "stellar.production@demo.com",
    "watcher": "jamie.watcher@demo.com",
    "staff": "admin@demo.com",
}


@pytest.mark.parametrize("portal", list(DEMO))
def test_portal_walks_every_navigation_entry_at_both_sizes(browser, server, world, portal):
    problems = _walk(browser, server, portal, DEMO[portal], _pages(portal, world))
    assert problems == [], "\n".join(problems)


def test_visitor_walks_the_public_pages_at_both_sizes(browser, server, world):
    pages = [*VISITOR_PAGES, f"/pitch/{world['other'].slug}/"]
    problems = _walk(browser, server, "visitor", None, pages)
    assert problems == [], "\n".join(problems)


def test_the_checks_catch_an_inaccessible_overflowing_broken_page(browser, server):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    watch = Problems()
    watch.attach(page)
    page.goto(server + "/about/")
    assert inspect(page, watch, axe=True) == []
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<button></button>');"
        "document.body.style.minWidth = '900px';"
        "console.error('broken');"
        "fetch('/no-such-file.js')"
    )
    page.wait_for_timeout(300)
    found = inspect(page, watch, axe=True)
    assert any(f.startswith("horizontal overflow: 900px in 390px") for f in found), found
    assert any(f.startswith("axe: button-name (critical)") for f in found), found
    assert "console: broken" in found
    assert any(f.startswith("request: 404 ") for f in found), found
    context.close()
