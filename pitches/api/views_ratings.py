"""The Pitchey Score: rating a pitch, your rating, and the time you spent on it (which opens
feedback)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.api import serializers_engagement as se
from pitches.engagement import selectors as engagement_selectors
from pitches.engagement import services as engagement
from pitchey.api import flat_response, request_user, request_viewer
from pitchey.ratelimit import client_ip

RATING_STATE = inline_serializer(
    "RatingState",
    {
        "rating": serializers.IntegerField(allow_null=True),
        "pitchey_score": serializers.FloatField(),
        "rating_count": serializers.IntegerField(),
    },
)


def visitor_key(request: Request) -> str:
    """A keyed hash of a logged-out visitor's address: one anonymous rating per address."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"rating:{client_ip(request)}".encode(), hashlib.sha256).hexdigest()


def with_spa_copy(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` plus a copy under `data`: the SPA's feedback service reads `res.data.data`
    after its client has already unwrapped the envelope's `data`."""
    return {**payload, "data": dict(payload)}


def _rating_state(request: Request, pitch: Any) -> dict[str, Any]:
    viewer = request_viewer(request)
    mine = engagement_selectors.rating_of(
        pitch, user=viewer, anonymous_key="" if viewer.is_authenticated else visitor_key(request)
    )
    return {
        "rating": mine,
        "pitchey_score": float(pitch.rating_average),
        "rating_average": float(pitch.rating_average),
        "rating_count": pitch.rating_count,
    }


class PitchRateApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Rate a pitch 1-10 (once per viewer, changeable; visitors count a quarter)",
        request=se.RatingInputSerializer,
        responses={201: RATING_STATE},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, pitch_id)
        payload = se.RatingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        engagement.rate_pitch(
            pitch=pitch,
            rater=request_user(request) if viewer.is_authenticated else None,
            score=payload.validated_data["rating"],
            anonymous_key="" if viewer.is_authenticated else visitor_key(request),
        )
        pitch.refresh_from_db(fields=["rating_average", "rating_count"])
        return flat_response(with_spa_copy(_rating_state(request, pitch)), status.HTTP_201_CREATED)


class RatingStatusApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(summary="Your rating of a pitch and its Pitchey Score", responses=RATING_STATE)
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        return flat_response(with_spa_copy(_rating_state(request, pitch)))


class ConsumptionStatusApi(APIView):
    @extend_schema(
        summary="Whether you spent the 30 seconds on a pitch that open its feedback form",
        responses=inline_serializer(
            "ConsumptionStatus",
            {
                "eligible": serializers.BooleanField(),
                "view_duration": serializers.IntegerField(),
                "threshold": serializers.IntegerField(),
            },
        ),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        state = engagement.consumption_status(pitch=pitch, viewer=me)
        return flat_response(with_spa_copy(state))
