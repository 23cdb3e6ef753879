from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from analytics.services import operations
from pitchey.errors import DomainError


class Command(BaseCommand):
    help = (
        "Security checks: accounts unverified after 7 days, repeated failed logins per account "
        "(>= 5 in 24 h) and per address (>= 10), NDA request bursts (> 10 in 24 h), with a risk "
        "level; --user ID reviews one account's last 30 days. Read-only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", type=int, help="Review one user's access (section 8.3.2).")
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args: Any, user: int | None, json: bool, **options: Any) -> None:
        try:
            report = operations.access_review(user_id=user) if user else operations.security_audit()
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if json:
            self.stdout.write(_dumps(report))
            return
        w = self.stdout.write
        if user:
            w(f"Access review of {report['email']} (user {user}), last 30 days:")
            for name, value in report["events"].items():
                w(f"  {name.replace('_', ' ')}: {value if value is not None else '-'}")
            w(
                f"  failed attempts counting toward the lockout now: "
                f"{report['failed_login_attempts_now']}"
            )
            w(f"Risk level: {report['risk_level'].upper()}")
            return
        w(f"Unverified accounts older than 7 days: {report['unverified_accounts']}")
        for email in report["unverified_sample"]:
            w(f"  {email}")
        w(f"Accounts over the failed-login limit now: {len(report['accounts_over_failure_limit'])}")
        for row in report["accounts_over_failure_limit"]:
            w(
                f"  {row['email']}: {row['failed_login_attempts']} failures, last "
                f"{row['last_failed_login']}"
            )
        w(f"Repeated failed logins per account (24 h): {len(report['failed_logins_by_account'])}")
        for row in report["failed_logins_by_account"]:
            w(f"  {row['email'] or row['user_id']}: {row['attempts']} failures")
        w(f"Repeated failed logins per address (24 h): {len(report['failed_logins_by_address'])}")
        for row in report["failed_logins_by_address"]:
            w(f"  {row['ip_address']}: {row['attempts']} failures on {row['accounts']} accounts")
        w(f"NDA request bursts (24 h): {len(report['nda_request_bursts'])}")
        for row in report["nda_request_bursts"]:
            w(f"  {row['email'] or row['user_id']}: {row['requests']} requests")
        w(f"Risk level: {report['risk_level'].upper()}")


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2)
