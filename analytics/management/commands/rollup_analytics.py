from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analytics.services import rollups
from pitchey.errors import DomainError


class Command(BaseCommand):
    help = (
        "Roll up analytics events into hourly, daily, weekly and monthly aggregates: every "
        "complete period not rolled up yet (catching up after downtime). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the periods, write none.")
        parser.add_argument(
            "--rebuild-from",
            metavar="DATE",
            help="Recount every period from this day (YYYY-MM-DD, UTC) on.",
        )

    def handle(self, *args: Any, dry_run: bool, rebuild_from: str | None, **options: Any) -> None:
        if rebuild_from:
            try:
                since = datetime.strptime(rebuild_from, "%Y-%m-%d").replace(tzinfo=UTC)
            except ValueError:
                raise CommandError("--rebuild-from takes a date: YYYY-MM-DD") from None
            if dry_run:
                self.stdout.write(f"Would recount every period from {since:%Y-%m-%d}.")
            else:
                try:
                    rollups.rebuild_from(since=since)
                except DomainError as exc:
                    raise CommandError(exc.message) from None
        result = rollups.catch_up(dry_run=dry_run)
        verb = "would roll up" if dry_run else "rolled up"
        counts = ", ".join(f"{result.count(p)} {p}s" for p in rollups.ORDER)
        suffix = "" if dry_run else f" ({result.rows} aggregate rows)"
        self.stdout.write(f"Analytics {verb}: {counts}{suffix}.")
