"""Own profile and settings, avatar, export, deletion, and public profiles."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api.serializers import (
    FollowUserSerializer,
    NotificationPreferencesSerializer,
    ProfileSerializer,
    ProfileUpdateSerializer,
    PublicUserSerializer,
    SettingsSerializer,
    SettingsUpdateSerializer,
    settings_payload,
)
from accounts.authentication import erase_session_cookies
from accounts.services import profile as profile_services
from pitchey.api import CamelCaseMultiPartParser, PagePagination, flat_response, request_user

PROFILE_OUT = inline_serializer("ProfileResponse", {"user": ProfileSerializer()})
PUBLIC_OUT = inline_serializer("PublicProfileResponse", {"user": PublicUserSerializer()})


class ProfileApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="The user's own profile", responses=PROFILE_OUT)
    def get(self, request: Request) -> Response:
        return flat_response({"user": ProfileSerializer(request_user(request)).data})

    @extend_schema(
        summary="Update the user's own profile",
        request=ProfileUpdateSerializer,
        responses=PROFILE_OUT,
    )
    def put(self, request: Request) -> Response:
        payload = ProfileUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.update_profile(user=request_user(request), data=payload.validated_data)
        return flat_response({"user": ProfileSerializer(user).data})

    @extend_schema(
        summary="Update part of the user's own profile",
        request=ProfileUpdateSerializer,
        responses=PROFILE_OUT,
    )
    def patch(self, request: Request) -> Response:
        return self.put(request)


class SettingsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Notification, privacy and security settings",
        responses=inline_serializer("SettingsResponse", {"settings": SettingsSerializer()}),
    )
    def get(self, request: Request) -> Response:
        return flat_response(settings_payload(request_user(request)))

    @extend_schema(
        summary="Update settings (groups are merged)",
        request=SettingsUpdateSerializer,
        responses=inline_serializer("SettingsUpdated", {"settings": SettingsSerializer()}),
    )
    def put(self, request: Request) -> Response:
        payload = SettingsUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        notifications = dict(data.get("notifications") or {})
        security = dict(data.get("security") or {})
        if "email_notifications" in data:
            notifications["email_notifications"] = data["email_notifications"]
        for key in ("session_timeout", "login_alerts"):
            if key in data:
                security[key] = data[key]
        user = services.update_settings(
            user=request_user(request),
            notifications=notifications,
            privacy=data.get("privacy"),
            security=security,
        )
        return flat_response(settings_payload(user))

    @extend_schema(
        summary="Update settings (groups are merged)",
        request=SettingsUpdateSerializer,
        responses=inline_serializer("SettingsPatched", {"settings": SettingsSerializer()}),
    )
    def patch(self, request: Request) -> Response:
        return self.put(request)


class NotificationPreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Notification preferences",
        responses=inline_serializer("Prefs", {"preferences": serializers.DictField()}),
    )
    def get(self, request: Request) -> Response:
        prefs = profile_services.notification_settings(request_user(request))
        return flat_response({"preferences": prefs})

    @extend_schema(
        summary="Update notification preferences",
        request=NotificationPreferencesSerializer,
        responses=inline_serializer("PrefsOut", {"preferences": serializers.DictField()}),
    )
    def put(self, request: Request) -> Response:
        payload = NotificationPreferencesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.update_notification_preferences(
            user=request_user(request), data=payload.validated_data
        )
        return flat_response({"preferences": profile_services.notification_settings(user)})

    post = put  # the SPA saves preferences with POST


class AvatarApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [CamelCaseMultiPartParser, MultiPartParser]
    throttle_scope = "upload"

    class AvatarInput(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        summary="Upload a profile picture (PNG, JPEG, GIF or WebP)",
        request={"multipart/form-data": AvatarInput},
        responses=PROFILE_OUT,
    )
    def post(self, request: Request) -> Response:
        payload = self.AvatarInput(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        user = services.set_avatar(user=request_user(request), upload=upload, size=upload.size)
        data = ProfileSerializer(user).data
        return flat_response({"user": data, "profile_image": data["profile_image"]})


class AccountDeleteApi(APIView):
    permission_classes = [IsAuthenticated]

    class AccountDeleteInput(serializers.Serializer):
        password = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
        confirmation = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        summary="Delete (anonymise) the account and end every session",
        request=AccountDeleteInput,
        responses=inline_serializer("Deleted", {"success": serializers.BooleanField()}),
    )
    def delete(self, request: Request) -> Response:
        payload = self.AccountDeleteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        services.delete_account(user=request_user(request), **payload.validated_data)
        response = flat_response({"message": "Your account has been deleted."})
        erase_session_cookies(request._request, response)
        return response


class AccountExportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Export the user's own data as JSON",
        responses=inline_serializer("Export", {"profile": serializers.DictField()}),
    )
    def get(self, request: Request) -> Response:
        response = flat_response(selectors.export_user_data(request_user(request)))
        response["Content-Disposition"] = 'attachment; filename="pitchey-export.json"'
        return response


class PublicProfileApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="A user's public profile by id", responses=PUBLIC_OUT)
    def get(self, request: Request, user_id: int) -> Response:
        user = get_object_or_404(selectors.users_with_follow_counts(), pk=user_id)
        return flat_response(
            {"user": PublicUserSerializer(user, context={"request": request}).data}
        )


class PublicProfileByUsernameApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="A user's public profile by username", responses=PUBLIC_OUT)
    def get(self, request: Request, username: str) -> Response:
        user = get_object_or_404(selectors.users_with_follow_counts(), Q(username__iexact=username))
        return flat_response(
            {"user": PublicUserSerializer(user, context={"request": request}).data}
        )


class UserSearchApi(APIView):
    permission_classes = [AllowAny]

    class Params(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
        user_type = serializers.ChoiceField(
            choices=["", "creator", "investor", "production", "watcher"],
            required=False,
            default="",
        )
        verified = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        summary="Find people by name, username or company",
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("userType", str),
            OpenApiParameter("verified", bool),
            OpenApiParameter("limit", int),
            OpenApiParameter("offset", int),
        ],
        responses=inline_serializer(
            "UserSearch",
            {"users": FollowUserSerializer(many=True), "total": serializers.IntegerField()},
        ),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params
        params = self.Params(
            data={
                "q": query.get("q", "").strip(),
                "user_type": query.get("userType", query.get("user_type", "")),
                "verified": query.get("verified") or False,
            }
        )
        params.is_valid(raise_exception=True)
        users = selectors.search_users(request.user, **params.validated_data)
        paginator = PagePagination(results_key="users")
        page = paginator.paginate_queryset(users, request)
        response = paginator.get_paginated_response(FollowUserSerializer(page, many=True).data)
        response.flat = True  # type: ignore[attr-defined]
        return response
