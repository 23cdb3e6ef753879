"""The demo-data registry: every app that has demo data keeps it in `<app>/demo.py`.

A demo module defines `seed(demo: DemoData) -> None` (idempotent: it creates what is missing and
refreshes the rest) and may define `logins() -> list[tuple[str, str]]` (portal, email) to list on
`make run`. Every demo account's address is at DEMO_EMAIL_DOMAIN (that is how `serve` tells a
demo database from a real one). Apps are seeded in INSTALLED_APPS order, so an app sees the demo
data of the apps it builds on; a new app only adds its `demo.py`. The project package names no
app: it finds the modules through the app registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.utils.module_loading import module_has_submodule

DEMO_EMAIL_DOMAIN = "demo.com"


@dataclass
class DemoData:
    """What the seeds made so far, for the seeds that follow and the summary line."""

    users: list[Any] = field(default_factory=list)
    pitches: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def demo_modules() -> list[ModuleType]:
    """The `demo` module of every installed app that has one, in INSTALLED_APPS order."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]


def seed_all() -> DemoData:
    """Run every app's `seed` in order (the caller holds the transaction)."""
    demo = DemoData()
    for module in demo_modules():
        module.seed(demo)
    return demo


def demo_logins() -> list[tuple[str, str]]:
    """(portal, email) of every demo login the apps offer."""
    return [
        login for module in demo_modules() if hasattr(module, "logins") for login in module.logins()
    ]
