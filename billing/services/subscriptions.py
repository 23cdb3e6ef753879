"""Subscriptions as Stripe describes them: apply an object's state, tolerating any event order,
and keep the user's `subscription_tier` in step."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction

from analytics import record_activity
from billing import catalog
from billing import stripe_shapes as shapes
from billing.models import Subscription
from billing.services.common import from_timestamp, locked_or_created, notify_user, user_for

if TYPE_CHECKING:
    from accounts.models import User

STATUS_MESSAGES = {
    Subscription.Status.ACTIVE: ("Your subscription is active", "Thank you for subscribing."),
    Subscription.Status.PAST_DUE: (
        "Your subscription payment is overdue",
        "Update your card in the billing portal to keep your plan.",
    ),
    Subscription.Status.CANCELED: ("Your subscription has ended", "You are on the free plan now."),
}


def current_subscription(user: User) -> Subscription | None:
    """The user's newest subscription that still gives its benefits."""
    return Subscription.objects.owned_by(user).live().order_by("-created_at", "-id").first()


def sync_user_tier(user_id: int) -> None:
    """Mirror the live subscription on the user row (the session's `subscriptionTier`)."""
    live = Subscription.objects.live().filter(user_id=user_id).order_by("-created_at").first()
    get_user_model().objects.filter(pk=user_id).update(
        subscription_tier=live.plan if live else "free",
        stripe_subscription_id=live.stripe_subscription_id if live else "",
        subscription_start_date=live.current_period_start if live else None,
        subscription_end_date=live.current_period_end if live else None,
    )


def _is_stale(row: Subscription, obj: dict[str, Any], at: datetime | None, kind: str) -> bool:
    if row.status == Subscription.Status.CANCELED:
        return obj.get("status") != "canceled"  # Stripe never revives a canceled subscription
    if kind == "created" and row.last_event_at is not None:
        return True  # "created" is the earliest event of a subscription
    return at is not None and row.last_event_at is not None and at < row.last_event_at


def _fields(obj: dict[str, Any], row: Subscription) -> dict[str, Any]:
    start, end = shapes.subscription_period(obj)
    metadata = obj.get("metadata") or {}
    plan = str(metadata.get("plan") or row.plan)
    return {
        "plan": plan if catalog.plan(plan) else row.plan,
        "interval": shapes.subscription_interval(obj),
        "status": obj.get("status") or row.status,
        "stripe_customer_id": shapes.expanded_id(obj.get("customer")) or row.stripe_customer_id,
        "current_period_start": from_timestamp(start) or row.current_period_start,
        "current_period_end": from_timestamp(end) or row.current_period_end,
        "cancel_at_period_end": bool(obj.get("cancel_at_period_end")),
        "canceled_at": from_timestamp(obj.get("canceled_at")),
        "ended_at": from_timestamp(obj.get("ended_at")),
    }


@transaction.atomic
def apply_subscription(
    *, obj: dict[str, Any], at: datetime | None, kind: str = "updated"
) -> tuple[Subscription | None, str]:
    """Make the local row say what Stripe's `obj` says, unless a newer event already spoke.

    `at` is the event's creation time (None when the object comes straight from the API, which is
    never older than an event already applied). A canceled subscription stays canceled.
    """
    metadata = obj.get("metadata") or {}
    user = user_for(metadata, shapes.expanded_id(obj.get("customer")))
    existing = Subscription.objects.filter(stripe_subscription_id=obj["id"]).exists()
    if user is None and not existing:
        return None, "ignored"
    row, _ = locked_or_created(
        Subscription,
        {"stripe_subscription_id": obj["id"]},
        {"user": user, "plan": str(metadata.get("plan") or ""), "status": "incomplete"},
    )
    if _is_stale(row, obj, at, kind):
        return row, "stale"
    before = row.status
    for name, value in _fields(obj, row).items():
        setattr(row, name, value)
    if at is not None and (row.last_event_at is None or at > row.last_event_at):
        row.last_event_at = at
    row.save()
    sync_user_tier(row.user_id)
    if row.status != before:
        _announce(row, before)
    return row, "applied"


def _announce(row: Subscription, before: str) -> None:
    record_activity(
        row, f"billing.subscription.{row.status}", data={"from": before, "plan": row.plan}
    )
    message = STATUS_MESSAGES.get(Subscription.Status(row.status))
    if message is not None:
        notify_user(row.user_id, *message, {"subscription_id": row.pk, "status": row.status})
