from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analytics.services import archival
from pitchey.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load one archived object (its key, e.g. archive/analytics_events/2026/01/05.jsonl.gz) "
        "back into its table after checking its checksum. Rows still present are left alone; "
        "the object is removed once all of its rows are back, unless --keep-object."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key")
        parser.add_argument(
            "--keep-object", action="store_true", help="Leave the object in the bucket."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the object; load nothing."
        )

    def handle(
        self, *args: Any, key: str, keep_object: bool, dry_run: bool, **options: Any
    ) -> None:
        try:
            if dry_run:
                rows, digest, size = archival.read_object(key)
                self.stdout.write(
                    f"{key}: {len(rows)} rows, {size} bytes, sha256 {digest}; nothing loaded."
                )
                return
            result = archival.restore(key=key, keep_object=keep_object)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"{key}: {result.inserted} rows loaded, {result.already_present} already present, "
            f"{len(result.failed)} failed; object {'removed' if result.object_removed else 'kept'}."
        )
        if result.failed:
            self.stdout.write(f"Rows that could not be loaded: {result.failed[:50]}")
