"""Calendar and meetings (X13): events, meeting requests and their answers, the ICS feed URL."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from pitches import selectors as pitch_selectors
from pitchey.api import flat_response, query_params, request_user
from production import selectors, services
from production.api.common import person, pitch_brief, shape
from production.models import CalendarEvent, Meeting

EVENTS = shape("CalendarEvents", "events")
EVENT = shape("CalendarEventMade", "event")
MEETING = shape("MeetingOne", "meeting")


@extend_schema_field(OpenApiTypes.DATETIME)
class MomentField(serializers.Field):
    """A date-time, or a date (09:00 UTC that day)."""

    def to_internal_value(self, data: Any) -> datetime:
        text = str(data).strip()[:40]
        try:
            day = parse_date(text) if len(text) == 10 else None
            moment = None if day else parse_datetime(text)
        except ValueError:
            day = moment = None
        if day is not None:
            moment = datetime.combine(day, time(9, 0), tzinfo=UTC)
        if moment is None:
            raise serializers.ValidationError("A date-time (2030-01-31T10:00:00Z) or a date.")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)

    def to_representation(self, value: datetime) -> str:
        return value.isoformat()


def event_data(event: CalendarEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "title": event.title,
        "description": event.description,
        "type": event.event_type,
        "start": event.start,
        "end": event.end,
        "date": event.start.date().isoformat(),
        "location": event.location,
        "pitch_id": event.pitch_id,
        "meeting_id": event.meeting_id,
    }


def meeting_data(meeting: Meeting, user: User) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "status": meeting.status,
        "requester": person(meeting.requester),
        "creator": person(meeting.creator),
        "with": person(meeting.creator if user.pk == meeting.requester_id else meeting.requester),
        "pitch": pitch_brief(meeting.pitch) if meeting.pitch else None,
        "meeting_type": meeting.meeting_type,
        "duration": meeting.duration_minutes,
        "message": meeting.message,
        "proposed_times": meeting.proposed_times,
        "proposed_by_id": meeting.proposed_by_id,
        "awaiting_you": meeting.status == "proposed" and meeting.proposed_by_id != user.pk,
        "scheduled_at": meeting.scheduled_at,
        "note": meeting.note,
        "created_at": meeting.created_at,
    }


class EventInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    start = MomentField(required=False)
    date = MomentField(required=False)
    end = MomentField(required=False)
    type = serializers.ChoiceField(choices=CalendarEvent.Type.values, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)
    pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


def _window(request: Request) -> dict[str, datetime | None]:
    params = query_params(request)
    out: dict[str, datetime | None] = {}
    for name in ("start", "end"):
        raw = params.get(f"{name}_date") or params.get(name) or ""
        out[name] = MomentField().run_validation(raw) if raw else None
    return out


class CalendarApi(APIView):
    """Events of the logged-in user (the creator's and the company's calendars alike)."""

    @extend_schema(
        summary="Your calendar events",
        parameters=[OpenApiParameter("startDate", str), OpenApiParameter("endDate", str)],
        responses=EVENTS,
    )
    def get(self, request: Request) -> Response:
        try:
            window = _window(request)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"start_date": exc.detail}) from None
        rows = selectors.events_of(request_user(request), **window)[:500]
        events = [event_data(e) for e in rows]
        return flat_response({"events": events, "total": len(events)})

    @extend_schema(summary="Add an event", request=EventInput, responses={201: EVENT})
    def post(self, request: Request) -> Response:
        payload = EventInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        start = data.get("start") or data.get("date")
        if start is None:
            raise serializers.ValidationError({"start": ["Give the event a start (or a date)."]})
        pitch = None
        if data.get("pitch_id"):
            pitch = pitch_selectors.visible_pitch_or_404(user, data["pitch_id"])
        event = services.create_event(
            owner=user,
            title=data["title"],
            start=start,
            end=data.get("end"),
            event_type=data.get("type", "other"),
            description=data.get("description", ""),
            location=data.get("location", ""),
            pitch=pitch,
        )
        return flat_response({"event": event_data(event)}, status.HTTP_201_CREATED)


class CalendarEventApi(APIView):
    @extend_schema(summary="Delete one of your events", responses=shape("EventDeleted", "deleted"))
    def delete(self, request: Request, event_id: int) -> Response:
        user = request_user(request)
        services.delete_event(event=selectors.event_or_404(user, event_id), actor=user)
        return flat_response({"deleted": True, "id": event_id})


class CalendarFeedApi(APIView):
    rotate = False

    @extend_schema(
        request=None,
        summary="Your calendar's secret ICS feed URL (POST rotates it)",
        responses=shape("CalendarFeedUrl", "url"),
    )
    def get(self, request: Request) -> Response:
        feed = services.feed_for(request_user(request))
        return flat_response({"url": request.build_absolute_uri(f"/calendar/{feed.token}.ics")})

    @extend_schema(request=None, responses=shape("CalendarFeedRotated", "url"))
    def post(self, request: Request) -> Response:
        feed = services.rotate_feed(user=request_user(request))
        return flat_response({"url": request.build_absolute_uri(f"/calendar/{feed.token}.ics")})


class MeetingScheduleApi(APIView):
    class InputSerializer(serializers.Serializer):
        creator_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
        date_time = MomentField(required=False)
        times = serializers.ListField(child=MomentField(), required=False, max_length=5)
        meeting_type = serializers.CharField(max_length=20, required=False)
        message = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        duration = serializers.IntegerField(min_value=15, max_value=480, required=False)

    @extend_schema(
        summary="Ask a creator to meet at one or more proposed times",
        request=InputSerializer,
        responses={201: MEETING},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        times = list(data.get("times") or []) or (
            [data["date_time"]] if "date_time" in data else []
        )
        creator = selectors.meeting_creator_or_404(user, data["creator_id"])
        pitch = (
            pitch_selectors.visible_pitch_or_404(user, data["pitch_id"])
            if data.get("pitch_id")
            else None
        )
        meeting = services.request_meeting(
            requester=user,
            creator=creator,
            pitch=pitch,
            times=times,
            meeting_type={"in-person": "in_person"}.get(
                data.get("meeting_type", "video"), data.get("meeting_type", "video")
            ),
            duration=data.get("duration", 30),
            message=data.get("message", ""),
        )
        return flat_response({"meeting": meeting_data(meeting, user)}, status.HTTP_201_CREATED)


class MeetingListApi(APIView):
    @extend_schema(
        summary="Meetings you asked for or were asked to",
        parameters=[OpenApiParameter("status", str)],
        responses=shape("Meetings", "meetings"),
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in Meeting.Status.values:
            raise serializers.ValidationError({"status": ["proposed, accepted, declined, ..."]})
        user = request_user(request)
        rows = [meeting_data(m, user) for m in selectors.meetings_of(user, status=wanted)[:200]]
        return flat_response({"meetings": rows, "total": len(rows)})


class MeetingAnswerApi(APIView):
    action = "accept"

    class InputSerializer(serializers.Serializer):
        time = MomentField(required=False)
        times = serializers.ListField(child=MomentField(), required=False, max_length=5)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(
        summary="Accept a time, decline, propose other times, or cancel",
        request=InputSerializer,
        responses=MEETING,
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        user = request_user(request)
        meeting = selectors.meeting_or_404(user, meeting_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if self.action == "accept":
            meeting = services.accept_meeting(meeting=meeting, actor=user, time=data.get("time"))
        elif self.action == "decline":
            meeting = services.decline_meeting(
                meeting=meeting, actor=user, reason=data.get("reason", "")
            )
        elif self.action == "propose":
            meeting = services.propose_times(
                meeting=meeting, actor=user, times=list(data.get("times") or [])
            )
        else:
            meeting = services.cancel_meeting(meeting=meeting, actor=user)
        meeting = selectors.meeting_or_404(user, meeting.pk)
        return flat_response({"meeting": meeting_data(meeting, user)})
