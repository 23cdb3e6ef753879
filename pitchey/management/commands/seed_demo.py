"""Load the demo data: accounts for every portal and, as apps grow, a living marketplace."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts import demo as accounts_demo
from messaging import demo as messaging_demo
from ndas import demo as ndas_demo
from pitches import demo as pitches_demo


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
            users = accounts_demo.seed()
            pitches = pitches_demo.seed()
            messaging_demo.seed(users)
            ndas_demo.seed()
        self.stdout.write(f"Demo data ready: {len(users)} accounts, {len(pitches)} pitches.")
