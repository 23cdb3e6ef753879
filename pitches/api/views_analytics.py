"""The rest of the analytics service's reads (section 3.4 "Analytics & reports" and the view
endpoints of C8): one pitch over a range, its funnel, engagement of a subject, this period
against the previous one, revenue, activity, who viewed a pitch and views grouped by period.
A pitch that is not yours is the same 404 as a missing one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from analytics.models import EventType
from pitches import dashboards
from pitches.dashboards import reads
from pitches.models import Pitch
from pitchey.api import flat_response, query_params, request_user

PRESETS = {"today": 1, "7d": 7, "week": 7, "30d": 30, "month": 30, "90d": 90, "quarter": 90}
PRESETS["year"] = 365
MAX_ID = 2**53


def shape(name: str, *keys: str) -> Any:
    """A response schema of named objects (their insides vary with the data)."""
    return inline_serializer(name, {key: serializers.JSONField() for key in keys})


def params(names: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, str, required=False) for name in names.split()]


class RangeSerializer(serializers.Serializer):
    """A date range as `start`/`end` (or `startDate`/`endDate`) or a `preset`; the last 30 days
    by default, at most a year back."""

    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(required=False)
    preset = serializers.ChoiceField(choices=list(PRESETS), required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = timezone.localdate()
        end = attrs.get("end") or attrs.get("end_date") or today
        start = attrs.get("start") or attrs.get("start_date")
        if start is None:
            start = end - timedelta(days=PRESETS.get(attrs.get("preset", ""), 30) - 1)
        field = "start" if "start" in attrs else "start_date"
        if start > end:
            raise serializers.ValidationError({field: ["Must not be after the end date."]})
        if start < today - timedelta(days=364):
            raise serializers.ValidationError({field: ["At most one year back."]})
        attrs["range"] = (start, min(end, today))
        return attrs


def _range(request: Request, serializer: type[RangeSerializer] = RangeSerializer) -> Any:
    checked = serializer(data=query_params(request))
    checked.is_valid(raise_exception=True)
    return checked.validated_data


def _own_pitch(user: User, pitch_id: int) -> Pitch:
    """The user's pitch (any pitch for staff); someone else's is a 404 like a missing one."""
    pitch = reads.managed_pitch(user, pitch_id)
    if pitch is None:
        raise Http404
    return pitch


def _own_pitch_param(user: User, pitch_id: int, field: str) -> Pitch:
    """The same for a pitch named in the query: a field message rather than a 404."""
    pitch = reads.managed_pitch(user, pitch_id)
    if pitch is None:
        raise serializers.ValidationError({field: ["Not one of your pitches."]})
    return pitch


class PitchRangeAnalyticsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Analytics of one of your pitches over a range (start/end or preset)",
        parameters=params("start end preset"),
        responses=shape("PitchRangeAnalytics", "analytics"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        start, end = _range(request)["range"]
        pitch = _own_pitch(request_user(request), pitch_id)
        body = dashboards.pitch_analytics(pitch, days=reads.days_between(start, end))
        body["series"] = [r for r in body["series"] if start.isoformat() <= r["date"] <= str(end)]
        body["period"] = {"start_date": start, "end_date": end}
        return Response({"analytics": body})


class PitchFunnelApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=365, default=90)

    @extend_schema(
        summary="One of your pitches' funnel: views, NDA requests, signed NDAs, investments",
        parameters=params("days"),
        responses=shape("PitchFunnel", "funnel", "stages", "conversion_rate", "period_days"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        checked = self.InputSerializer(data=query_params(request))
        checked.is_valid(raise_exception=True)
        pitch = _own_pitch(request_user(request), pitch_id)
        return Response(reads.pitch_funnel(pitch, days=checked.validated_data["days"]))


class EngagementApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(RangeSerializer):
        entity_type = serializers.ChoiceField(choices=["pitch", "creator", "user"], required=False)
        entity_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    @extend_schema(
        summary="Engagement of one of your pitches, of your pitches together, or of your own "
        "actions over a range",
        parameters=params("entityType entityId start end"),
        responses=shape("Engagement", "totals", "engagement_rate", "series", "period"),
    )
    def get(self, request: Request) -> Response:
        data = _range(request, self.InputSerializer)
        user = request_user(request)
        default = "creator" if user.portal == "creator" else "user"
        entity_type = data.get("entity_type") or default
        entity_id = data.get("entity_id") or user.pk
        if entity_type == "pitch":
            if "entity_id" not in data:
                raise serializers.ValidationError({"entity_id": ["Which pitch?"]})
            _own_pitch_param(user, entity_id, "entity_id")
        elif entity_id != user.pk and not user.is_staff:
            raise serializers.ValidationError({"entity_id": ["You can only read your own."]})
        start, end = data["range"]
        return Response(
            reads.subject_engagement(
                entity_type=entity_type, entity_id=entity_id, start=start, end=end
            )
        )


class CompareApi(APIView):
    """`/api/analytics/compare/<type>[/<id>]`: this period against the previous one."""

    permission_classes = [IsAuthenticated]
    TYPES = ("pitch", "creator", "user", "dashboard", "platform")

    class InputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=365, default=30)
        period = serializers.CharField(max_length=20, required=False)

    @extend_schema(
        summary="Your figures this period against the previous one (pitch, creator or your own "
        "actions; the platform for staff)",
        parameters=params("days period"),
        responses=shape("CompareAnalytics", "current_period", "previous_period", "comparison"),
    )
    def get(self, request: Request, kind: str, subject_id: int | None = None) -> Response:
        checked = self.InputSerializer(data=query_params(request))
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        days = dashboards.period_days(data.get("period"), data["days"])
        user = request_user(request)
        if kind not in self.TYPES or (kind == "platform" and not user.is_staff):
            raise Http404
        ids: list[int] | None = None
        if kind == "pitch":
            ids = (
                reads.owned_pitch_ids(user)
                if subject_id is None
                else [_own_pitch(user, subject_id).pk]
            )
        elif kind != "platform":
            if subject_id not in (None, user.pk) and not user.is_staff:
                raise Http404
            ids = [subject_id or user.pk]
            if kind == "dashboard":
                kind = "creator" if user.portal == "creator" else "user"
        body = reads.compare_periods(entity_type=kind, entity_ids=ids, days=days)
        return Response({**body, "id": subject_id})


class RevenueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="What you earned and the investments your pitches drew over a range",
        parameters=params("start end"),
        responses=shape("Revenue", "total_revenue", "investments", "series", "period"),
    )
    def get(self, request: Request) -> Response:
        start, end = _range(request)["range"]
        return Response(reads.revenue(request_user(request), start=start, end=end))


class ActivityApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
        offset = serializers.IntegerField(min_value=0, max_value=100_000, default=0)
        type = serializers.ChoiceField(choices=EventType.choices, required=False)
        pitch_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
        user_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    @extend_schema(
        summary="Your activity (and what happened to your pitches), or one of your pitches'",
        parameters=params("limit offset type pitchId userId"),
        responses=shape("AnalyticsActivity", "activities", "total", "limit", "offset"),
    )
    def get(self, request: Request) -> Response:
        checked = self.InputSerializer(data=query_params(request))
        checked.is_valid(raise_exception=True)
        data = checked.validated_data
        user = request_user(request)
        if data.get("user_id") not in (None, user.pk):
            raise serializers.ValidationError({"user_id": ["You can only read your own."]})
        types = [data["type"]] if data.get("type") else None
        paging = {"limit": data["limit"], "offset": data["offset"], "types": types}
        if "pitch_id" in data:
            pitch = _own_pitch_param(user, data["pitch_id"], "pitch_id")
            return flat_response(reads.pitch_activity(pitch, viewer=user, **paging))
        return flat_response(dashboards.own_activity(user, **paging))


# --- views of pitches (C8's "who viewed") ----------------------------------------------------


class PitchViewersApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=365, default=30)

    @extend_schema(
        summary="Who viewed one of your pitches lately (viewers with a private profile unnamed)",
        parameters=params("days"),
        responses=shape("PitchViewers", "viewers", "data", "total", "total_views"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        checked = self.InputSerializer(data=query_params(request))
        checked.is_valid(raise_exception=True)
        pitch = _own_pitch(request_user(request), pitch_id)
        return Response(reads.pitch_viewers(pitch, days=checked.validated_data["days"]))


class ViewAnalyticsApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(RangeSerializer):
        group_by = serializers.ChoiceField(choices=reads.GROUPS, default="day")
        pitch_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
        user_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    @extend_schema(
        summary="Views of your pitches (or one of them) per day, week or month",
        parameters=params("startDate endDate groupBy pitchId userId"),
        responses=shape("ViewAnalytics", "data", "group_by", "total", "period"),
    )
    def get(self, request: Request) -> Response:
        data = _range(request, self.InputSerializer)
        user = request_user(request)
        if data.get("user_id") not in (None, user.pk):
            raise serializers.ValidationError({"user_id": ["You can only read your own."]})
        if "pitch_id" in data:
            ids = [_own_pitch_param(user, data["pitch_id"], "pitch_id").pk]
        else:
            ids = reads.owned_pitch_ids(user)
        start, end = data["range"]
        return Response(reads.grouped_views(ids, start=start, end=end, group_by=data["group_by"]))
