from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pitches.engagement import reputation


class Command(BaseCommand):
    help = (
        "Promote active creators to the trust tier their facts earn (silver: a sealed pitch and "
        "an honoured NDA; gold: two sealed pitches and three honoured NDAs, or a closed deal). "
        "Tiers are never lowered here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        result = reputation.recompute_reputation(dry_run=dry_run)
        verb = "would be promoted" if dry_run else "promoted"
        self.stdout.write(f"{result['checked']} creators checked, {result['promoted']} {verb}.")
