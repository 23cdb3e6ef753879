"""Provenance: the certificate of a published pitch and checking a sealed hash (the SPA's
`/api/pitches/:id/certificate` and `/api/verify/p/:hash`), and the public verify page."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.models import PitchSeal
from pitchey.api import flat_response, request_viewer
from pitchey.storage import site_origin

HASH = re.compile(r"^[0-9a-fA-F]{64}$")


def seal_answer(seal: PitchSeal, viewer: Any) -> dict[str, Any]:
    """What anybody may learn from a sealed hash; the pitch is linked only while they may
    open it."""
    pitch = seal.pitch
    visible = pitch is not None and selectors.pitch_visible(viewer, pitch.pk) and pitch.is_published
    return {
        "valid": True,
        "content_hash": seal.content_hash,
        "sealed_at": seal.sealed_at,
        "version": seal.version,
        "title": seal.title,
        "creator_name": seal.creator_name,
        "current": bool(pitch is not None and pitch.content_hash == seal.content_hash),
        "pitch": {"id": pitch.pk, "slug": pitch.slug} if visible and pitch is not None else None,
        "verify_url": site_origin() + reverse("pitches:verify", args=[seal.content_hash]),
    }


def find_seal(value: str) -> PitchSeal | None:
    if not HASH.match(value):
        return None
    return PitchSeal.objects.for_hash(value.lower())


SEAL = inline_serializer(
    "SealCheck",
    {
        "valid": serializers.BooleanField(),
        "content_hash": serializers.CharField(),
        "sealed_at": serializers.DateTimeField(),
        "version": serializers.IntegerField(),
        "title": serializers.CharField(),
        "creator_name": serializers.CharField(),
        "current": serializers.BooleanField(),
        "verify_url": serializers.CharField(),
    },
)


class VerifySealApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Check a pitch content hash sealed on Pitchey", responses=SEAL)
    def get(self, request: Request, content_hash: str) -> Response:
        if not HASH.match(content_hash):
            raise serializers.ValidationError(
                {"hash": ["A hash is 64 hexadecimal characters (SHA-256)."]}
            )
        seal = find_seal(content_hash)
        if seal is None:
            raise Http404
        return flat_response(seal_answer(seal, request_viewer(request)))
