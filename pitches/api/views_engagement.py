"""Likes, pitch follows and the watchlist of saved pitches."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from pitches import access, selectors, services
from pitches.api import serializers as s
from pitches.api.common import DELETED, FLAG, int_query, render_saved
from pitches.models import SavedPitch
from pitchey.api import PagePagination, flat_response, request_user, request_viewer

PITCH_FOLLOW_STATE = inline_serializer(
    "PitchFollowState",
    {
        "following": serializers.BooleanField(),
        "is_following": serializers.BooleanField(),
        "pitch_id": serializers.IntegerField(),
        "followers_count": serializers.IntegerField(),
    },
)


class PitchLikeApi(APIView):
    @extend_schema(summary="Like a pitch (idempotent)", request=None, responses=FLAG)
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        services.like_pitch(pitch=pitch, user=request_user(request))
        return self._state(pitch.pk, True)

    @extend_schema(summary="Unlike a pitch (idempotent)", responses=FLAG)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        services.unlike_pitch(pitch=pitch, user=request_user(request))
        return self._state(pitch.pk, False)

    @staticmethod
    def _state(pitch_id: int, liked: bool) -> Response:
        count = selectors.engagement_counts(pitch_id)["like_count"]
        return flat_response({"liked": liked, "like_count": count})


class PitchFollowApi(APIView):
    """`POST` follows, `DELETE` unfollows; the SPA's `/follow` and `/unfollow` both take POST."""

    action = "follow"

    @extend_schema(
        summary="Follow (or, on /unfollow, unfollow) a pitch",
        request=None,
        responses=PITCH_FOLLOW_STATE,
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        if self.action == "follow":
            services.follow_pitch(pitch=pitch, user=me)
        else:
            services.unfollow_pitch(pitch=pitch, user=me)
        return flat_response(services.pitch_follow_state(pitch=pitch, user=me))

    @extend_schema(summary="Unfollow a pitch (idempotent)", responses=PITCH_FOLLOW_STATE)
    def delete(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        services.unfollow_pitch(pitch=pitch, user=me)
        return flat_response(services.pitch_follow_state(pitch=pitch, user=me))


class PitchFollowStatusApi(APIView):
    @extend_schema(
        summary="Whether you follow a pitch (and its creator), and how many follow the pitch",
        parameters=[OpenApiParameter("pitchId", int, required=True)],
        responses=inline_serializer(
            "PitchFollowStatus",
            {
                "is_following": serializers.BooleanField(),
                "followers_count": serializers.IntegerField(),
                "creator_id": serializers.IntegerField(allow_null=True),
                "following_creator": serializers.BooleanField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, int_query(request, "pitch_id", "pitchId"))
        state = services.pitch_follow_state(pitch=pitch, user=me)
        named = pitch.shows("show_creator_name") or access.can_view_confidential(me, pitch)
        return flat_response(
            {
                "is_following": state["is_following"],
                "followers_count": state["followers_count"],
                "creator_id": pitch.owner_id if named else None,
                "following_creator": named and account_selectors.is_following(me, pitch.owner_id),
            }
        )


class PitchSaveApi(APIView):
    @extend_schema(
        summary="Save a pitch to your watchlist (idempotent)", request=None, responses=FLAG
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        saved = services.save_pitch(pitch=pitch, user=request_user(request))
        return self._state(pitch.pk, True, saved.pk)

    @extend_schema(summary="Remove a pitch from your watchlist (idempotent)", responses=FLAG)
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        services.unsave_pitch(pitch=pitch, user=request_user(request))
        return self._state(pitch.pk, False, None)

    @staticmethod
    def _state(pitch_id: int, saved: bool, saved_id: int | None) -> Response:
        count = selectors.engagement_counts(pitch_id)["save_count"]
        return flat_response({"saved": saved, "saved_id": saved_id, "save_count": count})


class SavedPitchListApi(APIView):
    @extend_schema(summary="Your saved pitches", responses=s.SavedPitchSerializer(many=True))
    def get(self, request: Request) -> Response:
        saves = SavedPitch.objects.visible_to(request_user(request))
        genre = request.query_params.get("genre")
        if genre:
            saves = saves.filter(pitch__genre__iexact=genre)
        paginator = PagePagination()
        rows = paginator.paginate_queryset(saves.select_related("pitch__owner"), request)
        data = render_saved(request, rows, many=True)
        return flat_response({"saved_pitches": data, "items": data, **paginator.list_counts()})

    @extend_schema(
        summary="Save a pitch",
        request=s.SaveInputSerializer,
        responses={201: s.SavedPitchSerializer},
    )
    def post(self, request: Request) -> Response:
        payload = s.SaveInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, payload.validated_data["pitch_id"])
        saved = services.save_pitch(pitch=pitch, user=me, notes=payload.validated_data["notes"])
        saved = SavedPitch.objects.owned_by(me).select_related("pitch__owner").get(pk=saved.pk)
        return flat_response({"saved_pitch": render_saved(request, saved)}, status.HTTP_201_CREATED)


class SavedPitchDetailApi(APIView):
    @extend_schema(
        summary="Edit the notes of a saved pitch",
        request=s.NotesSerializer,
        responses=s.SavedPitchSerializer,
    )
    def put(self, request: Request, saved_id: int) -> Response:
        mine = SavedPitch.objects.owned_by(request_user(request))
        saved = get_object_or_404(mine.select_related("pitch__owner"), pk=saved_id)
        payload = s.NotesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        saved = services.update_saved_notes(saved=saved, notes=payload.validated_data["notes"])
        return flat_response({"saved_pitch": render_saved(request, saved)})

    @extend_schema(summary="Remove a saved pitch", responses=DELETED)
    def delete(self, request: Request, saved_id: int) -> Response:
        me = request_user(request)
        saved = get_object_or_404(
            SavedPitch.objects.owned_by(me).select_related("pitch"), pk=saved_id
        )
        services.unsave_pitch(pitch=saved.pitch, user=me)
        return flat_response({"deleted": True, "id": saved_id})


class SavedPitchCheckApi(APIView):
    @extend_schema(summary="Whether you saved a pitch", responses=FLAG)
    def get(self, request: Request, pitch_id: int) -> Response:
        saved = (
            SavedPitch.objects.owned_by(request_user(request))
            .filter(pitch_id=pitch_id)
            .values_list("pk", flat=True)
            .first()
        )
        return flat_response({"is_saved": saved is not None, "saved_id": saved})


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
        return flat_response(selectors.saved_pitch_stats(request_user(request)))
