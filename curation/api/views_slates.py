"""Slates: the creator's curated sets of pitches, their share links, and their public views."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from curation import selectors, services
from curation.api import serializers as s
from curation.models import ShareLink, Slate
from pitches import selectors as pitch_selectors
from pitches.api.common import render_cards
from pitchey.api import PagePagination, flat_response, request_user, request_viewer

SLATE = inline_serializer(
    "Slate",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "status": serializers.CharField(),
        "pitch_count": serializers.IntegerField(),
    },
)
PUBLIC_SLATE = inline_serializer(
    "PublicSlate",
    {
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "creator": serializers.DictField(),
        "pitches": serializers.ListField(child=serializers.DictField()),
    },
)
LINKS = inline_serializer(
    "ShareLinks", {"links": serializers.ListField(child=serializers.DictField())}
)


def _slate_with_pitches(request: Request, slate: Slate) -> dict[str, Any]:
    """The owner's view: every entry (drafts too) as the owner sees their own cards."""
    entries = selectors.slate_entries(slate)
    cards = render_cards(request, [entry.pitch for entry in entries])
    for card, entry in zip(cards, entries, strict=True):
        card.update(
            entry_id=entry.pk,
            position=entry.position,
            added_at=entry.added_at,
            cover_image=card.get("title_image") or "",
        )
    return {**s.slate_data(slate), "pitch_count": len(cards), "pitches": cards}


class SlateListApi(APIView):
    @extend_schema(
        summary="Your slates, most recently changed first",
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
        responses=inline_serializer(
            "SlateList", {"slates": serializers.ListField(child=serializers.DictField())}
        ),
    )
    def get(self, request: Request) -> Response:
        status_filter = request.query_params.get("status", "")
        if status_filter and status_filter not in Slate.Status.values:
            raise serializers.ValidationError({"status": ["draft or published."]})
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.my_slates(request_user(request), status=status_filter), request
        )
        slates = [s.slate_data(slate) for slate in rows]
        return paginator.page_response(
            {"slates": slates, "items": slates, **paginator.list_counts()}
        )

    @extend_schema(summary="Create a slate", request=s.SlateInputSerializer, responses={201: SLATE})
    def post(self, request: Request) -> Response:
        payload = s.SlateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        slate = services.create_slate(
            owner=request_user(request), fields=dict(payload.validated_data)
        )
        data = s.slate_data(slate)
        return flat_response(
            {**data, "pitch_count": 0, "slate": {**data, "pitch_count": 0}}, status.HTTP_201_CREATED
        )


class SlateDetailApi(APIView):
    @extend_schema(summary="One of your slates with its pitches", responses=SLATE)
    def get(self, request: Request, slate_id: int) -> Response:
        slate = selectors.owned_slate_or_404(request_viewer(request), slate_id)
        return flat_response(_slate_with_pitches(request, slate))

    @extend_schema(summary="Edit your slate", request=s.SlateInputSerializer, responses=SLATE)
    def put(self, request: Request, slate_id: int) -> Response:
        slate = selectors.owned_slate_or_404(request_viewer(request), slate_id)
        payload = s.SlateInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        slate = services.update_slate(
            slate=slate, actor=request_user(request), fields=dict(payload.validated_data)
        )
        return flat_response(_slate_with_pitches(request, slate))

    patch = put

    @extend_schema(summary="Delete your slate", responses=SLATE)
    def delete(self, request: Request, slate_id: int) -> Response:
        slate = selectors.owned_slate_or_404(request_viewer(request), slate_id)
        services.delete_slate(slate=slate, actor=request_user(request))
        return flat_response({"deleted": True, "id": slate_id})


class SlatePitchesApi(APIView):
    @extend_schema(
        summary="Add one of your pitches to your slate",
        request=s.SlatePitchInputSerializer,
        responses={201: SLATE},
    )
    def post(self, request: Request, slate_id: int) -> Response:
        me = request_user(request)
        slate = selectors.owned_slate_or_404(me, slate_id)
        payload = s.SlatePitchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = pitch_selectors.owned_pitch_or_404(me, payload.validated_data["pitch_id"])
        entry = services.add_pitch_to_slate(slate=slate, actor=me, pitch=pitch)
        return flat_response(s.entry_data(entry), status.HTTP_201_CREATED)


class SlatePitchDetailApi(APIView):
    @extend_schema(summary="Take a pitch out of your slate", responses=SLATE)
    def delete(self, request: Request, slate_id: int, pitch_id: int) -> Response:
        me = request_user(request)
        slate = selectors.owned_slate_or_404(me, slate_id)
        services.remove_pitch_from_slate(slate=slate, actor=me, pitch_id=pitch_id)
        return flat_response({"success": True, "slate_id": slate.pk, "pitch_id": pitch_id})


class SlateReorderApi(APIView):
    @extend_schema(
        summary="Reorder your slate: the listed pitches first, in that order",
        request=s.ReorderInputSerializer,
        responses=SLATE,
    )
    def put(self, request: Request, slate_id: int) -> Response:
        me = request_user(request)
        slate = selectors.owned_slate_or_404(me, slate_id)
        payload = s.ReorderInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.reorder_slate(slate=slate, actor=me, pitch_ids=payload.validated_data["pitch_ids"])
        return flat_response({"success": True, **_slate_with_pitches(request, slate)})


class SlateShareLinksApi(APIView):
    @extend_schema(summary="The share links of your slate, with their views", responses=LINKS)
    def get(self, request: Request, slate_id: int) -> Response:
        me = request_user(request)
        slate = selectors.owned_slate_or_404(me, slate_id)
        links = selectors.my_links(me, kind=ShareLink.Kind.SLATE, slate=slate)
        return flat_response({"links": [s.link_data(link, request) for link in links]})

    @extend_schema(
        summary="Create a tracked share link to your slate",
        request=s.ShareLinkInputSerializer,
        responses={201: LINKS},
    )
    def post(self, request: Request, slate_id: int) -> Response:
        me = request_user(request)
        slate = selectors.owned_slate_or_404(me, slate_id)
        payload = s.ShareLinkInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        link = services.create_share_link(owner=me, slate=slate, **payload.validated_data)
        return flat_response({"link": s.link_data(link, request)}, status.HTTP_201_CREATED)


class SlateShareLinkRevokeApi(APIView):
    @extend_schema(summary="Revoke a share link of one of your slates", responses=LINKS)
    def delete(self, request: Request, link_id: int) -> Response:
        me = request_user(request)
        link = selectors.owned_link_or_404(me, link_id)
        link = services.revoke_share_link(link=link, actor=me)
        return flat_response({"success": True, "link": s.link_data(link, request)})


class PublicSlateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A published slate (the public part of its pitches)", responses=PUBLIC_SLATE
    )
    def get(self, request: Request, slate_id: int) -> Response:
        return flat_response(selectors.public_slate(selectors.published_slate_or_404(slate_id)))


class SharedSlateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="A slate through its share link (counts a view)", responses=PUBLIC_SLATE)
    def get(self, request: Request, token: str) -> Response:
        link = services.open_share_link(token=token[:64], kind=ShareLink.Kind.SLATE)
        if link.slate is None:  # the table's constraint rules it out
            raise Http404
        slate = link.slate
        return flat_response({**selectors.public_slate(slate), "share_token": link.token})
