"""Staff actions on accounts (the admin calls these)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.services.sessions import end_all_sessions


def lock_account(*, user: User, minutes: int | None = None) -> None:
    """Lock the account now (default: the lockout duration) and end its sessions."""
    until = timezone.now() + timedelta(minutes=minutes or settings.LOGIN_LOCKOUT_MINUTES)
    User.objects.filter(pk=user.pk).update(account_locked_until=until)
    end_all_sessions(user=user)


def unlock_account(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_attempts=0, account_locked_until=None)


def mark_email_verified(*, user: User) -> None:
    User.objects.filter(pk=user.pk, email_verified=False).update(
        email_verified=True, email_verified_at=timezone.now()
    )


def mark_company_verified(
    *, user: User, name: str = "", number: str = "", website: str = ""
) -> None:
    """Give the company its verified badge, recording the verified details that were given."""
    details = {"company_name": name, "company_number": number, "company_website": website}
    User.objects.filter(pk=user.pk).update(
        company_verified=True, **{field: value for field, value in details.items() if value}
    )
