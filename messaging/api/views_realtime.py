"""Whether the real-time channel can be served now (the SPA's presence fallback asks before it
opens a socket, and polls instead when the answer is no)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response
from pitchey.health import CHANNEL_CACHE_SECONDS, channel_layer_available


class WsHealthApi(APIView):
    @extend_schema(
        summary="Whether the WebSocket can be served: the channel layer (Redis) answers a "
        f"roundtrip (checked at most every {CHANNEL_CACHE_SECONDS:g} s per process)",
        responses=inline_serializer(
            "WsHealth",
            {
                "websocket_available": serializers.BooleanField(),
                "fallback": serializers.CharField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        available = channel_layer_available()
        return flat_response(
            {"websocket_available": available, "fallback": "none" if available else "polling"}
        )
