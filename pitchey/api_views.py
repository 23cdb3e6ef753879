from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class VersionApi(APIView):
    """The API version (also a minimal endpoint that benchmarks compare against)."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        summary="API version",
        responses=inline_serializer(
            "Version", {"version": serializers.CharField(), "debug": serializers.BooleanField()}
        ),
    )
    def get(self, request: Request) -> Response:
        return Response({"version": "1.0.0", "debug": settings.DEBUG})
