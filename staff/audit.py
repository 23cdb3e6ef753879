"""Reads of the audit trail for the staff: filters, the moderation subset, stats, CSV rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from analytics.models import AuditLog
from pitchey.errors import DomainError
from staff.selectors import parse_when

# The staff subset shown as the moderation log.
MODERATION_ACTIONS = (
    "staff.",
    "accounts.user.suspended",
    "accounts.user.banned",
    "accounts.user.restored",
    "accounts.user.warned",
    "pitches.pitch.hidden",
    "pitches.pitch.unhidden",
    "pitches.pitch.featured",
    "pitches.pitch.unfeatured",
    "pitches.comment.removed.moderator",
    "messaging.message.removed",
    "analytics.content.",
)
CSV_LIMIT = 50_000


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def entries(params: dict[str, str]) -> QuerySet[AuditLog]:
    """Entries newest first, filtered by actor (id), action (a code or a dotted prefix ending
    in "."), object ("app.model" and/or id), from/to (ISO dates)."""
    rows = AuditLog.objects.select_related("actor", "content_type")
    actor = params.get("actor") or params.get("actor_id") or params.get("user_id") or ""
    if actor:
        if not actor.isdigit():
            raise _invalid("actor", "Use a user id.")
        rows = rows.filter(actor_id=int(actor))
    action = (params.get("action") or "")[:100]
    if action:
        rows = (
            rows.filter(action__startswith=action)
            if action.endswith(".")
            else rows.filter(action=action)
        )
    object_type = params.get("object_type") or ""
    if object_type:
        app_label, _, model = object_type.partition(".")
        if not model:
            raise _invalid("objectType", "Use app.model, like pitches.pitch.")
        rows = rows.filter(content_type__app_label=app_label, content_type__model=model)
    if params.get("object_id"):
        rows = rows.filter(object_id=params["object_id"][:64])
    if params.get("from"):
        rows = rows.filter(created_at__gte=parse_when(params["from"], "from"))
    if params.get("to"):
        rows = rows.filter(created_at__lte=parse_when(params["to"], "to"))
    return rows.order_by("-created_at", "-id")


def moderation(params: dict[str, str]) -> QuerySet[AuditLog]:
    """The staff subset: moderation decisions, suspensions, reports."""
    wanted = Q()
    for code in MODERATION_ACTIONS:
        wanted |= Q(action__startswith=code) if code.endswith(".") else Q(action=code)
    return entries(params).filter(wanted)


def stats(days: int = 30) -> dict[str, Any]:
    since = timezone.now() - timedelta(days=days)
    recent = AuditLog.objects.filter(created_at__gte=since)
    by_action = list(
        recent.values("action").annotate(count=Count("id")).order_by("-count", "action")[:20]
    )
    return {
        "period_days": days,
        "total": recent.count(),
        "actors": recent.exclude(actor__isnull=True).values("actor_id").distinct().count(),
        "by_action": by_action,
    }


def csv_lines(rows: QuerySet[AuditLog]) -> Iterator[str]:
    """The rows as CSV lines (header first), streamed in chunks, at most CSV_LIMIT rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "created_at", "action", "actor_id", "actor", "object", "ip", "data"])
    for entry in rows[:CSV_LIMIT].iterator(chunk_size=1000):
        writer.writerow(
            [
                entry.pk,
                entry.created_at.isoformat(),
                entry.action,
                entry.actor_id or "",
                safe_cell(entry.actor.email if entry.actor else ""),
                f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}",
                entry.ip_address or "",
                safe_cell(str(entry.data)),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def safe_cell(value: str) -> str:
    """A cell spreadsheets will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
