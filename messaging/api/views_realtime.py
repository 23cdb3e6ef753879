"""Whether the real-time channel can be served now (the SPA's presence fallback asks before it
opens a socket, and polls instead when the answer is no): not while staff have switched live
updates off (`real_time_updates`), nor when the channel layer does not answer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import realtime
from pitchey import runtime
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
                "reason": serializers.CharField(required=False),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        if not realtime.enabled():
            notice = runtime.FEATURE_NOTICES["real_time_updates"]
            body = {"websocket_available": False, "fallback": "polling", "reason": notice}
            return flat_response(body)
        available = channel_layer_available()
        return flat_response(
            {"websocket_available": available, "fallback": "none" if available else "polling"}
        )
