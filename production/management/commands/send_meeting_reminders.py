"""Remind both sides of accepted meetings starting in the next 24 hours (once per meeting)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from production import services


class Command(BaseCommand):
    help = "Notify both sides of accepted meetings starting within 24 hours, once per meeting."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_meeting_reminders(dry_run=options["dry_run"])
        verb = "would be reminded" if options["dry_run"] else "reminded"
        self.stdout.write(f"{count} meeting(s) {verb}.")
