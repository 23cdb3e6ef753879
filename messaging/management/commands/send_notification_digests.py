from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from messaging import emails


class Command(BaseCommand):
    help = (
        "Queue one digest email per user whose preference is the given frequency and who has "
        "unread notifications from the last complete period (yesterday, or last ISO week)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=["daily", "weekly"], required=True)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        count = emails.queue_digests(frequency=options["frequency"], dry_run=options["dry_run"])
        verb = "would queue" if options["dry_run"] else "queued"
        self.stdout.write(f"{verb} {count} {options['frequency']} digest(s)")
