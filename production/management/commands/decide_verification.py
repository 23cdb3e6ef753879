"""List the company verifications awaiting staff, or approve/reject one (the same services the
admin and the staff console call)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from pitchey.errors import DomainError
from production import selectors, services


class Command(BaseCommand):
    help = (
        "Without an id, list company verifications awaiting a staff decision (automatic checks "
        "passed). With an id and --approve or --reject (and --reason), decide it as --actor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verification_id", nargs="?", type=int)
        parser.add_argument("--list", action="store_true")
        decision = parser.add_mutually_exclusive_group()
        decision.add_argument("--approve", action="store_true")
        decision.add_argument("--reject", action="store_true")
        parser.add_argument("--reason", default="")
        parser.add_argument("--actor", help="Email of the staff member deciding.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verification_id"] is None:
            rows = list(selectors.verification_queue())
            for row in rows:
                self.stdout.write(
                    f"{row.pk}\t{row.company_name}\t{row.region}\t"
                    f"{row.registration_number or '-'}\t{row.company.email}"
                )
            self.stdout.write(f"{len(rows)} verification(s) awaiting review.")
            return
        if not (options["approve"] or options["reject"]):
            raise CommandError("Give --approve or --reject.")
        actor = User.objects.filter(email__iexact=options["actor"] or "", is_staff=True).first()
        if actor is None:
            raise CommandError("--actor must be the email of a staff member.")
        verification = selectors.verification_or_404(options["verification_id"])
        try:
            if options["approve"]:
                services.approve_verification(
                    verification=verification, actor=actor, reason=options["reason"]
                )
            else:
                services.reject_verification(
                    verification=verification, actor=actor, reason=options["reason"]
                )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Verification {verification.pk} decided.")
