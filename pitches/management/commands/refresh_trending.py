from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pitches.engagement import heat


class Command(BaseCommand):
    help = (
        "Recompute the heat (the trending score) of every published pitch: role-weighted views, "
        "likes, saves, comments and feedback of the last 90 days halving every 14 days, the "
        "Pitchey Score, NDA interest and freshness; unpublished pitches drop to 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        count = heat.refresh_heat_scores(dry_run=dry_run)
        verb = "would get" if dry_run else "got"
        self.stdout.write(f"{count} published pitches {verb} heat above 0.")
