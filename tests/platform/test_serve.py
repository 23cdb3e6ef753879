"""`manage.py serve` (what `make run` runs): demo data only where it cannot land in a real
database, unless asked for."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(monkeypatch):
    """Runs `serve` without starting a server; returns what it printed and the server's argv."""
    from pitchey import server
    from pitchey.management.commands import serve as command

    started: list[list[str]] = []
    monkeypatch.setattr(server, "run", lambda argv: started.append(argv))
    # collectstatic (DEBUG off) is Django's own; the tests have no STATIC_ROOT.
    monkeypatch.setattr(
        command,
        "call_command",
        lambda name, *a, **k: None if name == "collectstatic" else call_command(name, *a, **k),
    )

    def serve(*args: str) -> str:
        out = io.StringIO()
        call_command("serve", *args, stdout=out)
        assert started, "the server was not started"
        return out.getvalue()

    return serve


def test_a_fresh_debug_database_gets_the_demo_data(served, settings):
    settings.DEBUG = True
    out = served()
    assert "Demo data is loaded." in out
    assert User.objects.filter(email="sarah.investor@demo.com").exists()
    # A second start refreshes the demo accounts: they are the only accounts there.
    assert "Demo data is loaded." in served()


def test_no_demo_data_when_debug_is_off_unless_asked(served, settings):
    settings.DEBUG = False
    out = served()
    assert "Demo data is not loaded: DEBUG is off" in out
    assert not User.objects.filter(email="sarah.investor@demo.com").exists()
    assert "Demo data is loaded." in served("--seed")
    assert User.objects.filter(email="sarah.investor@demo.com").exists()


def test_no_demo_data_in_a_database_with_real_accounts_unless_asked(served, settings):
    settings.DEBUG = True
    UserFactory(email="someone@studio.example")
    out = served()
    assert "accounts other than the demo ones" in out
    assert not User.objects.filter(email="sarah.investor@demo.com").exists()
    assert "Demo data is not loaded" not in served("--no-seed")
    assert not User.objects.filter(email="sarah.investor@demo.com").exists()
