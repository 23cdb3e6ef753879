from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from accounts.models import Follow, User
from pitches import access, config, selectors, services
from pitches import cache as list_cache
from pitches.api import serializers as s
from pitches.models import Character, Pitch, PitchDocument, PitchMedia, SavedPitch
from pitchey.api import (
    PagePagination,
    client_ip,
    flat_response,
    pagination_meta,
    request_user,
    to_snake,
)
from pitchey.storage import signed_url

PUBLIC_DOCUMENT_MAX_AGE = 3600
PRIVATE_DOCUMENT_MAX_AGE = 300

Envelope = inline_serializer("PitchEnvelope", {"pitch": s.PitchDetailSerializer()})
ListEnvelope = inline_serializer(
    "PitchList",
    {
        "pitches": s.PitchCardSerializer(many=True),
        "items": s.PitchCardSerializer(many=True),
        "total": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "limit": serializers.IntegerField(),
        "total_pages": serializers.IntegerField(),
    },
)
DELETED = inline_serializer(
    "Deleted", {"deleted": serializers.BooleanField(), "id": serializers.IntegerField()}
)
FLAG = inline_serializer(
    "EngagementFlag", {"active": serializers.BooleanField(), "count": serializers.IntegerField()}
)
LIST_PARAMS = [
    OpenApiParameter(name, str, required=False)
    for name in ("q", "search", "tab", "genre", "format", "budget", "stage", "seekingInvestment", "sort", "order", "page", "limit")
]  # fmt: skip


_me = request_user


def _user(request: Request) -> Any:
    return request.user if request.user is not None else AnonymousUser()


def render_cards(request: Request, pitches: list[Pitch]) -> list[dict[str, Any]]:
    """Cards for a page of pitches through the protection rule (one grant query at most)."""
    ids = access.confidential_pitch_ids(_user(request), pitches)
    data = s.PitchCardSerializer(
        pitches, many=True, context={"request": request, "confidential_ids": ids}
    ).data
    return [dict(item) for item in data]


def render_detail(request: Request, pitch: Pitch, *, force_public: bool = False) -> dict[str, Any]:
    confidential = not force_public and access.can_view_confidential(_user(request), pitch)
    ids = {pitch.pk} if confidential else set()
    return dict(
        s.PitchDetailSerializer(pitch, context={"request": request, "confidential_ids": ids}).data
    )


def _page_meta(page: int, limit: int, total: int) -> dict[str, int]:
    meta = pagination_meta(page, limit, total)
    return {"total": total, "page": page, "limit": limit, "page_size": limit,
            "total_pages": meta["totalPages"]}  # fmt: skip


def list_response(data: dict[str, Any]) -> Response:
    """A page of cards: keys in `data` and at the top level, counts also in `meta.pagination`."""
    response = flat_response(data)
    response.pagination = pagination_meta(data["page"], data["limit"], data["total"])  # type: ignore[attr-defined]
    return response


def _bool_param(raw: str | None) -> bool | None:
    if raw in (None, ""):
        return None
    return str(raw).lower() in ("1", "true", "yes")


def query_params(request: Request) -> dict[str, str]:
    """Query parameters with snake_case names (the SPA sends camelCase)."""
    return {to_snake(key): str(request.query_params.get(key, "")) for key in request.query_params}


def browse_params(request: Request, *, tab: str = "") -> selectors.BrowseParams:
    q = query_params(request)
    errors: dict[str, list[str]] = {}
    chosen_tab = tab or q.get("tab", "")
    if chosen_tab and chosen_tab not in selectors.TABS:
        errors["tab"] = [f"Must be one of {', '.join(selectors.TABS)}."]
    budget = q.get("budget") or q.get("budget_range") or ""
    if budget and budget not in config.BUDGET_KEYS:
        errors["budget"] = ["Unknown budget range."]
    stage = q.get("stage") or q.get("development_stage") or ""
    if stage and stage not in config.STAGE_KEYS:
        errors["stage"] = ["Unknown development stage."]
    sort = q.get("sort") or q.get("sort_by") or ""
    if sort and selectors.SORT_ALIASES.get(sort, sort) not in {*selectors.SORTS, "popular"}:
        errors["sort"] = ["Unknown sort."]
    order = (q.get("order") or q.get("sort_order") or "").lower()
    if order and order not in ("asc", "desc"):
        errors["order"] = ["Must be asc or desc."]
    text = (q.get("q") or q.get("search") or "").strip()
    if len(text) > 200:
        errors["q"] = ["At most 200 characters."]
    if errors:
        raise serializers.ValidationError(errors)
    return selectors.BrowseParams(
        tab=chosen_tab,
        q=text,
        genre=q.get("genre", ""),
        format=q.get("format", "") or q.get("format_category", ""),
        budget=budget,
        stage=stage,
        seeking_investment=_bool_param(q.get("seeking_investment")),
        sort=sort,
        order=order,
    )


def marketplace_page(request: Request, params: selectors.BrowseParams) -> dict[str, Any]:
    """One page of the marketplace: a count, the page's ids, its rows and at most one grant query.

    Anonymous responses are cached until the next publish/edit/archive.
    """
    page, limit = PagePagination().read_params(request)

    def build() -> dict[str, Any]:
        qs = selectors.marketplace(params)
        total = qs.count()
        items = selectors.page_of(qs, page=page, limit=limit) if total else []
        cards = render_cards(request, items)
        return {"items": cards, "pitches": cards, **_page_meta(page, limit, total)}

    if request.user.is_authenticated:
        return build()
    return list_cache.cached_list("marketplace", {**params.as_dict(), "p": page, "l": limit}, build)


def _anonymous_key(request: Request) -> str:
    session_key = request.session.session_key if hasattr(request, "session") else None
    if session_key:
        return session_key
    agent = request.META.get("HTTP_USER_AGENT", "")
    return "anon:" + hashlib.sha256(f"{client_ip(request)}|{agent}".encode()).hexdigest()[:40]


def detail_queryset(request: Request) -> QuerySet[Pitch]:
    return (
        Pitch.objects.visible_to(_user(request))
        .select_related("owner")
        .prefetch_related("characters", "attachments", "documents", "media")
    )


def _visible_pitch(request: Request, key: str | int) -> Pitch:
    return selectors.visible_pitch_or_404(_user(request), key)


def _owned_pitch(request: Request, key: str | int) -> Pitch:
    pitch = selectors.find_pitch(Pitch.objects.owned_by(_user(request)), str(key))
    if pitch is None:
        raise Http404
    return pitch


# --- marketplace --------------------------------------------------------------------------


class PitchListCreateApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="Browse published pitches",
        operation_id="pitches_list",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        user_id = query_params(request).get("user_id")
        if user_id:
            return Response(self._by_creator(request, user_id))
        return Response(marketplace_page(request, browse_params(request)))

    def _by_creator(self, request: Request, user_id: str) -> dict[str, Any]:
        if not user_id.isdigit():
            raise serializers.ValidationError({"user_id": ["Must be an integer."]})
        page, limit = PagePagination().read_params(request)
        qs = Pitch.objects.published().filter(owner_id=int(user_id)).select_related("owner")
        total = qs.count()
        cards = render_cards(request, list(qs[(page - 1) * limit : page * limit]))
        return {"pitches": cards, "items": cards, **_page_meta(page, limit, total)}

    @extend_schema(
        summary="Create a draft pitch", request=s.PitchInputSerializer, responses={201: Envelope}
    )
    def post(self, request: Request) -> Response:
        payload = s.PitchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = services.create_pitch(owner=_me(request), **_create_args(payload))
        return flat_response(
            {"pitch": render_detail(request, _reload(pitch))}, status.HTTP_201_CREATED
        )


def _create_args(payload: s.PitchInputSerializer) -> dict[str, Any]:
    args = payload.to_service_args()
    return {
        "fields": args["fields"],
        "characters": args["characters"] or (),
        "attachments": args["attachments"] or (),
    }


def _reload(pitch: Pitch) -> Pitch:
    return (
        Pitch.objects.select_related("owner")
        .prefetch_related("characters", "attachments", "documents", "media")
        .get(pk=pitch.pk)
    )


class BrowseApi(APIView):
    permission_classes = [AllowAny]
    preset_tab = ""

    @extend_schema(
        summary="Marketplace tabs, filters and search",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        return list_response(marketplace_page(request, browse_params(request, tab=self.preset_tab)))


class SearchApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Full-text search of published pitches",
        parameters=LIST_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        data = marketplace_page(request, browse_params(request))
        return list_response({**data, "results": data["items"]})


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


# --- detail ---------------------------------------------------------------------------------


class PitchDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(summary="A pitch by id or slug (counts a view)", responses=Envelope)
    def get(self, request: Request, key: str) -> Response:
        pitch = selectors.find_pitch(detail_queryset(request), key)
        if pitch is None:
            raise Http404
        if pitch.is_published:
            services.record_view(
                pitch=pitch, user=_user(request), session_key=_anonymous_key(request)
            )
        return flat_response({"pitch": render_detail(request, pitch)})

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
        pitch = _owned_pitch(request, key)
        pitch_id = pitch.pk
        services.delete_pitch(pitch=pitch, actor=_me(request))
        return flat_response({"deleted": True, "id": pitch_id})


def _update(request: Request, key: str) -> Response:
    pitch = _owned_pitch(request, key)
    payload = s.PitchUpdateSerializer(data=request.data, partial=True)
    payload.is_valid(raise_exception=True)
    pitch = services.update_pitch(pitch=pitch, actor=_me(request), **payload.to_service_args())
    return flat_response({"pitch": render_detail(request, _reload(pitch))})


class PublicPitchDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="The public view of a pitch by id or slug (counts a view)",
        operation_id="pitches_public_detail",
        responses=Envelope,
    )
    def get(self, request: Request, key: str) -> Response:
        pitch = selectors.find_pitch(
            detail_queryset(request).filter(status=Pitch.Status.PUBLISHED), key
        )
        if pitch is None:
            raise Http404
        services.record_view(pitch=pitch, user=_user(request), session_key=_anonymous_key(request))
        return flat_response({"pitch": render_detail(request, pitch, force_public=True)})


class CreatorPitchApi(APIView):
    @extend_schema(summary="Edit your pitch", request=s.PitchUpdateSerializer, responses=Envelope)
    def put(self, request: Request, pitch_id: int) -> Response:
        return _update(request, str(pitch_id))

    @extend_schema(summary="Delete your pitch", responses={204: None})
    def delete(self, request: Request, pitch_id: int) -> Response:
        services.delete_pitch(pitch=_owned_pitch(request, pitch_id), actor=_me(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PitchPublishApi(APIView):
    action = "publish"

    @extend_schema(
        summary="Publish, archive or unarchive your pitch", request=None, responses=Envelope
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _owned_pitch(request, pitch_id)
        service = {
            "publish": services.publish_pitch,
            "archive": services.archive_pitch,
            "unarchive": services.unarchive_pitch,
        }[self.action]
        pitch = service(pitch=pitch, actor=_me(request))
        return flat_response({"pitch": render_detail(request, _reload(pitch))})


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
        page, limit = PagePagination().read_params(request)
        qs = (
            Pitch.objects.owned_by(request.user)
            .select_related("owner")
            .order_by("-updated_at", "-id")
        )
        if wanted != "all":
            qs = qs.filter(status=wanted)
        counts = selectors.status_counts(request.user)
        items = list(qs[(page - 1) * limit : page * limit])
        cards = render_cards(request, items)
        return flat_response(
            {"pitches": cards, "counts": counts, **_page_meta(page, limit, counts[wanted])}
        )


# --- characters ----------------------------------------------------------------------------


class CharacterListApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="A pitch's characters (protected unless the creator shows them)",
        responses=s.CharacterSerializer(many=True),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        allowed = pitch.shows("show_characters") or access.can_view_confidential(
            _user(request), pitch
        )
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
        pitch = _owned_pitch(request, pitch_id)
        payload = s.CharacterInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        character = services.add_character(
            pitch=pitch, actor=_me(request), fields=dict(payload.validated_data)
        )
        return flat_response(
            {"character": s.CharacterSerializer(character).data}, status.HTTP_201_CREATED
        )


class CharacterDetailApi(APIView):
    def _character(self, request: Request, pitch_id: int, character_id: int) -> Character:
        pitch = _owned_pitch(request, pitch_id)
        return get_object_or_404(
            Character.objects.select_related("pitch"), pitch=pitch, pk=character_id
        )

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
            character=character, actor=_me(request), fields=fields
        )
        return flat_response({"character": s.CharacterSerializer(character).data})

    @extend_schema(summary="Delete a character", responses=DELETED)
    def delete(self, request: Request, pitch_id: int, character_id: int) -> Response:
        services.delete_character(
            character=self._character(request, pitch_id, character_id), actor=_me(request)
        )
        return flat_response({"deleted": True, "id": character_id})


class CharacterReorderApi(APIView):
    @extend_schema(
        summary="Reorder characters",
        request=s.ReorderSerializer,
        responses=s.CharacterSerializer(many=True),
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _owned_pitch(request, pitch_id)
        payload = s.ReorderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        ordered = services.reorder_characters(
            pitch=pitch, actor=_me(request), ordered_ids=payload.validated_data["character_ids"]
        )
        return flat_response({"characters": s.CharacterSerializer(ordered, many=True).data})


# --- documents, media, uploads ------------------------------------------------------------------


class DocumentListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A pitch's documents you may see", responses=s.DocumentSerializer(many=True)
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        confidential = access.can_view_confidential(_user(request), pitch)
        documents = [
            d
            for d in pitch.documents.all()
            if access.document_visible(d, confidential=confidential)
        ]
        return flat_response({"documents": s.DocumentSerializer(documents, many=True).data})


class DocumentDownloadApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download a document (302 to a short-lived signed URL)", responses={302: None}
    )
    def get(self, request: Request, pitch_id: int, document_id: int) -> HttpResponseRedirect:
        pitch = _visible_pitch(request, pitch_id)
        document = get_object_or_404(PitchDocument, pitch=pitch, pk=document_id)
        user = _user(request)
        document.pitch = pitch
        public = access.document_visible(document, confidential=False)
        if not public and not access.can_view_confidential(user, pitch):
            raise Http404
        services.log_document_access(document=document, user=user, ip_address=client_ip(request))
        max_age = PUBLIC_DOCUMENT_MAX_AGE if public else PRIVATE_DOCUMENT_MAX_AGE
        key = services.served_document_key(document=document, user=user)
        url = signed_url(key, max_age=max_age, download_name=document.original_name)
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        return response


class DocumentDeleteApi(APIView):
    @extend_schema(summary="Delete one of your documents", responses={204: None})
    def delete(self, request: Request, pitch_id: int, document_id: int) -> Response:
        pitch = _owned_pitch(request, pitch_id)
        document = get_object_or_404(
            PitchDocument.objects.select_related("pitch"), pitch=pitch, pk=document_id
        )
        services.delete_document(document=document, actor=_me(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadApi(APIView):
    throttle_scope = "upload"

    @extend_schema(
        summary="Upload a document or image to your pitch (multipart)",
        request={"multipart/form-data": s.UploadSerializer},
        responses={
            201: inline_serializer(
                "Upload", {"document": s.DocumentSerializer(), "url": serializers.CharField()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = s.UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        pitch = _owned_pitch(request, data["pitch_id"])
        upload = data["file"]
        if data["document_type"] == "image":
            media = services.upload_image(
                pitch=pitch,
                actor=_me(request),
                fileobj=upload,
                name=upload.name,
                size=upload.size,
                caption=data["title"],
            )
            body = s.MediaSerializer(media).data
            return flat_response(
                {"media": body, "url": body["url"], "id": media.pk}, status.HTTP_201_CREATED
            )
        document = services.upload_document(
            pitch=pitch,
            actor=_me(request),
            fileobj=upload,
            name=upload.name,
            size=upload.size,
            document_type=data["document_type"],
            requires_nda=data["requires_nda"],
            title=data["title"],
        )
        body = s.DocumentSerializer(document).data
        return flat_response(
            {"document": body, "url": body["download_url"], "id": document.pk},
            status.HTTP_201_CREATED,
        )


class MediaCreateApi(APIView):
    @extend_schema(
        summary="Add a video link to your pitch",
        request=s.VideoLinkSerializer,
        responses={201: s.MediaSerializer},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _owned_pitch(request, pitch_id)
        payload = s.VideoLinkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        media: PitchMedia = services.add_video_link(
            pitch=pitch, actor=_me(request), **payload.validated_data
        )
        return flat_response({"media": s.MediaSerializer(media).data}, status.HTTP_201_CREATED)


# --- engagement ----------------------------------------------------------------------------


class PitchLikeApi(APIView):
    @extend_schema(summary="Like a pitch (idempotent)", request=None, responses=FLAG)
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        services.like_pitch(pitch=pitch, user=_me(request))
        return self._state(pitch, True)

    @extend_schema(summary="Unlike a pitch (idempotent)", responses=FLAG)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        services.unlike_pitch(pitch=pitch, user=_me(request))
        return self._state(pitch, False)

    @staticmethod
    def _state(pitch: Pitch, liked: bool) -> Response:
        count = Pitch.objects.values_list("like_count", flat=True).get(pk=pitch.pk)
        return flat_response({"liked": liked, "like_count": count})


PITCH_FOLLOW_STATE = inline_serializer(
    "PitchFollowState",
    {
        "following": serializers.BooleanField(),
        "is_following": serializers.BooleanField(),
        "pitch_id": serializers.IntegerField(),
        "followers_count": serializers.IntegerField(),
    },
)


class PitchFollowApi(APIView):
    """`POST` follows, `DELETE` unfollows; the SPA's `/follow` and `/unfollow` both take POST."""

    action = "follow"

    @extend_schema(summary="Follow (or, on /unfollow, unfollow) a pitch", request=None,
                   responses=PITCH_FOLLOW_STATE)  # fmt: skip
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        if self.action == "follow":
            services.follow_pitch(pitch=pitch, user=_me(request))
        else:
            services.unfollow_pitch(pitch=pitch, user=_me(request))
        return flat_response(services.pitch_follow_state(pitch=pitch, user=_me(request)))

    @extend_schema(summary="Unfollow a pitch (idempotent)", responses=PITCH_FOLLOW_STATE)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        services.unfollow_pitch(pitch=pitch, user=_me(request))
        return flat_response(services.pitch_follow_state(pitch=pitch, user=_me(request)))


class PitchFollowStatusApi(APIView):
    @extend_schema(
        summary="Whether you follow a pitch (and its creator), and how many follow the pitch",
        parameters=[OpenApiParameter("pitchId", int, required=True)],
        responses=inline_serializer(
            "PitchFollowStatus",
            {
                "is_following": serializers.BooleanField(),
                "followers_count": serializers.IntegerField(),
                "creator_id": serializers.IntegerField(),
                "following_creator": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        pitch = _visible_pitch(request, _int_query(request, "pitch_id", "pitchId"))
        me = _me(request)
        state = services.pitch_follow_state(pitch=pitch, user=me)
        following_creator = Follow.objects.filter(follower=me, following_id=pitch.owner_id)
        return flat_response(
            {
                "is_following": state["is_following"],
                "followers_count": state["followers_count"],
                "creator_id": pitch.owner_id,
                "following_creator": following_creator.exists(),
            }
        )


class PitchSaveApi(APIView):
    @extend_schema(
        summary="Save a pitch to your watchlist (idempotent)", request=None, responses=FLAG
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        saved = services.save_pitch(pitch=pitch, user=_me(request))
        return self._state(pitch, True, saved.pk)

    @extend_schema(summary="Remove a pitch from your watchlist (idempotent)", responses=FLAG)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = _visible_pitch(request, pitch_id)
        services.unsave_pitch(pitch=pitch, user=_me(request))
        return self._state(pitch, False, None)

    @staticmethod
    def _state(pitch: Pitch, saved: bool, saved_id: int | None) -> Response:
        count = Pitch.objects.values_list("save_count", flat=True).get(pk=pitch.pk)
        return flat_response({"saved": saved, "saved_id": saved_id, "save_count": count})


class SavedPitchListApi(APIView):
    @extend_schema(summary="Your saved pitches", responses=s.SavedPitchSerializer(many=True))
    def get(self, request: Request) -> Response:
        page, limit = PagePagination().read_params(request)
        qs = SavedPitch.objects.filter(
            user=_me(request), pitch__in=Pitch.objects.visible_to(request.user)
        )
        genre = request.query_params.get("genre")
        if genre:
            qs = qs.filter(pitch__genre__iexact=genre)
        total = qs.count()
        rows = list(qs.select_related("pitch__owner")[(page - 1) * limit : page * limit])
        ids = access.confidential_pitch_ids(request.user, [row.pitch for row in rows])
        context = {"request": request, "confidential_ids": ids}
        data = s.SavedPitchSerializer(rows, many=True, context=context).data
        return flat_response(
            {"saved_pitches": data, "items": data, **_page_meta(page, limit, total)}
        )

    @extend_schema(
        summary="Save a pitch",
        request=s.SaveInputSerializer,
        responses={201: s.SavedPitchSerializer},
    )
    def post(self, request: Request) -> Response:
        payload = s.SaveInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = _visible_pitch(request, payload.validated_data["pitch_id"])
        saved = services.save_pitch(
            pitch=pitch, user=_me(request), notes=payload.validated_data["notes"]
        )
        saved = SavedPitch.objects.select_related("pitch__owner").get(pk=saved.pk)
        ids = access.confidential_pitch_ids(request.user, [saved.pitch])
        body = s.SavedPitchSerializer(
            saved, context={"request": request, "confidential_ids": ids}
        ).data
        return flat_response({"saved_pitch": body}, status.HTTP_201_CREATED)


class SavedPitchDetailApi(APIView):
    @extend_schema(
        summary="Edit the notes of a saved pitch",
        request=s.NotesSerializer,
        responses=s.SavedPitchSerializer,
    )
    def put(self, request: Request, saved_id: int) -> Response:
        saved = get_object_or_404(
            SavedPitch.objects.select_related("pitch__owner"), user=_me(request), pk=saved_id
        )
        payload = s.NotesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = services.update_saved_notes(saved=saved, notes=payload.validated_data["notes"])
        ids = access.confidential_pitch_ids(request.user, [saved.pitch])
        return flat_response(
            {
                "saved_pitch": s.SavedPitchSerializer(
                    saved, context={"request": request, "confidential_ids": ids}
                ).data
            }
        )

    @extend_schema(summary="Remove a saved pitch", responses=DELETED)
    def delete(self, request: Request, saved_id: int) -> Response:
        saved = get_object_or_404(
            SavedPitch.objects.select_related("pitch"), user=_me(request), pk=saved_id
        )
        services.unsave_pitch(pitch=saved.pitch, user=_me(request))
        return flat_response({"deleted": True, "id": saved_id})


class SavedPitchCheckApi(APIView):
    @extend_schema(summary="Whether you saved a pitch", responses=FLAG)
    def get(self, request: Request, pitch_id: int) -> Response:
        saved = (
            SavedPitch.objects.filter(user=_me(request), pitch_id=pitch_id)
            .values_list("pk", flat=True)
            .first()
        )
        return flat_response({"is_saved": saved is not None, "saved_id": saved})


# --- config --------------------------------------------------------------------------------


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


# --- social reads that need pitches (the SPA asks under /api/follows, /api/users) -------------


def _int_query(request: Request, name: str, key: str) -> int:
    try:
        value = int(request.query_params.get(key, ""))
    except ValueError:
        raise serializers.ValidationError({name: ["A valid integer is required."]}) from None
    if value < 1:
        raise serializers.ValidationError({name: ["A valid integer is required."]})
    return value


class FollowingPitchesApi(APIView):
    @extend_schema(
        summary="Published pitches of the creators you follow, newest first",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        followed = Follow.objects.filter(follower=_me(request)).values("following_id")
        qs = (
            Pitch.objects.published()
            .filter(owner__in=followed, owner__is_active=True)
            .order_by("-published_at", "-id")
        )
        return _my_pitch_page(request, qs)


class SavedPitchStatsApi(APIView):
    @extend_schema(
        summary="Counts of your saved pitches",
        responses=inline_serializer(
            "SavedPitchStats",
            {
                "total": serializers.IntegerField(),
                "with_notes": serializers.IntegerField(),
                "this_week": serializers.IntegerField(),
                "by_genre": serializers.DictField(child=serializers.IntegerField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        qs = SavedPitch.objects.filter(
            user=_me(request), pitch__in=Pitch.objects.visible_to(request.user)
        )
        counts = qs.aggregate(
            total=Count("pk"),
            with_notes=Count("pk", filter=~Q(notes="")),
            this_week=Count("pk", filter=Q(created_at__gte=timezone.now() - timedelta(days=7))),
        )
        by_genre = {
            row["pitch__genre"] or "Other": row["n"]
            for row in qs.values("pitch__genre").annotate(n=Count("pk")).order_by("pitch__genre")
        }
        return flat_response({**counts, "by_genre": by_genre})


class UserStatsApi(APIView):
    @extend_schema(
        summary="Public counts for a user: followers, following, published pitches, views, likes",
        responses=inline_serializer(
            "UserStats", {"stats": serializers.DictField(child=serializers.IntegerField())}
        ),
    )
    def get(self, request: Request, user_id: int) -> Response:
        me = _me(request)
        user = get_object_or_404(User.objects.filter(is_active=True), pk=user_id)
        private = (user.privacy_settings or {}).get("profile_visibility") == "private"
        if user.pk != me.pk and (private or account_selectors.is_blocked(me, user)):
            raise Http404
        pitches = (
            Pitch.objects.published()
            .filter(owner=user)
            .aggregate(
                pitches=Count("pk"), total_views=Sum("view_count"), total_likes=Sum("like_count")
            )
        )
        stats = {
            "followers": Follow.objects.filter(following=user, follower__is_active=True).count(),
            "following": Follow.objects.filter(follower=user, following__is_active=True).count(),
            "pitches": pitches["pitches"],
            "total_views": pitches["total_views"] or 0,
            "total_likes": pitches["total_likes"] or 0,
        }
        return flat_response({"stats": stats})


def _my_pitch_page(request: Request, qs: QuerySet[Pitch]) -> Response:
    page, limit = PagePagination().read_params(request)
    total = qs.count()
    cards = render_cards(request, selectors.page_of(qs, page=page, limit=limit)) if total else []
    return list_response({"pitches": cards, "items": cards, **_page_meta(page, limit, total)})


class LikedPitchesApi(APIView):
    @extend_schema(
        summary="Pitches you liked that you may still see, most recently liked first",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        qs = (
            Pitch.objects.visible_to(_me(request))
            .filter(likes__user=_me(request))
            .annotate(liked_at=Max("likes__created_at"))
            .order_by("-liked_at", "-id")
        )
        return _my_pitch_page(request, qs)


class RecentlyViewedPitchesApi(APIView):
    @extend_schema(
        summary="Pitches you opened that you may still see, most recently viewed first",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        qs = (
            Pitch.objects.visible_to(_me(request))
            .filter(views__viewer=_me(request))
            .annotate(last_viewed=Max("views__created_at"))
            .order_by("-last_viewed", "-id")
        )
        return _my_pitch_page(request, qs)


class TopRatedStatsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Rating counts over the published marketplace",
        responses=inline_serializer(
            "TopRatedStats", {"stats": serializers.DictField(child=serializers.FloatField())}
        ),
    )
    def get(self, request: Request) -> Response:
        rated = Q(rating_count__gt=0)
        stats = Pitch.objects.published().aggregate(
            total_pitches=Count("pk"),
            rated_pitches=Count("pk", filter=rated),
            total_ratings=Sum("rating_count"),
            average_rating=Avg("rating_average", filter=rated),
        )
        stats["total_ratings"] = stats["total_ratings"] or 0
        stats["average_rating"] = round(float(stats["average_rating"] or 0), 2)
        return flat_response({"stats": stats})
