"""Staff actions on accounts (the staff console, the admin site and commands call these)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import display_changes
from accounts.models import User
from accounts.services.sessions import end_all_sessions
from analytics import record_activity
from messaging import notify
from messaging.kinds import NotificationKind
from pitchey.errors import DomainError

MODERATION_FIELDS = ("suspended_until", "banned_at", "suspension_reason")


def lock_account(*, user: User, minutes: int | None = None) -> None:
    """Lock the account now (default: the lockout duration) and end its sessions."""
    until = timezone.now() + timedelta(minutes=minutes or settings.LOGIN_LOCKOUT_MINUTES)
    User.objects.filter(pk=user.pk).update(account_locked_until=until)
    end_all_sessions(user=user)


def unlock_account(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_attempts=0, account_locked_until=None)


def mark_email_verified(*, user: User, actor: User | None = None) -> None:
    if User.objects.filter(pk=user.pk, email_verified=False).update(
        email_verified=True, email_verified_at=timezone.now()
    ):
        record_activity(
            user, "accounts.user.email_verified", actor=actor, data=_diff(email_verified=False)
        )


def mark_company_verified(
    *,
    user: User,
    name: str = "",
    number: str = "",
    website: str = "",
    actor: User | None = None,
) -> None:
    """Give the company its verified badge, recording the verified details that were given."""
    details = {"company_name": name, "company_number": number, "company_website": website}
    given = {field: value for field, value in details.items() if value}
    current = User.objects.filter(pk=user.pk).values("company_verified", *given).first() or {}
    User.objects.filter(pk=user.pk).update(company_verified=True, **given)
    if not current.get("company_verified"):
        display_changes.changed(user.pk)
    record_activity(
        user,
        "accounts.user.company_verified",
        actor=actor,
        data={
            "changes": {
                field: [current.get(field), value]
                for field, value in {"company_verified": True, **given}.items()
                if current.get(field) != value
            }
        },
    )


def withdraw_company_verification(*, user: User, actor: User | None = None) -> None:
    """Take the verified badge away (pages showing the company's name stop showing it)."""
    if User.objects.filter(pk=user.pk, company_verified=True).update(company_verified=False):
        display_changes.changed(user.pk)
        record_activity(
            user,
            "accounts.user.company_verification_withdrawn",
            actor=actor,
            data={"changes": {"company_verified": [True, False]}},
        )


def _diff(**before: Any) -> dict[str, Any]:
    """A one-field diff for flags that only ever turn on."""
    return {"changes": {name: [old, not old] for name, old in before.items()}}


def _moderation_diff(user: User, before: dict[str, Any]) -> dict[str, Any]:
    after = {name: getattr(user, name) for name in MODERATION_FIELDS}
    return {
        name: [_plain(before[name]), _plain(after[name])]
        for name in MODERATION_FIELDS
        if before[name] != after[name]
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _refuse_staff_target(user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise DomainError("You cannot suspend or ban yourself.", code="VALIDATION_ERROR")
    if user.is_superuser and not actor.is_superuser:
        raise DomainError("Only a superuser can suspend a superuser.", code="FORBIDDEN")


@transaction.atomic
def suspend_user(*, user: User, actor: User, until: datetime, reason: str) -> User:
    """Suspend the account until `until`: every session and socket ends at once, logins are
    refused with the reason until then, and the owner is notified."""
    if until <= timezone.now():
        raise DomainError(
            "The suspension must end in the future.",
            code="VALIDATION_ERROR",
            details={"until": ["Choose a date in the future."]},
        )
    return _moderate(user=user, actor=actor, reason=reason, until=until, banned=False)


@transaction.atomic
def ban_user(*, user: User, actor: User, reason: str) -> User:
    """Ban the account until a staff member restores it; sessions and sockets end at once."""
    return _moderate(user=user, actor=actor, reason=reason, until=None, banned=True)


def _moderate(
    *, user: User, actor: User, reason: str, until: datetime | None, banned: bool
) -> User:
    _refuse_staff_target(user, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {name: getattr(user, name) for name in MODERATION_FIELDS}
    user.suspended_until = until
    user.banned_at = timezone.now() if banned else None
    user.suspension_reason = reason.strip()[:500]
    user.save(update_fields=[*MODERATION_FIELDS, "updated_at"])
    end_all_sessions(user=user)
    action = "banned" if banned else "suspended"
    record_activity(
        user,
        f"accounts.user.{action}",
        actor=actor,
        data={"reason": user.suspension_reason, "changes": _moderation_diff(user, before)},
    )
    notify(
        recipient=user.pk,
        kind=NotificationKind.ACCOUNT_SUSPENDED,
        title="Your account is banned" if banned else "Your account is suspended",
        body=user.suspension_reason or "A moderator suspended your account.",
        link="/contact",
        data={"status": action, "until": _plain(until)},
    )
    return user


@transaction.atomic
def restore_user(*, user: User, actor: User, reason: str = "") -> User:
    """Lift a suspension or ban (logins work again at once)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {name: getattr(user, name) for name in MODERATION_FIELDS}
    user.suspended_until = user.banned_at = None
    user.suspension_reason = ""
    user.save(update_fields=[*MODERATION_FIELDS, "updated_at"])
    changes = _moderation_diff(user, before)
    if changes:
        record_activity(
            user, "accounts.user.restored", actor=actor, data={"reason": reason, "changes": changes}
        )
    return user
