"""Comparisons: pitches, creators or slates side by side; saved ones, and their share tokens."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from curation import compare, selectors, services
from curation.api import serializers as s
from pitchey.api import flat_response, request_user

COMPARISON = inline_serializer(
    "Comparison",
    {
        "type": serializers.CharField(),
        "subjects": serializers.ListField(child=serializers.DictField()),
    },
)


def _kind(raw: str) -> str:
    kind = (raw or "creator").lower()
    if kind not in compare.KINDS:
        raise serializers.ValidationError({"type": ["pitch, creator or slate."]})
    return kind


class CompareApi(APIView):
    @extend_schema(
        summary="Two to four pitches, creators or slates side by side (public figures only)",
        parameters=[OpenApiParameter("type", str), OpenApiParameter("ids", str)],
        responses=COMPARISON,
    )
    def get(self, request: Request) -> Response:
        kind = _kind(request.query_params.get("type", ""))
        ids = s.parse_ids(request.query_params.get("ids", ""))
        subjects = compare.subjects(kind, ids, request_user(request))
        return flat_response({"type": kind, "subjects": subjects})


class CompareCreatorsApi(APIView):
    @extend_schema(
        summary="Creators and production companies to compare, by name",
        parameters=[OpenApiParameter("q", str)],
        responses=inline_serializer("CompareCreators", {"creators": serializers.ListField()}),
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        return flat_response({"creators": selectors.search_creators(request_user(request), q)})


class CompareSlatesApi(APIView):
    @extend_schema(
        summary="Published slates (and yours) to compare, by title",
        parameters=[OpenApiParameter("q", str)],
        responses=inline_serializer("CompareSlates", {"slates": serializers.ListField()}),
    )
    def get(self, request: Request) -> Response:
        q = request.query_params.get("q", "")
        return flat_response({"slates": selectors.search_slates(request_user(request), q)})


class SavedComparisonsApi(APIView):
    @extend_schema(
        summary="Your saved comparisons",
        responses=inline_serializer("SavedComparisons", {"comparisons": serializers.ListField()}),
    )
    def get(self, request: Request) -> Response:
        rows = [s.comparison_data(c) for c in selectors.my_comparisons(request_user(request))]
        return flat_response({"comparisons": rows, "items": rows, "total": len(rows)})

    @extend_schema(
        summary="Save a comparison (it gets a share token)",
        request=s.ComparisonInputSerializer,
        responses={201: COMPARISON},
    )
    def post(self, request: Request) -> Response:
        payload = s.ComparisonInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        comparison = services.save_comparison(
            owner=request_user(request),
            title=data["title"],
            kind=data["type"],
            subject_ids=data["ids"],
        )
        saved = s.comparison_data(comparison)
        return flat_response({**saved, "comparison": saved}, status.HTTP_201_CREATED)


class SavedComparisonApi(APIView):
    @extend_schema(
        summary="Delete one of your saved comparisons (its share link stops working)",
        responses=COMPARISON,
    )
    def delete(self, request: Request, comparison_id: int) -> Response:
        me = request_user(request)
        comparison = selectors.owned_comparison_or_404(me, comparison_id)
        services.delete_comparison(comparison=comparison, actor=me)
        return flat_response({"success": True, "deleted": True, "id": comparison_id})


class SharedComparisonApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A saved comparison through its share token, as a visitor sees it",
        responses=COMPARISON,
    )
    def get(self, request: Request, token: str) -> Response:
        comparison = selectors.shared_comparison_or_404(token[:64])
        subjects = compare.subjects(comparison.kind, list(comparison.subject_ids), AnonymousUser())
        return flat_response(
            {
                "comparison": s.comparison_data(comparison),
                "title": comparison.title,
                "type": comparison.kind,
                "subjects": subjects,
            }
        )
