"""The marketplace: browse tabs, filters, search, genre tiles, configuration lists, creating."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
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
    pitch_list,
    query_params,
    render_detail,
)
from pitches.models import Pitch
from pitchey.api import (
    PagePagination,
    flat_response,
    pagination_meta,
    request_user,
    request_viewer,
)
from pitchey.rendered import prerendered_response, rendered_data


def marketplace_page(request: Request, params: selectors.BrowseParams) -> list_cache.Page:
    """One page of the marketplace: a count, the page's ids, its rows and at most one grant query.

    Pages are cached per audience class until the next publish/edit/archive, pre-rendered; the
    list version, the page, the list's count and the viewer's remembered grants come in one
    Redis round trip. A viewer who owns or holds a grant for a pitch of the cached page gets
    the page built for them alone (their grants asked of the database again).
    """
    page, limit = PagePagination().read_params(request)
    viewer = request_viewer(request)
    services.record_search(user=viewer, query=params.q, filters=params.facets())
    audience = access.audience(viewer)
    user_id = viewer.pk if viewer.is_authenticated else None
    grants: frozenset[int] | None = None  # the viewer's remembered grants, when known

    def confidential_of(items: list[Pitch]) -> set[int]:
        """The viewer's own and granted pitches on the page: no query when their remembered
        grants (a superset of the live ones) are known and none is on the page."""
        pairs = [(p.pk, p.owner_id) for p in items]
        if grants is None or audience is None or any(pk in grants for pk, _owner in pairs):
            return access.confidential_ids_among(viewer, pairs)
        return {pk for pk, owner in pairs if owner == user_id}

    def build(
        version: int, total: int | None = None, confidential: set[int] | None = None
    ) -> tuple[list_cache.Page, set[int]]:
        queryset = selectors.marketplace(params, viewer=viewer)
        data, _, items, seen = card_page(
            request,
            queryset,
            total=total,
            confidential=confidential,
            confidential_of=confidential_of,
        )
        pairs = [(p.pk, p.owner_id) for p in items]
        return list_cache.page_of(data, rendered_data(data), pairs, version), seen

    if audience is None:
        return build(0)[0]
    count_key = {**params.as_dict(), "a": audience}
    key = {**count_key, "p": page, "l": limit}
    got = list_cache.cached_page("marketplace", key, count_params=count_key, user_id=user_id)
    grants = got.grants
    cached = got.page
    if cached is None:
        fresh, confidential = build(got.version, got.total)
        if got.total is None:
            list_cache.keep_count("marketplace", count_key, got.version, fresh.total)
        if not confidential:  # as every viewer of the class sees it
            list_cache.keep_page("marketplace", key, fresh)
        return fresh
    if user_id is None:  # a visitor owns nothing and holds no grant
        return cached
    if grants is None:
        grants = access.granted_pitch_ids(request_user(request))
        list_cache.remember_grants(user_id, grants)
    if any(owner == user_id or pk in grants for pk, owner in cached.pairs):
        confidential = access.confidential_ids_among(viewer, cached.pairs)
        if confidential:  # their own or granted pitches on this page: built for them alone
            return build(got.version, got.total, confidential)[0]
    return cached


def list_answer(
    request: Request, page: list_cache.Page, *, flat: bool = True, results: bool = False
) -> HttpResponseBase:
    """A page of cards with its ETag and Last-Modified (304 to a current copy): keys in `data`
    and (`flat`) at the top level, counts also in `meta.pagination`; `results` repeats the
    items under `results` (the search's callers)."""
    last_modified = int(page.built_at)
    response = get_conditional_response(
        request._request, etag=page.etag, last_modified=last_modified
    )
    if response is None:
        pagination = pagination_meta(page.page, page.limit, page.total) if flat else None
        body = page.body
        if results:
            data = json.loads(body)
            body = rendered_data({**data, "results": data["items"]})
        response = prerendered_response(request, body, flat=flat, pagination=pagination)
    response["ETag"] = page.etag
    response["Cache-Control"] = "private, no-cache"
    response["Last-Modified"] = http_date(last_modified)
    return response


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
        return list_answer(request, marketplace_page(request, browse_params(request)), flat=False)

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
        return list_answer(request, page)


class SearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Full-text search of published pitches",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> HttpResponseBase:
        return list_answer(request, marketplace_page(request, browse_params(request)), results=True)


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
