"""Helpers every production service shares: who may act, validation errors, after-commit
notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from messaging import NotificationKind, notify, notify_many
from pitchey.errors import DomainError, NotAllowed

if TYPE_CHECKING:
    from accounts.models import User


def ensure_company(user: User) -> None:
    """Only production companies (and staff) act as a company."""
    if getattr(user, "user_type", "") != "production" and not user.is_staff:
        raise NotAllowed("Only production companies can do this.")


def ensure_staff(user: User) -> None:
    if not user.is_staff:
        raise NotAllowed("Only staff can do this.")


def invalid(field: str, message: str) -> DomainError:
    """A 400 naming the field at fault."""
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def notify_after_commit(
    recipient_id: int,
    kind: NotificationKind,
    title: str,
    *,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """Notify one user once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(
        lambda: notify(
            recipient=recipient_id, kind=kind, title=title, body=body, link=link, data=data
        )
    )


def notify_many_after_commit(
    recipient_ids: list[int],
    kind: NotificationKind,
    title: str,
    *,
    body: str = "",
    link: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    if not recipient_ids:
        return
    transaction.on_commit(
        lambda: notify_many(
            recipients=recipient_ids, kind=kind, title=title, body=body, link=link, data=data
        )
    )
