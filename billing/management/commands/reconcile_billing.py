from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from billing.services import reconcile


class Command(BaseCommand):
    help = (
        "Compare every subscription the payment provider knows with the local rows and report "
        "drift; without --dry-run, local rows take the provider's state."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        report = reconcile.reconcile_subscriptions(dry_run=dry_run)
        for drift in report.drift:
            self.stdout.write(f"  drift {drift}")
        outcome = "dry run, nothing changed" if dry_run else f"{report.repaired} repaired"
        self.stdout.write(
            f"reconcile_billing: checked {report.checked} subscriptions, "
            f"{len(report.drift)} with drift ({outcome})."
        )
