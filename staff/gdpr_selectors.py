"""Reads of GDPR requests and consent figures for the staff."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from pitchey.errors import DomainError
from staff.models import GdprRequest
from staff.services.gdpr import download_url


def requests(params: dict[str, str]) -> QuerySet[GdprRequest]:
    rows = GdprRequest.objects.select_related("user", "handled_by")
    status = params.get("status") or ""
    if status:
        if status not in GdprRequest.Status.values:
            raise DomainError(
                "Unknown status.", code="VALIDATION_ERROR", details={"status": ["Unknown."]}
            )
        rows = rows.filter(status=status)
    return rows.order_by("due_at", "id")


def own_requests(user: User) -> QuerySet[GdprRequest]:
    """The person's own requests, newest first (their settings page)."""
    return GdprRequest.objects.filter(user=user).order_by("-created_at", "-id")


def own_request_view(row: GdprRequest) -> dict[str, Any]:
    """What the person's settings page shows of one request."""
    now = timezone.now()
    open_ = row.status in (GdprRequest.Status.PENDING, GdprRequest.Status.PROCESSING)
    expires = row.export_expires_at
    return {
        "id": row.pk,
        "kind": row.kind,
        "kind_label": "Copy of my data" if row.kind == GdprRequest.Kind.ACCESS else "Erasure",
        "status": row.status,
        "status_label": row.get_status_display(),
        "created_at": row.created_at,
        "due_at": row.due_at,
        "open": open_,
        "overdue": open_ and row.due_at < now,
        "ready": bool(row.export_key and expires and expires > now),
        "export_expires_at": expires,
        "can_withdraw": row.kind == GdprRequest.Kind.ERASURE
        and row.status == GdprRequest.Status.PENDING,
    }


def request_json(row: GdprRequest) -> dict[str, Any]:
    now = timezone.now()
    open_ = row.status in (GdprRequest.Status.PENDING, GdprRequest.Status.PROCESSING)
    return {
        "id": row.pk,
        "user_id": row.user_id,
        "user_email": row.user.email,
        "type": row.kind,
        "status": row.status,
        "details": row.details,
        "created_at": row.created_at.isoformat(),
        "due_at": row.due_at.isoformat(),
        "completed_at": row.completed_at.isoformat() if row.completed_at else None,
        "overdue": open_ and row.due_at < now,
        "download_url": download_url(row),
        "result": row.result,
    }


def metrics() -> dict[str, Any]:
    now = timezone.now()
    open_ = Q(status__in=["pending", "processing"])
    counts = GdprRequest.objects.aggregate(
        total=Count("id"),
        open=Count("id", filter=open_),
        overdue=Count("id", filter=open_ & Q(due_at__lt=now)),
        access=Count("id", filter=Q(kind="access")),
        erasure=Count("id", filter=Q(kind="erasure")),
        completed=Count("id", filter=Q(status="completed")),
    )
    return {"requests": counts, "deadline_days": 30}


def consent_metrics() -> dict[str, Any]:
    users = User.objects.active().filter(is_staff=False)
    figures = users.aggregate(
        total=Count("id"),
        marketing=Count("id", filter=Q(marketing_emails=True)),
        email_notifications=Count("id", filter=Q(email_notifications=True)),
        private_profiles=Count(
            "id", filter=Q(privacy_settings__contains={"profile_visibility": "private"})
        ),
    )
    total = figures["total"] or 0

    def rate(n: int) -> float:
        return round(100 * n / total, 1) if total else 0.0

    return {
        "consents": figures,
        "rates": {
            "marketing": rate(figures["marketing"]),
            "email_notifications": rate(figures["email_notifications"]),
        },
    }
