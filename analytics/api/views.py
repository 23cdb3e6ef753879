"""Analytics API: realtime counters, the user's analytics, client events, reports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import periods, selectors, track
from analytics.models import ScheduledReport
from analytics.services import reports
from pitchey.api import query_params, request_user

REALTIME_SECONDS = 15


def shape(name: str, *keys: str) -> Any:
    """A response schema of named objects (their insides vary with the data)."""
    return inline_serializer(name, {key: serializers.JSONField() for key in keys})


# What a browser may report about itself; everything else is recorded by the services.
CLIENT_TYPES = ("page_view", "search", "filter_applied", "session_start", "session_end")
OVERVIEW_METRICS = [
    "pitch_view",
    "pitch_like",
    "pitch_save",
    "nda_request",
    "nda_signed",
    "message_sent",
    "search",
    "investment_made",
]


def _subject(user: Any) -> tuple[str, list[int] | None]:
    """Whose figures a user's analytics are: a creator's pitches, the platform for staff,
    otherwise their own actions."""
    if user.is_staff:
        return "platform", None
    if user.user_type == "creator":
        return "creator", [user.pk]
    return "user", [user.pk]


def user_analytics(user: Any, *, days: int, subject: Any = None) -> dict[str, Any]:
    entity_type, ids = _subject(subject or user)
    since = periods.day_start(days - 1, now=timezone.now())
    window = selectors.totals(
        entity_type=entity_type, entity_ids=ids, metrics=OVERVIEW_METRICS, since=since
    )
    all_time = selectors.totals(entity_type=entity_type, entity_ids=ids, metrics=OVERVIEW_METRICS)
    series = selectors.daily_series(
        entity_type=entity_type, entity_ids=ids, metrics=OVERVIEW_METRICS, days=days
    )
    key = 0 if ids is None else ids[0]
    return {
        "scope": entity_type,
        "period": {"days": days, "start": since, "end": timezone.now()},
        "overview": window.get(key, {}),
        "all_time": all_time.get(key, {}),
        "series": [{**row, "date": row["date"].isoformat()} for row in series],
    }


class RealtimeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Live counters, cheap to poll every 15 s (cached, one query at most)",
        responses=shape("Realtime", "stats", "timestamp", "ttl"),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        key = f"analytics:realtime:{user.pk}"
        stats = cache.get(key)
        if stats is None:
            stats = selectors.realtime_stats(user.pk)
            cache.set(key, stats, timeout=REALTIME_SECONDS)
        return Response({"stats": stats, "timestamp": timezone.now(), "ttl": REALTIME_SECONDS})


class DashboardApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        days = serializers.IntegerField(min_value=1, max_value=365, required=False)
        preset = serializers.ChoiceField(
            choices=["today", "7d", "30d", "90d", "week", "month", "quarter", "year"],
            required=False,
        )
        start = serializers.DateField(required=False)
        end = serializers.DateField(required=False)

    @extend_schema(
        summary="Your analytics for a period (days, preset or start)",
        responses=shape("AnalyticsDashboard", "scope", "period", "overview", "all_time", "series"),
        parameters=[
            OpenApiParameter(n, str, required=False) for n in ("days", "preset", "start", "end")
        ],
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        presets = {
            "today": 1,
            "7d": 7,
            "week": 7,
            "30d": 30,
            "month": 30,
            "90d": 90,
            "quarter": 90,
            "year": 365,
        }
        days = data.get("days") or presets.get(data.get("preset", ""), 30)
        if data.get("start"):
            days = max(1, min((timezone.localdate() - data["start"]).days + 1, 365))
        return Response(user_analytics(request_user(request), days=days))


class UserAnalyticsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A user's analytics: your own, or anyone's for staff",
        responses=shape("UserAnalytics", "analytics"),
    )
    def get(self, request: Request, user_id: int | None = None) -> Response:
        user = request_user(request)
        subject: Any = user
        if user_id is not None and user_id != user.pk:
            subject = (
                get_user_model().objects.active().filter(pk=user_id).first()
                if user.is_staff
                else None
            )
            if subject is None:
                raise Http404
        body = user_analytics(user, days=30, subject=subject)
        return Response({"analytics": {"user_id": subject.pk, **body}})


class TrackApi(APIView):
    permission_classes = [AllowAny]

    class InputSerializer(serializers.Serializer):
        event_type = serializers.ChoiceField(choices=CLIENT_TYPES, required=False)
        type = serializers.ChoiceField(choices=CLIENT_TYPES, required=False)
        event = serializers.ChoiceField(choices=CLIENT_TYPES, required=False)
        session_id = serializers.CharField(max_length=255, required=False, allow_blank=True)
        page = serializers.CharField(max_length=500, required=False, allow_blank=True)
        path = serializers.CharField(max_length=500, required=False, allow_blank=True)
        query = serializers.CharField(max_length=200, required=False, allow_blank=True)
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**53, required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            kind = attrs.get("event_type") or attrs.get("type") or attrs.get("event")
            if not kind:
                raise serializers.ValidationError({"event_type": ["This field is required."]})
            attrs["kind"] = kind
            return attrs

    @extend_schema(
        summary="Record a client event (page views, searches, filters, sessions)",
        request=InputSerializer,
        responses=shape("Tracked", "tracked"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request.user
        details = {k: data[k] for k in ("page", "path", "query") if data.get(k)}
        track(
            data["kind"],
            user_id=user.pk if user.is_authenticated else None,
            pitch_id=data.get("pitch_id"),
            session_id=data.get("session_id", ""),
            data={k: str(v).replace("\x00", "") for k, v in details.items()},
        )
        return Response({"tracked": True}, status=status.HTTP_202_ACCEPTED)


class ScheduledReportSerializer(serializers.ModelSerializer):
    report_id = serializers.IntegerField(source="pk", read_only=True)
    next_run = serializers.DateTimeField(source="next_run_at", read_only=True)

    class Meta:
        model = ScheduledReport
        fields = [
            "id",
            "report_id",
            "name",
            "report_type",
            "frequency",
            "config",
            "next_run",
            "next_run_at",
            "last_run_at",
            "created_at",
        ]


class ScheduleReportApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        frequency = serializers.ChoiceField(choices=list(reports.STEP), default="weekly")
        report_type = serializers.CharField(max_length=50, required=False, default="summary")
        type = serializers.CharField(max_length=50, required=False)
        name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        config = serializers.DictField(required=False, default=dict)

    @extend_schema(
        summary="Schedule an emailed analytics report",
        request=InputSerializer,
        responses=ScheduledReportSerializer,
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        report = reports.schedule_report(
            user=request_user(request),
            frequency=data["frequency"],
            report_type=data.get("type") or data["report_type"],
            name=data["name"],
            config=data["config"],
        )
        body = ScheduledReportSerializer(report).data
        return Response(body, status=status.HTTP_201_CREATED)


class ScheduledReportListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your scheduled reports",
        responses=inline_serializer(
            "ScheduledReports", {"reports": ScheduledReportSerializer(many=True)}
        ),
    )
    def get(self, request: Request) -> Response:
        rows = ScheduledReport.objects.owned_by(request_user(request)).order_by("next_run_at", "id")
        return Response({"reports": ScheduledReportSerializer(rows, many=True).data})


class ScheduledReportDeleteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Cancel one of your scheduled reports",
        responses=shape("Cancelled", "deleted", "id"),
    )
    def delete(self, request: Request, report_id: int) -> Response:
        reports.cancel_report(user=request_user(request), report_id=report_id)
        return Response({"deleted": True, "id": report_id})
