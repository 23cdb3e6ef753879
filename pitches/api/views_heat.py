"""Heat: the hottest pitches, one pitch's heat breakdown, and audience demand."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.api.common import PAGE_PARAMS, ListEnvelope, pitch_list
from pitches.engagement import demand, heat
from pitches.engagement import selectors as engagement_selectors
from pitches.models import Pitch
from pitchey.api import PagePagination, flat_response, request_viewer


class HotPitchesApi(APIView):
    """`/api/pitches/hot`: pitches with heat, hottest first; `/api/pitches/trending` lists every
    published pitch in heat order (the trending tab)."""

    permission_classes = [AllowAny]
    trending = False

    @extend_schema(
        summary="Published pitches by heat, hottest first",
        parameters=[*PAGE_PARAMS, OpenApiParameter("genre", str), OpenApiParameter("format", str)],
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        genre = request.query_params.get("genre", "")
        format_ = request.query_params.get("format", "")
        queryset = engagement_selectors.by_heat(
            genre=genre, format=format_, hot_only=not self.trending
        )
        data, paginator = pitch_list(request, queryset)
        return paginator.page_response(data)


class PitchHeatApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A pitch's heat: the stored score, its badge and what it is made of",
        responses=inline_serializer(
            "PitchHeat",
            {
                "heat_score": serializers.FloatField(),
                "heat_badge": serializers.CharField(allow_null=True),
                "components": serializers.DictField(child=serializers.FloatField()),
            },
        ),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        if pitch.status != Pitch.Status.PUBLISHED:
            return flat_response({**heat.breakdown(pitch), "heat_score": 0.0, "heat_badge": None})
        return flat_response(heat.breakdown(pitch))


class AudienceDemandApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="What watchers back (pitches) and which genres and formats are rising",
        parameters=[OpenApiParameter("limit", int)],
        responses=inline_serializer(
            "AudienceDemand",
            {
                "pitches": serializers.ListField(child=serializers.DictField()),
                "genres": serializers.ListField(child=serializers.DictField()),
                "formats": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        _, limit = PagePagination().read_params(request)
        return flat_response(
            {
                "pitches": demand.audience_pitches(min(limit, 24)),
                "genres": demand.rising("genre"),
                "formats": demand.rising("format_category"),
            }
        )
