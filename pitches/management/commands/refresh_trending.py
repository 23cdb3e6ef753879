from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pitches import services


class Command(BaseCommand):
    help = (
        "Recompute trending scores of published pitches from the last 7 days of views, likes and "
        "saves (views + 3 x likes + 2 x saves); pitches with no recent activity drop to 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = services.refresh_trending_scores(dry_run=dry_run)
        verb = "would get" if dry_run else "got"
        self.stdout.write(f"{count} pitches {verb} a trending score.")
