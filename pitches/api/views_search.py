"""The search extras of the SPA's search page: saved searches (yours, running them, the popular
public ones), your search history, suggestions while typing and clicks on results."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import config, search_selectors, selectors
from pitches.api.common import pitch_list
from pitches.models import SavedSearch
from pitches.services import search as services
from pitchey.api import (
    flat_response,
    query_params,
    request_user,
    request_viewer,
    with_snake_keys,
)

# SavedSearches.tsx reads these keys in snake_case; they go out beside their camelCase twins.
SNAKE_KEYS = (
    "search_query",
    "use_count",
    "last_used",
    "is_public",
    "notify_on_results",
    "alert_frequency",
    "created_at",
    "updated_at",
)
FILTER_NAMES = (
    "genre",
    "genres",
    "format",
    "budget",
    "budget_range",
    "stage",
    "seeking_investment",
)


class SavedSearchSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "description",
            "search_query",
            "filters",
            "is_public",
            "notify_on_results",
            "alert_frequency",
            "use_count",
            "last_used",
            "created_at",
            "updated_at",
        ]


class SavedSearchInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    search_query = serializers.CharField(max_length=200, required=False, allow_blank=True)
    query = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="Alias of searchQuery."
    )
    filters = serializers.DictField(required=False)
    is_public = serializers.BooleanField(required=False)
    notify_on_results = serializers.BooleanField(required=False)
    alert_frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, required=False)

    def validate_filters(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(FILTER_NAMES))
        if unknown:
            raise serializers.ValidationError(
                f"Unknown filters: {', '.join(unknown)}. Use {', '.join(FILTER_NAMES)}."
            )
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            if len(items) > 30 or any(
                not isinstance(v, str | int | bool) or len(str(v)) > 100 for v in items
            ):
                raise serializers.ValidationError(f"{key}: at most 30 short values.")
        return value

    def to_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        alias = data.pop("query", None)
        if alias and not data.get("search_query"):
            data["search_query"] = alias
        return data


def shown(search: SavedSearch) -> dict[str, Any]:
    return with_snake_keys(SavedSearchSerializer(search).data, SNAKE_KEYS)


def _limit(request: Request, default: int, most: int) -> int:
    raw = query_params(request).get("limit", "")
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= most:
        raise serializers.ValidationError({"limit": [f"A whole number from 1 to {most}."]})
    return int(raw)


SAVED_LIST = inline_serializer(
    "SavedSearches", {"saved_searches": SavedSearchSerializer(many=True)}
)


class SavedSearchListApi(APIView):
    @extend_schema(summary="Your saved searches", responses=SAVED_LIST)
    def get(self, request: Request) -> Response:
        rows = SavedSearch.objects.owned_by(request_user(request))[
            : services.SAVED_SEARCHES_PER_USER
        ]
        return flat_response({"saved_searches": [shown(row) for row in rows]})

    @extend_schema(
        summary="Save a search (words and filters) under a name",
        request=SavedSearchInput,
        responses={201: SavedSearchSerializer},
    )
    def post(self, request: Request) -> Response:
        payload = SavedSearchInput(data=request.data)
        payload.is_valid(raise_exception=True)
        search = services.save_search(owner=request_user(request), fields=payload.to_fields())
        body = shown(search)
        return flat_response({**body, "saved_search": body}, status.HTTP_201_CREATED)


class SavedSearchDetailApi(APIView):
    @extend_schema(
        summary="Delete one of your saved searches",
        responses=inline_serializer(
            "SavedSearchDeleted",
            {"deleted": serializers.BooleanField(), "id": serializers.IntegerField()},
        ),
    )
    def delete(self, request: Request, search_id: int) -> Response:
        me = request_user(request)
        search = get_object_or_404(SavedSearch.objects.owned_by(me), pk=search_id)
        services.delete_saved_search(search=search, actor=me)
        return flat_response({"deleted": True, "id": search_id})


def _browse_params(search: SavedSearch) -> selectors.BrowseParams:
    """The marketplace parameters of a saved search (unknown values are dropped)."""
    f = search.filters or {}
    genres = f.get("genres") if isinstance(f.get("genres"), list) else []
    genre = f.get("genre") or (genres[0] if genres else "")
    genre = config.normalise_genre(str(genre)) or "" if genre else ""
    fmt = str(f.get("format") or "")
    budget = str(f.get("budget") or f.get("budget_range") or "")
    stage = config.normalise_stage(str(f.get("stage") or "")) or ""
    seeking = f.get("seeking_investment")
    return selectors.BrowseParams(
        q=search.search_query,
        genre=genre,
        format=(config.normalise_format_category(fmt) or config.normalise_format(fmt))
        if fmt
        else "",
        budget=budget if budget in config.BUDGET_KEYS else "",
        stage=stage,
        seeking_investment=seeking if isinstance(seeking, bool) else None,
    )


class SavedSearchExecuteApi(APIView):
    @extend_schema(
        summary="Run a saved search (yours or a public one) and count the use",
        request=None,
        responses=inline_serializer(
            "SavedSearchRun",
            {
                "saved_search": SavedSearchSerializer(),
                "results": serializers.ListField(child=serializers.DictField()),
                "total": serializers.IntegerField(),
            },
        ),
    )
    def post(self, request: Request, search_id: int) -> Response:
        viewer = request_viewer(request)
        search = get_object_or_404(SavedSearch.objects.runnable_by(viewer), pk=search_id)
        search = services.use_saved_search(search=search, user=viewer)
        params = _browse_params(search)
        data, _ = pitch_list(request, selectors.marketplace(params, viewer=viewer))
        return flat_response(
            {**data, "results": data["items"], "saved_search": shown(search)},
            only=("saved_search", "results", "total"),
        )


class PopularSavedSearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Public saved searches, most used first",
        parameters=[OpenApiParameter("limit", int, required=False)],
        responses=inline_serializer(
            "PopularSearches", {"popular_searches": SavedSearchSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        limit = _limit(request, 10, 50)
        rows = SavedSearch.objects.popular()[:limit]
        return flat_response({"popular_searches": [shown(row) for row in rows]})


class SearchHistoryApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Your recent searches, newest first (empty for visitors)",
        parameters=[OpenApiParameter("limit", int, required=False)],
        responses=inline_serializer(
            "SearchHistory",
            {"search_history": serializers.ListField(child=serializers.CharField())},
        ),
    )
    def get(self, request: Request) -> Response:
        limit = _limit(request, 10, 50)
        items = search_selectors.history(request_viewer(request), limit=limit)
        return flat_response({"search_history": items, "history": items})


class SearchSuggestionsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Suggestions while typing: titles, genres, formats, creators, common searches",
        parameters=[OpenApiParameter("q", str), OpenApiParameter("limit", int, required=False)],
        responses=inline_serializer(
            "SearchSuggestions",
            {"suggestions": serializers.ListField(child=serializers.DictField())},
        ),
    )
    def get(self, request: Request) -> Response:
        text = query_params(request).get("q", "").strip()
        if len(text) > 100:
            raise serializers.ValidationError({"q": ["At most 100 characters."]})
        limit = _limit(request, 8, 20)
        found = (
            search_selectors.suggestions(request_viewer(request), text, limit=limit)
            if len(text) >= 2
            else []
        )
        return flat_response({"suggestions": found})


class TrackClickInput(serializers.Serializer):
    pitch_id = serializers.IntegerField(min_value=1)
    result_position = serializers.IntegerField(min_value=0, max_value=10_000, required=False)
    query = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    search_history_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    session_id = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class TrackClickApi(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "strict"

    @extend_schema(
        summary="Record a result opened from a search",
        request=TrackClickInput,
        responses={
            201: inline_serializer("SearchClickTracked", {"tracked": serializers.BooleanField()})
        },
    )
    def post(self, request: Request) -> Response:
        payload = TrackClickInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, data["pitch_id"])
        services.track_click(
            user=viewer,
            pitch=pitch,
            query=data["query"],
            position=data.get("result_position"),
            search_id=data.get("search_history_id"),
            session_id=data["session_id"],
        )
        return flat_response({"tracked": True}, status.HTTP_201_CREATED)
