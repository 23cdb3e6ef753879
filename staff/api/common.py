"""Shared pieces of the staff API: the gated base view, JSON shapes, reasons for destructive
actions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import User
from pitches.models import Pitch
from pitchey.errors import DomainError
from pitchey.staff import StaffPermission
from staff import reauth
from staff.models import Flag


class ReasonSerializer(serializers.Serializer):
    """The body of a destructive action: why (required, checked by `destructive`)."""

    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


REDIRECT = {302: OpenApiResponse(description="Redirect to a short-lived signed URL")}


class StaffApi(APIView):
    """Every staff endpoint: `staff_permission` names the function (or a dict by method)."""

    permission_classes = [StaffPermission]
    staff_permission: str | dict[str, str] = "staff.view_console"


def shape(name: str, *keys: str) -> Any:
    """A response schema of named values (their insides vary with the data)."""
    return inline_serializer(name, {key: serializers.JSONField() for key in keys})


def iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def destructive(request: Request, reason: str | None) -> str:
    """A destructive action needs a reason and a recent login or re-authentication."""
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise DomainError(
            "Give a reason for this action.",
            code="VALIDATION_ERROR",
            details={"reason": ["A reason is required."]},
        )
    reauth.require_recent_auth(request)
    return reason[:500]


def person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name, "email": user.email}


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "username": user.username,
        "name": user.display_name,
        "user_type": user.portal,
        "status": user.moderation_status,
        "credits": getattr(user, "credits", 0),
        "pitch_count": getattr(user, "pitch_count", 0),
        "investment_count": 0,
        "email_verified": user.email_verified,
        "company_verified": user.company_verified,
        "company_name": user.company_name,
        "is_staff": user.is_staff,
        "two_factor_enabled": user.two_factor_enabled,
        "suspended_until": iso(user.suspended_until),
        "suspension_reason": user.suspension_reason,
        "created_at": iso(user.created_at),
        "last_login": iso(user.last_login),
    }


def flag_json(flag: Flag) -> dict[str, Any]:
    return {
        "id": flag.pk,
        "target_type": flag.target_type,
        "target_id": flag.target_id,
        "content_id": flag.target_id,
        "target_label": flag.target_label,
        "target_owner_id": flag.target_owner_id,
        "status": flag.status,
        "reasons": flag.reasons,
        "report_count": flag.report_count,
        "notes": flag.notes,
        "assignee": person(flag.assignee),
        "resolution": flag.resolution or None,
        "resolution_note": flag.resolution_note,
        "resolved_by": person(flag.resolved_by),
        "created_at": iso(flag.created_at),
        "last_reported_at": iso(flag.last_reported_at),
        "resolved_at": iso(flag.resolved_at),
    }


def pitch_json(pitch: Pitch) -> dict[str, Any]:
    reasons = getattr(pitch, "flag_reasons", None) or []
    return {
        "id": pitch.pk,
        "title": pitch.title,
        "logline": pitch.logline,
        "synopsis": pitch.short_synopsis,
        "genre": pitch.genre,
        "budget": pitch.estimated_budget,
        "status": "flagged" if reasons else pitch.status,
        "pitch_status": pitch.status,
        "featured": pitch.featured_at is not None,
        "creator": person(pitch.owner),
        "flagged_reasons": reasons,
        "created_at": iso(pitch.created_at),
    }
