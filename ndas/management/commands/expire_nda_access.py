from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ndas import services


class Command(BaseCommand):
    help = (
        "Mark approved NDAs whose access end has passed expired (reads already refuse them) "
        "and delete stamped copies older than an hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = services.expire_access(dry_run=dry_run) + services.delete_old_stamped_copies(
            dry_run=dry_run
        )
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"expire_nda_access: {verb} {count} rows.")
