"""Audit trail: every state change that matters is recorded through `record_activity`.

Entries are append-only (the model, its QuerySet and a database trigger refuse changes and
deletes; only archival moves old ones to the bucket). Each carries a dotted action code, the
actor, the caller's IP (taken from the request being served when the caller passes none) and
its data, with a diff of changed fields under `changes` ({field: [before, after]}).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from analytics import tracking
from analytics.models import AuditLog


def record_activity(
    obj: models.Model,
    action: str,
    *,
    actor: Any = None,
    ip_address: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit entry for `obj`; call inside the transaction of the change it records."""
    actor_id = (
        getattr(actor, "pk", None)
        if actor is not None and getattr(actor, "is_authenticated", True)
        else None
    )
    if ip_address is None:
        ip_address = (tracking.request_defaults() or {}).get("ip_address")
    return AuditLog.objects.create(
        action=action,
        actor_id=actor_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        ip_address=ip_address or None,
        data=data or {},
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, as {field: [before, after]} (JSON-ready)."""
    return {
        name: [_plain(before.get(name)), _plain(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The current values of `fields` (for `changes` after an edit)."""
    return {name: getattr(obj, name) for name in fields}
