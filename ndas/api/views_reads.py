"""What NDA readers ask: the viewer's state on a pitch, whether they may request, counts,
and the lists (filters and pagination)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ndas import selectors
from ndas.api import serializers as s
from ndas.api.views import query_params, visible_pitch
from pitches.models import Pitch
from pitchey.api import PagePagination, flat_response, request_user

NdaListEnvelope = inline_serializer(
    "NdaList",
    {
        "nda_requests": s.NdaRequestSerializer(many=True),
        "total": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "limit": serializers.IntegerField(),
        "total_pages": serializers.IntegerField(),
    },
)
StatsEnvelope = inline_serializer("NdaStats", {"stats": serializers.DictField()})
LIST_PARAMS = [
    OpenApiParameter(name, str, required=False)
    for name in (
        "status",
        "creatorId",
        "requesterId",
        "pitchId",
        "dateFrom",
        "dateTo",
        "page",
        "limit",
        "offset",
    )
]


def _filters(request: Request) -> dict[str, Any]:
    payload = s.ListFilterSerializer(data=query_params(request))
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


def _list(request: Request, kind: str, key: str = "nda_requests") -> Response:
    rows = selectors.requests_for(request_user(request), kind, _filters(request))
    paginator = PagePagination(results_key=key)
    page = paginator.paginate_queryset(rows, request)
    response = paginator.get_paginated_response(s.NdaRequestSerializer(page, many=True).data)
    response.flat = True  # type: ignore[attr-defined]
    return response


def viewer_state(request: Request, pitch: Pitch) -> dict[str, Any]:
    """The viewer's NDA state on a pitch with the SPA's spellings beside the camelCase ones
    (nda.service.ts reads `hasNDA`, PitchDetail.tsx `hasSignedNDA`, the wizard `nda.status`)."""
    state = selectors.pitch_status(request.user, pitch)
    row = state.pop("request")
    latest = s.NdaRequestSerializer(row).data if row else None
    state["latest"] = latest
    state["nda_status"] = latest["status"] if latest else "none"
    state["hasNDA"] = state["has_nda"]
    state["hasSignedNDA"] = state["has_signed_nda"]
    return state


class NdaPitchStatusApi(APIView):
    @extend_schema(
        summary="Your NDA status on a pitch",
        responses=inline_serializer(
            "NdaPitchStatus",
            {
                "can_access": serializers.BooleanField(),
                "has_nda": serializers.BooleanField(),
                "nda": s.NdaRequestSerializer(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = visible_pitch(request, pitch_id)
        state = viewer_state(request, pitch)
        state["nda"] = state.pop("latest")
        return flat_response(state)


class NdaCanRequestApi(APIView):
    @extend_schema(
        summary="May you request an NDA on this pitch now?",
        responses=inline_serializer(
            "NdaCanRequest",
            {
                "can_request": serializers.BooleanField(),
                "reason": serializers.CharField(allow_null=True),
                "existing_nda": s.NdaRequestSerializer(allow_null=True),
            },
        ),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = visible_pitch(request, pitch_id)
        answer = selectors.request_answer(request.user, pitch)
        existing = answer.existing
        shown_existing = s.NdaRequestSerializer(existing).data if existing else None
        state = viewer_state(request, pitch)
        state.pop("latest")
        return flat_response(
            {
                **state,
                "can_request": answer.can_request,
                "reason": answer.reason,
                "existing_nda": shown_existing,
                "existingNDA": shown_existing,  # the SPA's spelling (nda.service.ts)
            }
        )


class NdaStatsApi(APIView):
    @extend_schema(
        summary="Your NDA counts by status (incoming, outgoing, all)", responses=StatsEnvelope
    )
    def get(self, request: Request) -> Response:
        return flat_response({"stats": selectors.user_stats(request_user(request))})


class NdaPitchStatsApi(APIView):
    @extend_schema(
        summary="NDA counts by status for one of your pitches",
        responses=StatsEnvelope,
        operation_id="nda_pitch_stats",
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = get_object_or_404(Pitch.objects.owned_by(request.user), pk=pitch_id)
        stats = selectors.stats(pitch.nda_requests.all())
        stats["nda_count"] = pitch.nda_count
        return flat_response({"stats": stats})


# --- lists ----------------------------------------------------------------------------------------


class NdaListApi(APIView):
    kind = "all"
    key = "nda_requests"

    @extend_schema(
        summary="NDA requests you are a party to (filters, pagination)",
        parameters=LIST_PARAMS,
        responses=NdaListEnvelope,
    )
    def get(self, request: Request) -> Response:
        return _list(request, self.kind, self.key)
