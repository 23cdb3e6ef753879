"""Dashboards and activity feeds of every portal (figures from analytics' aggregates)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import track
from analytics.models import EventType
from pitches import dashboards, selectors, services
from pitches.models import Pitch
from pitches.viewers import anonymous_view_key
from pitchey.api import flat_response, query_params, request_user, request_viewer
from pitchey.staff import StaffPermission


def shape(name: str, *keys: str) -> Any:
    """A response schema of named objects (their insides vary with the data)."""
    return inline_serializer(name, {key: serializers.JSONField() for key in keys})


PERIOD = [OpenApiParameter(name, str, required=False) for name in ("period", "timeframe")]


class PortalOnly(BasePermission):
    """Logged in and of the view's portal (`portals`); staff may open every portal's view."""

    message = "This belongs to another portal."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        portals = getattr(view, "portals", ())
        return bool(user.is_staff or not portals or user.portal in portals)


def _days(request: Request, *names: str, default: int = 30) -> int:
    params = query_params(request)
    for name in names:
        if params.get(name):
            return dashboards.period_days(params[name], default)
    return default


class _Paging(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)
    offset = serializers.IntegerField(min_value=0, max_value=100_000, default=0)
    type = serializers.ChoiceField(choices=EventType.choices, required=False)


# --- creator ---------------------------------------------------------------------------------


class CreatorDashboardApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("creator",)

    @extend_schema(
        summary="Creator dashboard: totals per pitch, trends, viewers, followers",
        responses=shape(
            "CreatorDashboard",
            "overview",
            "trends",
            "series",
            "pitches",
            "recent_pitches",
            "viewers",
            "recent_activity",
            "revenue",
            "followers",
        ),
    )
    def get(self, request: Request) -> Response:
        return Response(dashboards.creator_dashboard(request_user(request)))


class CreatorStatsApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("creator",)

    @extend_schema(
        summary="Creator figures for a period beside all-time ones",
        parameters=PERIOD,
        responses=shape("CreatorStats", "stats"),
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "period", "timeframe")
        return Response(dashboards.creator_stats(request_user(request), days=days))


class CreatorAnalyticsApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("creator",)

    class InputSerializer(serializers.Serializer):
        start_date = serializers.DateField(required=False)
        end_date = serializers.DateField(required=False)
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**53, required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("start_date"), attrs.get("end_date")
            if start and end and start > end:
                raise serializers.ValidationError({"start_date": ["Must be before endDate."]})
            if start and end and (end - start).days > 365:
                raise serializers.ValidationError({"start_date": ["At most one year."]})
            return attrs

    @extend_schema(
        responses=shape("CreatorAnalytics", "totals", "trends", "series", "range_totals", "period"),
        summary="Creator analytics over a date range, for all pitches or one",
        parameters=[
            OpenApiParameter(n, str, required=False) for n in ("startDate", "endDate", "pitchId")
        ],
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        user = request_user(request)
        pitch = None
        if "pitch_id" in data:
            pitch = Pitch.objects.owned_by(user).filter(pk=data["pitch_id"]).first()
            if pitch is None:
                raise serializers.ValidationError({"pitch_id": ["Not one of your pitches."]})
        end = data.get("end_date") or timezone.localdate()
        start = data.get("start_date") or end - timedelta(days=29)
        return Response(dashboards.creator_analytics(user, start=start, end=end, pitch=pitch))


class CreatorActivitiesApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("creator",)

    @extend_schema(
        summary="What you did and what happened to your pitches, newest first",
        responses=shape("Activities", "activities", "total", "limit", "offset"),
    )
    def get(self, request: Request) -> Response:
        params = _Paging(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        types = [data["type"]] if data.get("type") else None
        return Response(
            dashboards.own_activity(
                request_user(request), limit=data["limit"], offset=data["offset"], types=types
            )
        )


class CreatorPitchAnalyticsApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("creator",)

    @extend_schema(
        summary="Analytics of one of your pitches",
        responses=shape("PitchAnalytics", "analytics"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = Pitch.objects.owned_by(request_user(request)).filter(pk=pitch_id).first()
        if pitch is None:
            raise Http404
        return Response({"analytics": dashboards.pitch_analytics(pitch)})


# --- any pitch (public figures) --------------------------------------------------------------


# What the browser may report about a pitch (view.service's trackEngagement); only a view is
# counted, the rest are recorded as page events (a like or save itself goes through /like, /save).
ENGAGEMENT_KINDS = [
    "view",
    "like",
    "save",
    "share",
    "click",
    "download",
    "comment",
    "play",
    "scroll",
    "time_spent",
]


class PitchEngagementApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Public engagement figures of a pitch (social proof)",
        responses=shape("PitchEngagement", "views", "likes", "saves", "last_7_days"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.visible_pitch_or_404(request_viewer(request), pitch_id)
        return Response(dashboards.public_engagement(pitch))

    class InputSerializer(serializers.Serializer):
        type = serializers.ChoiceField(choices=ENGAGEMENT_KINDS)

    @extend_schema(
        summary="Report engagement with a pitch from the browser: a view is counted (once per "
        "viewer per day), other kinds are recorded as page events",
        request=InputSerializer,
        responses=shape("PitchEngagementTracked", "tracked", "views", "likes", "saves"),
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, pitch_id)
        kind = payload.validated_data["type"]
        tracked = False
        if kind == "view" and pitch.is_published:
            tracked = services.record_view(
                pitch=pitch, user=viewer, session_key=anonymous_view_key(request)
            )
            pitch.refresh_from_db(fields=["view_count"])
        elif kind != "view":
            track(
                "page_view",
                user_id=viewer.pk if viewer.is_authenticated else None,
                pitch_id=pitch.pk,
                data={"engagement": kind},
            )
            tracked = True
        return Response({"tracked": tracked, **dashboards.public_engagement(pitch)})


class TrackViewApi(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "api"

    class InputSerializer(serializers.Serializer):
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**53)

    @extend_schema(
        summary="Count a view of a pitch (once per viewer per day)",
        request=InputSerializer,
        responses=shape("TrackedView", "tracked", "pitch_id", "view_count"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = selectors.visible_pitch_or_404(
            request_viewer(request), payload.validated_data["pitch_id"]
        )
        counted = False
        if pitch.is_published:
            counted = services.record_view(
                pitch=pitch, user=request_viewer(request), session_key=anonymous_view_key(request)
            )
        pitch.refresh_from_db(fields=["view_count"])
        return Response({"tracked": counted, "pitch_id": pitch.pk, "view_count": pitch.view_count})


# --- feeds -----------------------------------------------------------------------------------


class ActivityFeedApi(APIView):
    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        limit = serializers.IntegerField(min_value=1, max_value=100, default=20)

    @extend_schema(
        summary="What people you follow did, and your own activity",
        responses=shape("ActivityFeed", "items", "summary", "total"),
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        feed = dashboards.following_feed(
            request_user(request), limit=params.validated_data["limit"]
        )
        return flat_response(feed)


class InvestorActivityFeedApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("investor",)

    class InputSerializer(_Paging):
        user_id = serializers.IntegerField(min_value=1, max_value=2**53, required=False)

    @extend_schema(
        summary="Your own activity as an investor, newest first",
        responses=shape("InvestorActivities", "activities", "total", "limit", "offset"),
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=query_params(request))
        params.is_valid(raise_exception=True)
        data = params.validated_data
        user = request_user(request)
        if data.get("user_id") not in (None, user.pk) and not user.is_staff:
            raise serializers.ValidationError({"user_id": ["You can only read your own feed."]})
        types = [data["type"]] if data.get("type") else None
        return Response(
            dashboards.own_activity(user, limit=data["limit"], offset=data["offset"], types=types)
        )


class InvestorAnalyticsApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("investor",)

    @extend_schema(
        summary="Investor analytics: your activity and portfolio",
        parameters=PERIOD,
        responses=shape("InvestorAnalytics", "analytics"),
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "period", "timeframe")
        return Response(
            {"analytics": dashboards.investor_analytics(request_user(request), days=days)}
        )


# --- production ------------------------------------------------------------------------------


class ProductionDashboardApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("production",)

    @extend_schema(
        summary="Production dashboard: activity, NDAs, queue and calls",
        responses=shape("ProductionDashboard", "dashboard"),
    )
    def get(self, request: Request) -> Response:
        return Response({"dashboard": dashboards.production_dashboard(request_user(request))})


class ProductionAnalyticsApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("production",)

    @extend_schema(
        summary="Production analytics over a timeframe",
        parameters=PERIOD,
        responses=shape("ProductionAnalytics", "overview", "period", "series", "ndas", "calls"),
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "timeframe", "period")
        return Response(dashboards.production_analytics(request_user(request), days=days))


class ProductionStatsApi(ProductionAnalyticsApi):
    @extend_schema(
        summary="Production figures for a period",
        parameters=PERIOD,
        responses=shape("ProductionStats", "stats", "overview"),
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "timeframe", "period")
        body = dashboards.production_analytics(request_user(request), days=days)
        return Response({"stats": body["overview"], **body})


class ProductionActivityApi(APIView):
    permission_classes = [PortalOnly]
    portals = ("production",)

    @extend_schema(
        responses=shape("ProductionActivity", "activities", "total"),
        summary="Your company's activity, newest first",
        parameters=[OpenApiParameter("timeRange", str, required=False)],
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "time_range", default=30)
        feed = dashboards.own_activity(request_user(request), limit=50, offset=0, days=days)
        return flat_response(feed)


# --- staff -----------------------------------------------------------------------------------


class AdminDashboardApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.view_console"

    @extend_schema(
        summary="Staff dashboard: platform totals and recent sign-ups",
        responses=shape("AdminDashboard", "stats", "users", "funnel", "recent_users"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(dashboards.staff_dashboard(days=30))


class AdminAnalyticsApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.view_console"

    @extend_schema(
        responses=shape("AdminAnalytics", "analytics"),
        summary="Platform analytics: totals, funnel, sign-ups, slow requests",
        parameters=PERIOD,
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "period", "timeframe")
        return flat_response({"analytics": dashboards.staff_analytics(days=days)})


class AdminLiquidityApi(APIView):
    permission_classes = [StaffPermission]
    staff_permission = "staff.view_console"

    @extend_schema(
        summary="NDA liquidity: requests and approvals per pitch",
        parameters=PERIOD,
        responses=shape("AdminLiquidity", "pitches", "summary", "period_days"),
    )
    def get(self, request: Request) -> Response:
        days = _days(request, "period", "timeframe")
        return flat_response(dashboards.nda_liquidity(days=days))
