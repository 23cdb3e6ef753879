"""Reconciliation: compare local subscriptions with the provider's and report (or repair) drift."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from analytics import record_activity
from billing import stripe_shapes as shapes
from billing.models import Subscription
from billing.providers import get_provider
from billing.services.common import from_timestamp
from billing.services.subscriptions import apply_subscription

COMPARED = ("status", "plan", "cancel_at_period_end", "current_period_end")


@dataclass(frozen=True)
class Drift:
    subscription_id: str
    problem: str
    local: dict[str, Any]
    remote: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.subscription_id}: {self.problem} (local {self.local}, remote {self.remote})"


@dataclass
class Report:
    checked: int = 0
    drift: list[Drift] = field(default_factory=list)
    repaired: int = 0


def _remote_view(obj: dict[str, Any]) -> dict[str, Any]:
    _, end = shapes.subscription_period(obj)
    return {
        "status": obj.get("status"),
        "plan": (obj.get("metadata") or {}).get("plan", ""),
        "cancel_at_period_end": bool(obj.get("cancel_at_period_end")),
        "current_period_end": from_timestamp(end),
    }


def _local_view(row: Subscription) -> dict[str, Any]:
    return {name: getattr(row, name) for name in COMPARED}


def _compare(row: Subscription | None, obj: dict[str, Any]) -> Drift | None:
    remote = _remote_view(obj)
    if row is None:
        return Drift(obj["id"], "missing locally", {}, remote)
    local = _local_view(row)
    differing = [k for k in COMPARED if remote[k] not in (None, "") and remote[k] != local[k]]
    if not differing:
        return None
    return Drift(
        obj["id"],
        "differs in " + ", ".join(differing),
        {k: local[k] for k in differing},
        {k: remote[k] for k in differing},
    )


def reconcile_subscriptions(*, dry_run: bool = False) -> Report:
    """Check every provider subscription against its local row. Without `dry_run`, local rows take
    the provider's state (the provider is the source of truth for subscriptions); live local rows
    the provider does not know are only reported."""
    report = Report()
    seen: set[str] = set()
    local = {s.stripe_subscription_id: s for s in Subscription.objects.all()}
    for obj in get_provider().list_subscriptions():
        report.checked += 1
        seen.add(obj["id"])
        drift = _compare(local.get(obj["id"]), obj)
        if drift is None:
            continue
        report.drift.append(drift)
        if not dry_run:
            with transaction.atomic():
                row, outcome = apply_subscription(obj=obj, at=None)
                if row is not None and outcome == "applied":
                    record_activity(
                        row, "billing.subscription.reconciled", data={"drift": str(drift)}
                    )
                    report.repaired += 1
    for sub_id, row in local.items():
        if sub_id not in seen and row.is_live:
            report.drift.append(Drift(sub_id, "missing at the provider", _local_view(row), {}))
    return report
