"""Wire shapes of accounts: the SPA's auth user object, profiles, settings, sessions, follows."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers

from accounts.models import User, UserSession
from accounts.services import profile as profile_services
from pitchey.storage import signed_url

PERMISSIONS: dict[str, list[str]] = {
    "creator": ["pitch:create", "pitch:edit", "pitch:publish", "nda:review", "message:send"],
    "investor": ["pitch:view", "nda:request", "investment:create", "message:send"],
    "production": ["pitch:view", "nda:request", "deal:create", "message:send"],
    "watcher": ["pitch:view", "pitch:like", "follow:create"],
    "admin": ["admin:access", "user:manage", "content:moderate"],
}
COMPANY_TYPES = {User.Type.INVESTOR, User.Type.PRODUCTION}


def profile_image_of(user: User) -> str | None:
    if user.avatar_file:
        return signed_url(user.avatar_file, max_age=settings.PUBLIC_SIGNED_URL_MAX_AGE)
    return user.profile_image_url or user.avatar_url or None


class AuthUserSerializer(serializers.Serializer):
    """The user object of `/api/auth/*` responses (`id` is a string there)."""

    id = serializers.SerializerMethodField()
    email = serializers.EmailField()
    name = serializers.CharField(source="display_name")
    username = serializers.CharField()
    user_type = serializers.CharField(source="portal")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    bio = serializers.CharField()
    company_name = serializers.CharField()
    profile_image = serializers.SerializerMethodField()
    subscription_tier = serializers.CharField()
    permissions = serializers.SerializerMethodField()
    email_verified = serializers.BooleanField()
    company_verified = serializers.BooleanField()
    two_factor_enabled = serializers.BooleanField()
    identity_verified = serializers.BooleanField()
    identity_verified_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_id(self, user: User) -> str:
        return str(user.pk)

    def get_profile_image(self, user: User) -> str | None:
        return profile_image_of(user)

    def get_permissions(self, user: User) -> list[str]:
        return PERMISSIONS.get(user.portal, [])


class ProfileSerializer(AuthUserSerializer):
    """The user's own profile: every field they may edit."""

    id = serializers.IntegerField()  # type: ignore[assignment]
    phone = serializers.CharField()
    location = serializers.CharField()
    website = serializers.CharField()
    company_website = serializers.CharField()
    company_address = serializers.CharField()
    company_number = serializers.CharField()
    last_login = serializers.DateTimeField(allow_null=True)


class ProfileUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    username = serializers.RegexField(
        r"^[A-Za-z0-9_.-]{3,30}$",
        required=False,
        error_messages={"invalid": "Use 3-30 letters, digits, dots, dashes or underscores."},
    )
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.RegexField(
        r"^[0-9+() .-]{0,20}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "Enter a phone number (digits, spaces, + ( ) - .)."},
    )
    website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    company_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    company_website = serializers.URLField(max_length=500, required=False, allow_blank=True)
    company_address = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    company_number = serializers.CharField(max_length=100, required=False, allow_blank=True)


class PublicUserSerializer(serializers.Serializer):
    """What anybody may see of a user; company fields only for investors and production."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    user_type = serializers.CharField(source="portal")
    profile_image = serializers.SerializerMethodField()
    identity_verified = serializers.BooleanField()

    def get_profile_image(self, user: User) -> str | None:
        return profile_image_of(user)

    def to_representation(self, user: User) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(user)
        privacy = profile_services.privacy_settings(user)
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        is_self = viewer is not None and viewer.is_authenticated and viewer.pk == user.pk
        if privacy["profile_visibility"] == "private" and not is_self:
            data["is_private"] = True
            return data
        data.update(
            first_name=user.first_name,
            last_name=user.last_name,
            bio=user.bio,
            website=user.website,
            location=user.location if privacy["show_location"] else "",
            created_at=user.created_at.isoformat(),
            is_private=False,
        )
        if privacy["show_email"]:
            data["email"] = user.email
        if user.user_type in COMPANY_TYPES:
            data.update(
                company_name=user.company_name,
                company_website=user.company_website,
                company_verified=user.company_verified,
            )
        for key in ("followers_count", "following_count"):
            if hasattr(user, key):
                data[key] = getattr(user, key)
        return data


class FollowUserSerializer(PublicUserSerializer):
    followed_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, user: User) -> dict[str, Any]:
        return {
            "id": user.pk,
            "username": user.username,
            "name": user.display_name,
            "user_type": user.portal,
            "profile_image": profile_image_of(user),
            "company_name": user.company_name if user.user_type in COMPANY_TYPES else "",
            "followed_at": getattr(user, "followed_at", None),
        }


class SessionSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = UserSession
        fields = [
            "id",
            "device",
            "user_agent",
            "ip_address",
            "created_at",
            "last_seen_at",
            "current",
        ]

    def get_current(self, session: UserSession) -> bool:
        return bool(self.context.get("current_session_id") == session.pk)


class SettingsSerializer(serializers.Serializer):
    notifications = serializers.DictField()
    privacy = serializers.DictField()
    security = serializers.DictField()


def settings_payload(user: User) -> dict[str, Any]:
    groups = {
        "notifications": profile_services.notification_settings(user),
        "privacy": profile_services.privacy_settings(user),
        "security": profile_services.security_settings(user),
    }
    return {"settings": groups, **groups}


class SettingsUpdateSerializer(serializers.Serializer):
    notifications = serializers.DictField(required=False)
    privacy = serializers.DictField(required=False)
    security = serializers.DictField(required=False)
    session_timeout = serializers.IntegerField(required=False, min_value=5, max_value=43200)
    email_notifications = serializers.BooleanField(required=False)
    login_alerts = serializers.BooleanField(required=False)


class NotificationPreferencesSerializer(serializers.Serializer):
    email_notifications = serializers.BooleanField(required=False)
    nda_requests = serializers.BooleanField(required=False)
    messages = serializers.BooleanField(required=False)
    pitch_updates = serializers.BooleanField(required=False)
    investments = serializers.BooleanField(required=False)
    followers = serializers.BooleanField(required=False)
    marketing = serializers.BooleanField(required=False)
    frequency = serializers.ChoiceField(choices=User.Frequency.choices, required=False)
