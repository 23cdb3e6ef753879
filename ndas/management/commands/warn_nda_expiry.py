from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ndas import services


class Command(BaseCommand):
    help = "Warn both parties once when an NDA's access ends within 7 days."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = services.send_expiry_warnings(dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"warn_nda_expiry: {verb} {count} rows.")
