"""Lists about the signed-in user and public counts about any user (the SPA asks for them under
/api/pitches, /api/users)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as account_selectors
from accounts.models import User
from pitches import selectors
from pitches.api.common import PAGE_PARAMS, ListEnvelope, page_response
from pitches.models import Pitch
from pitchey.api import flat_response, request_user


class FollowingPitchesApi(APIView):
    @extend_schema(
        summary="Published pitches of the creators you follow, newest first",
        parameters=PAGE_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        return page_response(request, Pitch.objects.by_creators_followed_by(request_user(request)))


class LikedPitchesApi(APIView):
    @extend_schema(
        summary="Pitches you liked that you may still see, most recently liked first",
        parameters=PAGE_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        return page_response(request, Pitch.objects.liked_by(request_user(request)))


class RecentlyViewedPitchesApi(APIView):
    @extend_schema(
        summary="Pitches you opened that you may still see, most recently viewed first",
        parameters=PAGE_PARAMS,
        responses=ListEnvelope,
    )
    def get(self, request: Request) -> Response:
        return page_response(request, Pitch.objects.viewed_by(request_user(request)))


class UserStatsApi(APIView):
    @extend_schema(
        summary="Public counts for a user: followers, following, published pitches, views, likes",
        responses=inline_serializer(
            "UserStats", {"stats": serializers.DictField(child=serializers.IntegerField())}
        ),
    )
    def get(self, request: Request, user_id: int) -> Response:
        user = get_object_or_404(User.objects.visible_to(request_user(request)), pk=user_id)
        counts = selectors.creator_stats(user, viewer=request_user(request))
        stats = {**account_selectors.follow_counts(user), **counts}
        return flat_response({"stats": stats})
