from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ndas import services


class Command(BaseCommand):
    help = "Mark pending NDA requests unanswered for 30 days expired."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = services.expire_stale_requests(dry_run=dry_run)
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"expire_nda_requests: {verb} {count} rows.")
