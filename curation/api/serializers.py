"""Shapes of slates, share links and comparisons, in and out."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request

from curation.models import SavedComparison, ShareLink, Slate, SlatePitch
from curation.services import MAX_LINK_DAYS

MAX_ID = 2**63 - 1


def slate_data(slate: Slate) -> dict[str, Any]:
    return {
        "id": slate.pk,
        "title": slate.title,
        "description": slate.description,
        "cover_image": slate.cover_image,
        "status": slate.status,
        "pitch_count": getattr(slate, "pitch_count", None),
        "created_at": slate.created_at,
        "updated_at": slate.updated_at,
        "public_url": slate.get_absolute_url() if slate.status == Slate.Status.PUBLISHED else None,
    }


def entry_data(entry: SlatePitch) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "slate_id": entry.slate_id,
        "pitch_id": entry.pitch_id,
        "position": entry.position,
        "added_at": entry.added_at,
    }


def link_data(link: ShareLink, request: Request | None = None) -> dict[str, Any]:
    path = link.get_absolute_url()
    return {
        "id": link.pk,
        "kind": link.kind,
        "slate_id": link.slate_id,
        "token": link.token,
        "label": link.label,
        "url": request.build_absolute_uri(path) if request is not None else path,
        "path": path,
        "view_count": link.view_count,
        "last_viewed_at": link.last_viewed_at,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
        "is_active": link.is_active,
        "created_at": link.created_at,
    }


def comparison_data(comparison: SavedComparison) -> dict[str, Any]:
    return {
        "id": comparison.pk,
        "title": comparison.title,
        "type": comparison.kind,
        "ids": list(comparison.subject_ids),
        "share_token": comparison.share_token,
        "share_path": comparison.get_absolute_url(),
        "created_at": comparison.created_at,
    }


class SlateInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    cover_image = serializers.URLField(max_length=500, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Slate.Status.choices, required=False)

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("A slate needs a title.")
        return value.strip()


class SlatePitchInputSerializer(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class ReorderInputSerializer(serializers.Serializer):
    pitch_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=False,
        max_length=500,
    )


class ShareLinkInputSerializer(serializers.Serializer):
    # The SPA's key; DRF's stubs type a serializer's own `label` attribute as a string.
    label = serializers.CharField(  # type: ignore[assignment]
        max_length=100, required=False, allow_blank=True, default=""
    )
    expires_in_days = serializers.IntegerField(
        min_value=1, max_value=MAX_LINK_DAYS, required=False, allow_null=True
    )


class ComparisonInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    type = serializers.ChoiceField(choices=SavedComparison.Kind.choices)
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=2, max_length=4
    )


def parse_ids(raw: str) -> list[int]:
    """`1,2,3` from a query string; anything else is a field error."""
    ids = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 0 < int(part) <= MAX_ID:
            raise serializers.ValidationError({"ids": ["Comma-separated ids."]})
        ids.append(int(part))
    if len(ids) > SavedComparison.MAX_SUBJECTS:
        raise serializers.ValidationError({"ids": ["At most 4 ids."]})
    return ids
