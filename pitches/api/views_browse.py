"""The marketplace: browse tabs, filters, search, genre tiles, configuration lists, creating."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from pitches import access, config, selectors, services
from pitches import cache as list_cache
from pitches.api import serializers as s
from pitches.api.common import (
    LIST_PARAMS,
    Envelope,
    ListEnvelope,
    browse_params,
    card_page,
    conditional,
    pitch_list,
    query_params,
    render_detail,
)
from pitches.models import Pitch
from pitchey.api import PagePagination, flat_response, request_user, request_viewer


def marketplace_page(request: Request, params: selectors.BrowseParams) -> list_cache.Page:
    """One page of the marketplace: a count, the page's ids, its rows and at most one grant query.

    Pages are cached per audience class until the next publish/edit/archive; a viewer who owns
    or holds a grant for a pitch of the cached page gets the page built for them alone.
    """
    page, limit = PagePagination().read_params(request)
    viewer = request_viewer(request)
    services.record_search(user=viewer, query=params.q, filters=params.facets())

    def build(confidential: set[int] | None) -> tuple[list_cache.Page, set[int]]:
        queryset = selectors.marketplace(params, viewer=viewer)
        data, _, items, seen = card_page(request, queryset, confidential=confidential)
        return list_cache.page_of(data, [(p.pk, p.owner_id) for p in items]), seen

    audience = access.audience(viewer)
    if audience is None:
        return build(None)[0]
    key = {**params.as_dict(), "p": page, "l": limit, "a": audience}
    cached = list_cache.cached_page("marketplace", key)
    if cached is None:
        fresh, confidential = build(None)
        if not confidential:  # as every viewer of the class sees it
            list_cache.keep_page("marketplace", key, fresh)
        return fresh
    confidential = access.confidential_ids_among(viewer, cached.pairs)
    if confidential:  # their own pitches or grants on this page: built for them alone
        return build(confidential)[0]
    return cached


def list_response(data: dict[str, Any]) -> Response:
    """A page of cards: keys in `data` and at the top level, counts also in `meta.pagination`."""
    paginator = PagePagination()
    paginator.page, paginator.limit, paginator.total = data["page"], data["limit"], data["total"]
    return paginator.page_response(data)


def page_answer(
    request: Request, page: list_cache.Page, respond: Callable[[dict[str, Any]], Response]
) -> HttpResponseBase:
    return conditional(request, page.data, respond, etag=page.etag, modified=page.built_at)


class PitchListCreateApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="Browse published pitches",
        operation_id="pitches_list",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> HttpResponseBase:
        user_id = query_params(request).get("user_id")
        if user_id:
            return Response(self._by_creator(request, user_id))
        return page_answer(request, marketplace_page(request, browse_params(request)), Response)

    def _by_creator(self, request: Request, user_id: str) -> dict[str, Any]:
        if not user_id.isdigit():
            raise serializers.ValidationError({"user_id": ["Must be an integer."]})
        creators = User.objects.visible_to(request_viewer(request)).filter(pk=int(user_id))
        queryset = (
            Pitch.objects.published()
            .filter(owner__in=creators)
            .named_for(request_viewer(request))
            .for_cards()
        )
        return pitch_list(request, queryset, ids_first=False)[0]

    @extend_schema(
        summary="Create a draft pitch", request=s.PitchInputSerializer, responses={201: Envelope}
    )
    def post(self, request: Request) -> Response:
        payload = s.PitchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        args = payload.to_service_args()
        pitch = services.create_pitch(
            owner=request_user(request),
            fields=args["fields"],
            characters=args["characters"] or (),
            attachments=args["attachments"] or (),
        )
        pitch = Pitch.objects.for_detail().get(pk=pitch.pk)
        return flat_response({"pitch": render_detail(request, pitch)}, status.HTTP_201_CREATED)


class BrowseApi(APIView):
    permission_classes = [AllowAny]
    preset_tab = ""

    @extend_schema(
        summary="Marketplace tabs, filters and search",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> HttpResponseBase:
        page = marketplace_page(request, browse_params(request, tab=self.preset_tab))
        return page_answer(request, page, list_response)


class SearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Full-text search of published pitches",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> HttpResponseBase:
        page = marketplace_page(request, browse_params(request))
        return page_answer(
            request, page, lambda data: list_response({**data, "results": data["items"]})
        )


class GenreTilesApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Genre tiles with counts",
        responses=inline_serializer(
            "GenreTiles", {"genres": serializers.ListField(child=serializers.DictField())}
        ),
    )
    def get(self, request: Request) -> Response:
        tiles = list_cache.cached_list("genres", {}, selectors.genre_tiles)
        return flat_response({"genres": tiles})


class TopRatedStatsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Rating counts over the published marketplace",
        responses=inline_serializer(
            "TopRatedStats", {"stats": serializers.DictField(child=serializers.FloatField())}
        ),
    )
    def get(self, request: Request) -> Response:
        return flat_response({"stats": selectors.rating_stats()})


class ConfigApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    part = "all"

    @extend_schema(
        summary="Marketplace configuration lists",
        responses=inline_serializer("Config", {"genres": serializers.ListField()}),
    )
    def get(self, request: Request) -> Response:
        if self.part == "all":
            return flat_response(config.everything())
        key = self.part.replace("-", "_")
        value = {
            "genres": config.genres,
            "formats": config.formats,
            "budget_ranges": config.budget_ranges,
            "stages": config.stages,
        }[key]()
        return flat_response({key: value})
