"""Layering rules the linters do not know: API views read only through QuerySet methods and
selectors, and no app module grows past 500 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from django.db.models import Manager, QuerySet

ROOT = Path(__file__).resolve().parents[2]
# Every app of the project (a top-level package with an AppConfig), the kernel `pitchey` included,
# so a new app is held to the same rules the day it is created.
APPS = tuple(sorted(path.parent.name for path in ROOT.glob("*/apps.py")))
# Whatever a plain manager or QuerySet offers is a hand-written read; a custom QuerySet method
# (`visible_to`, `owned_by`, `for_detail`, ...) or a selector is the way in.
GENERIC = {name for name in dir(QuerySet) + dir(Manager) if not name.startswith("_")}


def api_view_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app / "api").glob("*.py")
        if path.name.startswith("views") or path.name == "common.py"
    )


def generic_reads(source: str) -> list[tuple[int, str]]:
    """`Model.objects.<generic method>` uses in `source`, with their line numbers."""
    return [
        (node.lineno, f"objects.{node.attr}")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
        and node.attr in GENERIC
    ]


def test_the_check_catches_a_hand_written_read_and_allows_queryset_methods():
    assert generic_reads("Pitch.objects.filter(owner=u)") == [(1, "objects.filter")]
    assert generic_reads("get_object_or_404(User.objects.all(), pk=1)") == [(1, "objects.all")]
    assert generic_reads("Pitch.objects.visible_to(u).filter(pk=1)") == []


def test_api_views_read_only_through_queryset_methods_and_selectors():
    modules = api_view_modules()
    assert len(modules) >= 10
    offenders = {
        str(path.relative_to(ROOT)): reads
        for path in modules
        if (reads := generic_reads(path.read_text()))
    }
    assert offenders == {}


# Settings stay one module (STYLE.md section 7): every setting in one place, read top to bottom.
LONG_BY_DESIGN = {"pitchey/settings.py"}


def test_no_app_module_is_over_500_lines():
    long = {
        name: n
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (name := str(path.relative_to(ROOT))) not in LONG_BY_DESIGN
        and (n := len(path.read_text().splitlines())) > 500
    }
    assert long == {}


def test_the_rules_cover_every_app():
    assert {"accounts", "pitches", "ndas", "content", "portals", "pitchey"} <= set(APPS)
