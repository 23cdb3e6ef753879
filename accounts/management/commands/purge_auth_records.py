from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.services.maintenance import purge_auth_records


class Command(BaseCommand):
    help = (
        "Delete sessions ended (or idle past the refresh lifetime) more than 30 days ago, spent "
        "or expired one-time tokens and login challenges, and expired JWT records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        counts = purge_auth_records(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
