"""`make run`: migrate, load the demo data and serve HTTP and WebSocket (`pitchey.server`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from pitchey.seeding import DEMO_EMAIL_DOMAIN, demo_logins


def demo_seeding_refusal() -> str | None:
    """Why the demo data must not be loaded unasked: DEBUG is off, or the database already has
    accounts other than the demo ones (a real database). None when it may be."""
    if not settings.DEBUG:
        return "DEBUG is off"
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if users.exclude(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}").exists():
        return "the database has accounts other than the demo ones"
    return None


class Command(BaseCommand):
    help = "Migrate, seed the demo data and serve the whole platform (HTTP + /ws) on one port."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        seeding = parser.add_mutually_exclusive_group()
        seeding.add_argument("--no-seed", action="store_true", help="Skip the demo data.")
        seeding.add_argument(
            "--seed",
            action="store_true",
            help="Load the demo data even with DEBUG off or other accounts in the database.",
        )

    def handle(
        self, *args: Any, host: str, port: int, no_seed: bool, seed: bool, **options: Any
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is migrated.")
        refusal = None if seed else demo_seeding_refusal()
        if no_seed:
            pass
        elif refusal:
            self.stdout.write(f"Demo data is not loaded: {refusal} (--seed loads it anyway).")
        else:
            call_command("seed_demo", force=True, verbosity=0)
            self.stdout.write("Demo data is loaded.")
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nPitchey is running at {url}"))
        self.stdout.write(
            f"  API docs   {url}api/docs/\n  Admin      {url}admin/\n  Health     {url}health"
        )
        self.stdout.write(f"\nDemo logins (password {settings.DEMO_PASSWORD}):")
        for portal, email in demo_logins():
            self.stdout.write(f"  {portal:<11} {email}")
        self.stdout.write("\nPress Ctrl-C to stop (the embedded PostgreSQL stops with it).\n")
        from pitchey import server

        server.run(["--host", host, "--port", str(port)])
