"""NDA history with a person, request analytics for creators, and checking one signed record."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndas import selectors, text
from ndas.api import serializers as s
from ndas.api.views import _request_of
from ndas.models import Nda
from pitchey.api import PagePagination, flat_response, request_user

TIMEFRAMES = {"7d": 7, "30d": 30, "90d": 90, "1y": 365, "all": None}


class NdaHistoryApi(APIView):
    @extend_schema(
        summary="Every NDA request you are a party to (with one person, given their id)",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses=inline_serializer(
            "NdaHistory",
            {"ndas": s.NdaRequestSerializer(many=True), "total": serializers.IntegerField()},
        ),
    )
    def get(self, request: Request, user_id: int | None = None) -> Response:
        rows = selectors.history(request_user(request), user_id)
        paginator = PagePagination(results_key="ndas")
        page = paginator.paginate_queryset(rows, request)
        response = paginator.get_paginated_response(s.NdaRequestSerializer(page, many=True).data)
        response.flat = True  # type: ignore[attr-defined]
        return response


class AnalyticsQuerySerializer(serializers.Serializer):
    timeframe = serializers.ChoiceField(choices=list(TIMEFRAMES), required=False, default="30d")
    pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class NdaAnalyticsApi(APIView):
    @extend_schema(
        summary="NDA requests on your pitches over a timeframe: counts, rates, daily trend",
        parameters=[OpenApiParameter("timeframe", str), OpenApiParameter("pitchId", int)],
        responses=inline_serializer("NdaAnalytics", {"analytics": serializers.DictField()}),
    )
    def get(self, request: Request) -> Response:
        query = {"timeframe": request.query_params.get("timeframe", "30d")}
        if request.query_params.get("pitchId"):
            query["pitch_id"] = request.query_params["pitchId"]
        payload = AnalyticsQuerySerializer(data=query)
        payload.is_valid(raise_exception=True)
        days = TIMEFRAMES[payload.validated_data["timeframe"]]
        since = timezone.now() - timedelta(days=days or 365 * 100)
        data = selectors.analytics(
            request_user(request), since=since, pitch_id=payload.validated_data.get("pitch_id")
        )
        return flat_response({"analytics": data, "timeframe": payload.validated_data["timeframe"]})


def _stored_sha256(key: str) -> str | None:
    if not key or not default_storage.exists(key):
        return None
    digest = hashlib.sha256()
    with default_storage.open(key, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class NdaRecordVerifyApi(APIView):
    @extend_schema(
        summary="Check one NDA you are a party to: the signed text and the stored PDF still match "
        "their recorded hashes",
        responses=inline_serializer(
            "NdaRecordVerify",
            {
                "valid": serializers.BooleanField(),
                "signed_at": serializers.DateTimeField(allow_null=True),
                "signed_by": serializers.DictField(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, nda_id: int) -> Response:
        row = _request_of(request, nda_id)
        nda: Nda | None = getattr(row, "nda", None)
        text_intact = row.is_signed and text.sha256_text(row.signed_text) == row.text_sha256
        document_intact = (
            nda is not None and _stored_sha256(nda.document_key) == nda.document_sha256
        )
        signer: dict[str, Any] | None = None
        if row.is_signed:
            signer = {
                "id": row.requester_id,
                "name": row.signer_name,
                "username": row.requester.username,
            }
        return flat_response(
            {
                "valid": bool(text_intact and document_intact),
                "nda_id": row.pk,
                "status": row.shown_status,
                "signed_at": row.signed_at,
                "signed_by": signer,
                "text_intact": text_intact,
                "document_intact": document_intact,
                "document_sha256": nda.document_sha256 if nda else None,
            }
        )
