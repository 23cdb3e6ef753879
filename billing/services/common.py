"""Helpers shared by the billing services: who an event is about, notifications, retry signal."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction

from messaging import NotificationKind, notify, notify_many
from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User

BILLING_LINK = "/billing/"


class RetryLater(DomainError):
    """The event refers to something not recorded yet; Stripe redelivers non-2xx answers."""

    status_code = 409
    code = "RETRY_LATER"


def from_timestamp(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    return datetime.fromtimestamp(int(value), tz=UTC)


def user_for(metadata: dict[str, Any] | None, customer_id: str = "") -> User | None:
    """The user a Stripe object belongs to: by the metadata we set, else by the customer id."""
    raw = str((metadata or {}).get("user_id") or "")
    if raw.isdigit():
        user = get_user_model().objects.filter(pk=int(raw)).first()
        if user is not None:
            return user
    if customer_id:
        return get_user_model().objects.filter(stripe_customer_id=customer_id).first()
    return None


def locked_or_created(
    model: type[models.Model], lookup: dict[str, Any], defaults: dict[str, Any]
) -> tuple[Any, bool]:
    """The row matching `lookup`, locked; created from `defaults` when missing (race-safe)."""
    manager = model._default_manager
    row = manager.select_for_update().filter(**lookup).first()
    if row is not None:
        return row, False
    try:
        with transaction.atomic():
            return manager.create(**lookup, **defaults), True
    except IntegrityError:
        return manager.select_for_update().get(**lookup), False


def notify_user(user_id: int, title: str, body: str, data: dict[str, Any] | None = None) -> None:
    notify(
        recipient=user_id,
        kind=NotificationKind.BILLING,
        title=title,
        body=body,
        link=BILLING_LINK,
        data=data or {},
    )


def notify_staff(title: str, body: str, data: dict[str, Any] | None = None) -> None:
    staff = list(
        get_user_model().objects.filter(is_staff=True, is_active=True).values_list("pk", flat=True)
    )
    if staff:
        notify_many(
            recipients=staff,
            kind=NotificationKind.BILLING_DISPUTE,
            title=title,
            body=body,
            link="/admin/billing/payment/?disputed_at__isnull=False",
            data=data or {},
        )
