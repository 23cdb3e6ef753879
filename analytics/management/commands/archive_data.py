from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analytics.services import archival
from pitchey.errors import DomainError


class Command(BaseCommand):
    help = (
        "Move rows older than their retention (raw analytics events, read notifications, ended "
        "sessions, audit entries) to the bucket as gzip JSON Lines, one object per table per "
        "day, each verified before its rows are deleted. Resumes unfinished objects first. "
        "Events go only once their hours are rolled up; aggregates stay."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before",
            metavar="DATE",
            help="Archive rows dated before this day (YYYY-MM-DD, UTC) instead of each table's "
            "retention.",
        )
        parser.add_argument(
            "--table",
            action="append",
            choices=sorted(archival.BY_TABLE),
            help="Only this table (repeatable).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would go; change nothing."
        )

    def handle(
        self, *args: Any, before: str | None, table: list[str] | None, dry_run: bool, **options: Any
    ) -> None:
        cutoff = None
        if before:
            try:
                cutoff = datetime.strptime(before, "%Y-%m-%d").replace(tzinfo=UTC)
            except ValueError:
                raise CommandError("--before takes a date: YYYY-MM-DD") from None
        try:
            result = archival.archive(before=cutoff, dry_run=dry_run, tables=table)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        verb = "would archive" if dry_run else "archived"
        for name, counts in result.tables.items():
            when = result.cutoffs.get(name)
            since = f" (dated before {when:%Y-%m-%d})" if when else ""
            objects = "" if dry_run else f" in {counts.get('objects', 0)} objects"
            self.stdout.write(
                f"{name}: {verb} {counts.get('rows', 0)} rows over {counts.get('days', 0)} "
                f"days{objects}{since}"
            )
        for name, reason in result.skipped.items():
            self.stdout.write(f"{name}: skipped, {reason}")
        self.stdout.write(f"Total: {verb} {result.rows_archived} rows.")
