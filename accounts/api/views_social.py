"""Follows and blocks (`/api/follows/*`, `/api/users/:id/block`)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import FollowUserSerializer
from accounts.follow_targets import FOLLOW_TARGETS
from accounts.models import User
from pitchey.api import PagePagination, flat_response, request_user

COUNTS = inline_serializer(
    "FollowStats",
    {"followers": serializers.IntegerField(), "following": serializers.IntegerField()},
)
FOLLOW_STATE = inline_serializer(
    "FollowState",
    {"following": serializers.BooleanField(), "followers_count": serializers.IntegerField()},
)
USER_PARAM = OpenApiParameter("userId", int, required=False, description="Defaults to you")


def _target(user_id: Any) -> User:
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        raise serializers.ValidationError({"target_id": ["Give the id of a user."]}) from None
    return get_object_or_404(User.objects.active(), pk=pk)


def _subject(request: Request) -> User:
    raw = request.query_params.get("userId") or request.query_params.get("creatorId")
    return _target(raw) if raw else request_user(request)


class FollowInput(serializers.Serializer):
    target_id = serializers.IntegerField(required=False)
    user_id = serializers.IntegerField(required=False)
    target_type = serializers.ChoiceField(
        choices=["user", "creator", "pitch"], required=False, default="user"
    )
    type = serializers.CharField(max_length=20, required=False)
    action = serializers.ChoiceField(choices=["follow", "unfollow"], required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = attrs.get("type") or attrs.get("target_type") or "user"
        if kind not in {"user", "creator"} and kind not in FOLLOW_TARGETS:
            raise serializers.ValidationError({"target_type": [f"Cannot follow a {kind}."]})
        target = attrs.get("target_id") or attrs.get("user_id")
        if not target:
            raise serializers.ValidationError({"target_id": ["Give the id of the user to follow."]})
        attrs["target"] = target
        attrs["kind"] = "user" if kind == "creator" else kind
        return attrs


def _other_target(request: Request, data: dict[str, Any], *, follow: bool) -> Response | None:
    """Follow or unfollow a non-user target through its app's handler; None for users."""
    handler = FOLLOW_TARGETS.get(data["kind"])
    if data["kind"] == "user" or handler is None:
        return None
    return flat_response(
        handler(user=request_user(request), target_id=data["target"], follow=follow)
    )


def _follow_state(me: User, target: User) -> dict[str, Any]:
    following = selectors.is_following(me, target.pk)
    return {
        "following": following,
        "is_following": following,
        "target_id": target.pk,
        "followers_count": selectors.follow_counts(target)["followers"],
    }


class FollowActionApi(APIView):
    permission_classes = [IsAuthenticated]
    default_action = "follow"

    @extend_schema(
        summary="Follow or unfollow a user or a pitch", request=FollowInput, responses=FOLLOW_STATE
    )
    def post(self, request: Request) -> Response:
        payload = FollowInput(data=request.data)
        payload.is_valid(raise_exception=True)
        action = payload.validated_data.get("action") or self.default_action
        other = _other_target(request, payload.validated_data, follow=action == "follow")
        if other is not None:
            return other
        target = _target(payload.validated_data["target"])
        if action == "follow":
            services.follow_user(follower=request_user(request), target=target)
        else:
            services.unfollow_user(follower=request_user(request), target=target)
        return flat_response(_follow_state(request_user(request), target))


class UnfollowApi(FollowActionApi):
    default_action = "unfollow"


class FollowCollectionApi(FollowActionApi):
    """`GET` the people you follow, `POST` follow, `DELETE` unfollow."""

    @extend_schema(
        summary="The users you follow",
        responses=inline_serializer("MyFollowing", {"following": FollowUserSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        return FollowingListApi.list(
            request, selectors.following_of(request_user(request)), "following"
        )

    @extend_schema(
        summary="Unfollow a user or a pitch", request=FollowInput, responses=FOLLOW_STATE
    )
    def delete(self, request: Request) -> Response:
        payload = FollowInput(data=request.data)
        payload.is_valid(raise_exception=True)
        other = _other_target(request, payload.validated_data, follow=False)
        if other is not None:
            return other
        target = _target(payload.validated_data["target"])
        services.unfollow_user(follower=request_user(request), target=target)
        return flat_response(_follow_state(request_user(request), target))


class FollowersListApi(APIView):
    permission_classes = [IsAuthenticated]

    @staticmethod
    def list(request: Request, queryset: Any, key: str) -> Response:
        paginator = PagePagination(results_key=key)
        page = paginator.paginate_queryset(queryset, request)
        response = paginator.get_paginated_response(FollowUserSerializer(page, many=True).data)
        response.flat = True  # type: ignore[attr-defined]
        return response

    @extend_schema(
        summary="Followers of a user",
        parameters=[USER_PARAM],
        responses=inline_serializer(
            "Followers",
            {"followers": FollowUserSerializer(many=True), "total": serializers.IntegerField()},
        ),
    )
    def get(self, request: Request) -> Response:
        return self.list(request, selectors.followers_of(_subject(request)), "followers")


class FollowingListApi(FollowersListApi):
    @extend_schema(
        summary="Users a user follows",
        parameters=[USER_PARAM],
        responses=inline_serializer(
            "Following",
            {"following": FollowUserSerializer(many=True), "total": serializers.IntegerField()},
        ),
    )
    def get(self, request: Request) -> Response:
        return self.list(request, selectors.following_of(_subject(request)), "following")


class FollowListApi(FollowersListApi):
    @extend_schema(
        summary="Followers or following (`type`) as a plain list",
        parameters=[USER_PARAM, OpenApiParameter("type", str, enum=["followers", "following"])],
        responses=FollowUserSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("type", "following")
        if kind not in {"followers", "following"}:
            raise serializers.ValidationError({"type": ["Choose followers or following."]})
        subject = _subject(request)
        queryset = (
            selectors.followers_of(subject)
            if kind == "followers"
            else selectors.following_of(subject)
        )
        paginator = PagePagination(results_key=kind)
        page = paginator.paginate_queryset(queryset, request)
        response = Response(FollowUserSerializer(page, many=True).data)
        response.pagination = paginator.pagination_meta()  # type: ignore[attr-defined]
        return response


class FollowStatsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Follower and following counts", parameters=[USER_PARAM], responses=COUNTS
    )
    def get(self, request: Request) -> Response:
        counts = selectors.follow_counts(_subject(request))
        return flat_response(
            {
                **counts,
                "stats": counts,
                "followers_count": counts["followers"],
                "following_count": counts["following"],
            }
        )


class FollowSuggestionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="People to follow",
        parameters=[OpenApiParameter("limit", int, required=False)],
        responses=inline_serializer(
            "FollowSuggestions", {"users": FollowUserSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        try:
            limit = min(max(int(request.query_params.get("limit", 10)), 1), 50)
        except ValueError:
            raise serializers.ValidationError({"limit": ["Must be an integer."]}) from None
        users = selectors.follow_suggestions(request_user(request), limit=limit)
        return flat_response({"users": FollowUserSerializer(users, many=True).data})


class FollowCheckStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    class FollowCheckStatusInput(serializers.Serializer):
        user_ids = serializers.ListField(child=serializers.IntegerField(), max_length=200)

    @extend_schema(
        summary="Whether you follow each of the given users",
        request=FollowCheckStatusInput,
        responses=inline_serializer("FollowStatus", {"statuses": serializers.DictField()}),
    )
    def post(self, request: Request) -> Response:
        payload = self.FollowCheckStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        ids = payload.validated_data["user_ids"]
        followed = selectors.followed_ids_among(request_user(request), ids)
        statuses = {str(pk): pk in followed for pk in ids}
        return Response(statuses)


class BlockApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Block a user",
        request=None,
        responses=inline_serializer("Blocked", {"blocked": serializers.BooleanField()}),
    )
    def post(self, request: Request, user_id: int) -> Response:
        target = get_object_or_404(User.objects.active(), pk=user_id)
        services.block_user(blocker=request_user(request), target=target)
        return flat_response({"blocked": True, "user_id": target.pk})

    @extend_schema(
        summary="Unblock a user",
        request=None,
        responses=inline_serializer("Unblocked", {"blocked": serializers.BooleanField()}),
    )
    def delete(self, request: Request, user_id: int) -> Response:
        target = get_object_or_404(User, pk=user_id)
        services.unblock_user(blocker=request_user(request), target=target)
        return flat_response({"blocked": False, "user_id": target.pk})


class UnblockApi(BlockApi):
    @extend_schema(
        summary="Unblock a user",
        request=None,
        responses=inline_serializer("Unblocked2", {"blocked": serializers.BooleanField()}),
    )
    def post(self, request: Request, user_id: int) -> Response:
        return self.delete(request, user_id)


class BlockedListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Users you have blocked",
        responses=inline_serializer("BlockedUsers", {"users": FollowUserSerializer(many=True)}),
    )
    def get(self, request: Request) -> Response:
        users = selectors.blocked_users(request_user(request), limit=500)
        return flat_response(
            {"users": FollowUserSerializer(users, many=True).data, "total": len(users)}
        )
