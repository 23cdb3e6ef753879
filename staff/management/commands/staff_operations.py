"""Recompute heat/trending or reputation through the staff console's services."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from staff.services import operations


class Command(BaseCommand):
    help = "Run a staff operation now: heat (recompute heat and trending) or reputation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["heat", "reputation"])
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["operation"] == "heat":
            result = operations.recalculate_heat(actor=None, dry_run=options["dry_run"])
        else:
            result = operations.recompute_reputations(actor=None, dry_run=options["dry_run"])
        self.stdout.write(f"{options['operation']}: {result}")
