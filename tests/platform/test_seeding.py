"""The demo-data registry finds each app's `demo.py` through the app registry, in order."""

from __future__ import annotations

import pytest

from pitchey.seeding import demo_logins, demo_modules, seed_all


def test_every_app_with_demo_data_is_found_in_installed_apps_order():
    names = [module.__name__ for module in demo_modules()]
    known = ["accounts.demo", "pitches.demo", "ndas.demo", "messaging.demo"]
    assert [name for name in names if name in known] == known
    assert all(hasattr(module, "seed") for module in demo_modules())


def test_demo_logins_name_each_portal_once():
    portals = [portal for portal, _email in demo_logins()]
    assert {"creator", "investor", "production", "watcher"} <= set(portals)
    assert "viewer" not in portals


@pytest.mark.django_db
def test_seed_all_hands_each_app_what_the_earlier_ones_made():
    demo = seed_all()
    assert {user.email for user in demo.users} >= {email for _portal, email in demo_logins()}
    assert len(demo.pitches) == 40
    assert demo.counts["nda_requests"] > 0
