"""Audit trail: every state change that matters is recorded through `record_activity`."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

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
    return AuditLog.objects.create(
        action=action,
        actor_id=actor_id,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        ip_address=ip_address or None,
        data=data or {},
    )
