"""`make run`: migrate, load the demo data and serve HTTP and WebSocket with daphne."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from pitchey.seeding import demo_logins


class Command(BaseCommand):
    help = "Migrate, seed the demo data and serve the whole platform (HTTP + /ws) with daphne."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-seed", action="store_true", help="Skip the demo data.")

    def handle(self, *args: Any, host: str, port: int, no_seed: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is migrated.")
        if not no_seed:
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

        server.run(["-b", host, "-p", str(port), "--proxy-headers", "pitchey.asgi:application"])
