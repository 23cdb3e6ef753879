"""Identity verification (A9): start a session at the provider, and read its outcome back when
the person returns. The SPA's card reads `data.url` from start and `data.verified`,
`data.status` from refresh."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.identity import services
from pitchey.api import request_user
from pitchey.origins import origin_trusted

RETURN_MARK = "identity=return"

IDENTITY_STATE = inline_serializer(
    "IdentityState",
    {
        "verified": serializers.BooleanField(),
        "status": serializers.CharField(),
        "verified_at": serializers.DateTimeField(allow_null=True),
        "last_error_code": serializers.CharField(),
        "available": serializers.BooleanField(),
        "sandbox": serializers.BooleanField(),
    },
)
IDENTITY_STARTED = inline_serializer(
    "IdentityStarted",
    {
        "url": serializers.URLField(),
        "redirect_url": serializers.URLField(),
        "status": serializers.CharField(),
        "verified": serializers.BooleanField(),
        "verification_id": serializers.IntegerField(),
        "sandbox": serializers.BooleanField(),
    },
)


def spa_return_url(request: Request) -> str:
    """Back to the page the SPA called from (its Referer, when that origin is trusted), else its
    settings page, marked so the card re-checks the status."""
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    if origin and origin_trusted(origin, host=request.get_host(), secure=request.is_secure()):
        return f"{origin}{parts.path or '/'}?{RETURN_MARK}"
    portal = request_user(request).portal
    path = "/watcher/settings" if portal == "watcher" else f"/{portal}/settings/profile"
    return f"{settings.FRONTEND_URL}{path}?{RETURN_MARK}"


class IdentityStartApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Start identity verification; returns the provider's URL to send the user to",
        request=None,
        responses={201: IDENTITY_STARTED},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        attempt, url = services.start_verification(
            user=user,
            return_url=spa_return_url(request),
            site_base=request.build_absolute_uri("/").rstrip("/"),
        )
        state = services.identity_state(user, attempt)
        data = {**state, "url": url, "redirect_url": url, "verification_id": attempt.pk}
        return Response(data, status=201)


class IdentityRefreshApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Read the outcome of the last identity verification from the provider",
        request=None,
        responses=IDENTITY_STATE,
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        attempt = services.refresh_verification(user=user)
        return Response(services.identity_state(user, attempt))
