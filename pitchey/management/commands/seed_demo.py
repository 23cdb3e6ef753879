"""Load the demo data: every app's `demo.seed`, in INSTALLED_APPS order (see pitchey.seeding)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pitchey.seeding import seed_all


class Command(BaseCommand):
    help = "Create (or refresh) the demo accounts and data. Idempotent; refuses when DEBUG is off."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args: Any, force: bool, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: demo data would land in a real database. Use --force."
            )
        with transaction.atomic():
            demo = seed_all()
        self.stdout.write(
            f"Demo data ready: {len(demo.users)} accounts, {len(demo.pitches)} pitches."
        )
