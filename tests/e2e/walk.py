"""Helpers for walking pages as a person would (on the daphne of tests/e2e/servers.py): login
through the one form, and per-page checks: status 200, no horizontal overflow, no console error,
no failed request, no serious or critical axe-core violation, a screenshot under test-artifacts/."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from tests.e2e.conftest import ARTIFACTS

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}


@dataclass
class Problems:
    """What went wrong on the page being checked, collected from the browser's events."""

    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )

    def take(self) -> tuple[list[str], list[str]]:
        found = (list(self.console), list(self.failed))
        self.console.clear()
        self.failed.clear()
        return found


def log_in(page: Any, base: str, email: str) -> None:
    """Log in through the one form: email and password, no portal to pick."""
    page.goto(f"{base}/login/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def nav_links(page: Any) -> list[str]:
    """Every same-site link of the main navigation, in order."""
    hrefs = page.eval_on_selector_all(
        ".site-nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
    )
    return list(dict.fromkeys(hrefs))


def axe_violations(page: Any) -> list[str]:
    """Serious and critical axe-core violations on the current page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
        page.evaluate(_axe_source())
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}))"
    )
    return [
        f"{v['id']} ({v['impact']}) at {v['nodes']}" for v in results if v["impact"] in BLOCKING
    ]


@functools.cache
def _axe_source() -> str:
    return AXE.read_text() + "\n;undefined"


def check_page(page: Any, problems: Problems, url: str, shot: str, *, axe: bool) -> list[str]:
    """Open `url` and return every problem found on it (empty when the page is sound)."""
    response = page.goto(url)
    found = []
    if response is None or response.status != 200:
        found.append(f"status {response.status if response else 'none'}")
    found += inspect(page, problems, axe=axe)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    return [f"{url}: {problem}" for problem in found]


def inspect(page: Any, problems: Problems, *, axe: bool) -> list[str]:
    """The problems of the page as it is now: overflow, axe, console errors, failed requests."""
    found = []
    # Against the viewport asked for: a mobile browser widens its layout to fit wide content.
    viewport = page.viewport_size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > viewport:
        found.append(f"horizontal overflow: {width}px in {viewport}px, {_widest(page, viewport)}")
    if axe:
        found += [f"axe: {v}" for v in axe_violations(page)]
    console, failed = problems.take()
    return found + [f"console: {c}" for c in console] + [f"request: {f}" for f in failed]


def _widest(page: Any, viewport: int) -> list[str]:
    """The innermost elements that reach past the right edge, to say what overflows."""
    return page.evaluate(
        """(edge) => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > edge + 1)
            .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > edge + 1))
            .slice(0, 4)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
        viewport,
    )


def shot_name(portal: str, size: str, url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1].strip("/").replace("/", "_") or "root"
    return f"walk-{portal}-{size}-{path.replace('?', '_').replace('=', '-').replace('&', '_')}"
