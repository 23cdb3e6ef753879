from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.identity import services


class Command(BaseCommand):
    help = (
        "Ask the identity provider for the outcome of every user's last verification that is "
        "still open (requires_input or processing) and was started in the last --days days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")
        parser.add_argument("--days", type=int, default=7, help="How far back (default 7).")

    def handle(self, *args: Any, dry_run: bool, days: int, **options: Any) -> None:
        counts = services.refresh_open_verifications(dry_run=dry_run, days=days)
        outcome = (
            "dry run, nothing changed"
            if dry_run
            else (f"{counts['changed']} changed, {counts['failed']} refused by the provider")
        )
        self.stdout.write(
            f"refresh_identity_verifications: {counts['checked']} open attempts ({outcome})."
        )
