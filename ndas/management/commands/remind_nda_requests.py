from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ndas import services


class Command(BaseCommand):
    help = (
        "Remind creators of pending NDA requests older than a day, at most once per request "
        "per day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = services.send_pending_reminders(dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"remind_nda_requests: {verb} {count} rows.")
