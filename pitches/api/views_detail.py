"""One pitch: reading it (counts a view), editing, publishing, deleting; the creator's own list;
its characters."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import access, selectors, services
from pitches import cache as list_cache
from pitches.api import serializers as s
from pitches.api.card_rows import CARD_COLUMNS, COUNTERS, counters, row_stamp
from pitches.api.common import DELETED, Envelope, conditional, pitch_list, render_detail
from pitches.models import Character, Pitch
from pitches.viewers import anonymous_view_key
from pitchey.api import (
    camelize,
    flat_response,
    request_user,
    request_viewer,
    to_camel,
)
from pitchey.rendered import prerendered_response, rendered_data


def _reloaded(pitch: Pitch) -> Pitch:
    return Pitch.objects.for_detail().get(pk=pitch.pk)


def _update(request: Request, key: str) -> Response:
    pitch = selectors.owned_pitch_or_404(request_viewer(request), key)
    payload = s.PitchUpdateSerializer(data=request.data, partial=True)
    payload.is_valid(raise_exception=True)
    pitch = services.update_pitch(
        pitch=pitch, actor=request_user(request), **payload.to_service_args()
    )
    return flat_response({"pitch": render_detail(request, _reloaded(pitch))})


def _pitch_response(request: Request, pitch: Pitch, *, force_public: bool = False) -> Response:
    """One pitch as the SPA reads it: the pitch's keys in `data` (PitchService.getById reads
    `data` as the pitch), the same under `data.pitch` and `pitch` (our callers and the axios
    ones), and the viewer's NDA keys (`hasNDA`, `hasSignedNDA`, `ndaStatus`)."""
    return _respond(_pitch_data(request, pitch, force_public=force_public))


def _pitch_data(request: Request, pitch: Pitch, *, force_public: bool = False) -> dict[str, Any]:
    detail = render_detail(request, pitch, force_public=force_public)
    detail.update(access.viewer_nda_keys(request_viewer(request), pitch))
    return {**detail, "pitch": detail}


def _respond(data: dict[str, Any]) -> Response:
    return flat_response(data, only=("pitch",))


def _pitch_read(request: Request, pitch: Pitch, *, force_public: bool = False) -> HttpResponseBase:
    """A read of one pitch, with its ETag and Last-Modified (304 to a current copy)."""
    data = _pitch_data(request, pitch, force_public=force_public)
    return conditional(request, data, _respond, modified=pitch.updated_at.timestamp())


def read_pitch(request: Request, key: str, *, force_public: bool = False) -> HttpResponseBase:
    """One pitch read (a published one counts a view); `force_public`: published pitches only,
    their public part to everyone. The row is read with the card's columns only, and with the
    viewer's grant and NDA keys in the same query; a viewer without a grant on it gets the public
    part cached (rendered) for their audience class with the row's counters and their NDA keys
    laid over it (the cached part and the view's dedupe keys in one Redis round trip), anyone
    else the full rendering."""
    viewer = request_viewer(request)
    pitch = selectors.readable_pitch(viewer, key, columns=CARD_COLUMNS, published=force_public)
    if pitch is None:
        raise Http404
    session_key = anonymous_view_key(request)
    audience = access.audience(viewer)
    confidential, nda_keys = access.confidential_and_nda_keys(viewer, pitch)
    confidential = confidential and not force_public
    if audience is None or confidential or not pitch.is_published:
        if pitch.is_published:
            services.record_view(pitch=pitch, user=viewer, session_key=session_key)
        full = Pitch.objects.for_detail().get(pk=pitch.pk)
        return _pitch_read(request, full, force_public=force_public)
    dedupe = services.view_keys(pitch=pitch, user=viewer, session_key=session_key)
    version, entry, seen = list_cache.cached_detail(pitch.pk, audience, also=dedupe)
    services.record_view(pitch=pitch, user=viewer, session_key=session_key, seen=seen)
    if entry is None or entry.version != version or entry.stamp != row_stamp(pitch):
        full = Pitch.objects.for_detail().get(pk=pitch.pk)
        data = camelize(render_detail(request, full, force_public=True))
        shown = tuple(to_camel(name) for name in COUNTERS if to_camel(name) in data)
        body = rendered_data({k: v for k, v in data.items() if k not in shown})
        entry = list_cache.Detail(
            version=version,
            stamp=row_stamp(full),
            body=body,
            counters=shown,
            etag=list_cache.etag_of(data),
        )
        list_cache.keep_detail(pitch.pk, audience, entry)
    overlay = {k: v for k, v in counters(pitch).items() if k in entry.counters}
    overlay.update(nda_keys)
    etag = list_cache.etag_of([entry.etag, overlay])
    last_modified = int(pitch.updated_at.timestamp())
    response = get_conditional_response(request._request, etag=etag, last_modified=last_modified)
    if response is None:
        detail = entry.body[:-1] + b"," + rendered_data(overlay)[1:]
        data = detail[:-1] + b',"pitch":' + detail + b"}"
        response = prerendered_response(request, data, top={"pitch": detail})
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Last-Modified"] = http_date(last_modified)
    return response


class PitchDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(summary="A pitch by id or slug (counts a view)", responses=Envelope)
    def get(self, request: Request, key: str) -> HttpResponseBase:
        return read_pitch(request, key)

    @extend_schema(summary="Edit your pitch", request=s.PitchUpdateSerializer, responses=Envelope)
    def put(self, request: Request, key: str) -> Response:
        return _update(request, key)

    @extend_schema(
        summary="Edit your pitch (partial)", request=s.PitchUpdateSerializer, responses=Envelope
    )
    def patch(self, request: Request, key: str) -> Response:
        return _update(request, key)

    @extend_schema(summary="Delete your pitch", responses=DELETED)
    def delete(self, request: Request, key: str) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), key)
        pitch_id = pitch.pk
        services.delete_pitch(pitch=pitch, actor=request_user(request))
        return flat_response({"deleted": True, "id": pitch_id})


class PublicPitchDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The public view of a pitch by id or slug (counts a view)",
        operation_id="pitches_public_detail",
        responses=Envelope,
    )
    def get(self, request: Request, key: str) -> HttpResponseBase:
        return read_pitch(request, key, force_public=True)


class CreatorPitchApi(APIView):
    @extend_schema(summary="Edit your pitch", request=s.PitchUpdateSerializer, responses=Envelope)
    def put(self, request: Request, pitch_id: int) -> Response:
        return _update(request, str(pitch_id))

    @extend_schema(summary="Delete your pitch", responses=DELETED)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        services.delete_pitch(pitch=pitch, actor=request_user(request))
        return flat_response({"deleted": True, "id": pitch_id})


class PitchPublishApi(APIView):
    action = "publish"

    @extend_schema(
        summary="Publish, archive or unarchive your pitch", request=None, responses=Envelope
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        service = {
            "publish": services.publish_pitch,
            "archive": services.archive_pitch,
            "unarchive": services.unarchive_pitch,
        }[self.action]
        pitch = service(pitch=pitch, actor=request_user(request))
        return flat_response({"pitch": render_detail(request, _reloaded(pitch))})


class CreatorPitchListApi(APIView):
    @extend_schema(
        summary="Your pitches with status tabs and counts",
        parameters=[OpenApiParameter("status", str, required=False)],
        responses=inline_serializer(
            "CreatorPitches",
            {
                "pitches": s.PitchCardSerializer(many=True),
                "counts": serializers.DictField(),
                "total": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", "all") or "all"
        if wanted != "all" and wanted not in Pitch.Status.values:
            raise serializers.ValidationError({"status": ["Unknown status."]})
        counts = selectors.status_counts(request.user)
        data, _ = pitch_list(
            request,
            selectors.creator_pitches(request.user, status=wanted),
            ids_first=False,
            total=counts[wanted],
            keys=("pitches",),
        )
        return flat_response({**data, "counts": counts})


class CharacterListApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="A pitch's characters (protected unless the creator shows them)",
        responses=s.CharacterSerializer(many=True),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, pitch_id)
        allowed = pitch.shows("show_characters") or access.can_view_confidential(viewer, pitch)
        characters = (
            s.CharacterSerializer(pitch.characters.all(), many=True).data if allowed else []
        )
        return flat_response({"characters": characters, "restricted": not allowed})

    @extend_schema(
        summary="Add a character",
        request=s.CharacterInputSerializer,
        responses={201: s.CharacterSerializer},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        payload = s.CharacterInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        character = services.add_character(
            pitch=pitch, actor=request_user(request), fields=dict(payload.validated_data)
        )
        return flat_response(
            {"character": s.CharacterSerializer(character).data}, status.HTTP_201_CREATED
        )


class CharacterDetailApi(APIView):
    def _character(self, request: Request, pitch_id: int, character_id: int) -> Character:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        return get_object_or_404(pitch.characters.select_related("pitch"), pk=character_id)

    @extend_schema(
        summary="Edit a character",
        request=s.CharacterInputSerializer,
        responses=s.CharacterSerializer,
    )
    def put(self, request: Request, pitch_id: int, character_id: int) -> Response:
        character = self._character(request, pitch_id, character_id)
        payload = s.CharacterInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        fields = {k: v for k, v in payload.validated_data.items() if k in request.data}
        character = services.update_character(
            character=character, actor=request_user(request), fields=fields
        )
        return flat_response({"character": s.CharacterSerializer(character).data})

    @extend_schema(summary="Delete a character", responses=DELETED)
    def delete(self, request: Request, pitch_id: int, character_id: int) -> Response:
        services.delete_character(
            character=self._character(request, pitch_id, character_id),
            actor=request_user(request),
        )
        return flat_response({"deleted": True, "id": character_id})


class CharacterReorderApi(APIView):
    @extend_schema(
        summary="Reorder characters",
        request=s.ReorderSerializer,
        responses=s.CharacterSerializer(many=True),
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        payload = s.ReorderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ordered = services.reorder_characters(
            pitch=pitch,
            actor=request_user(request),
            ordered_ids=payload.validated_data["character_ids"],
        )
        return flat_response({"characters": s.CharacterSerializer(ordered, many=True).data})
