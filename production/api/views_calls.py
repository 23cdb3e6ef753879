"""Open calls (PR5): browse and post calls, edit your own, answer one with a pitch, and review
what a call received."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors as pitch_selectors
from pitchey.api import PagePagination, flat_response, request_user, request_viewer
from production import selectors, services
from production.api.common import CompanyOnly, call_data, shape, submission_data

PAGE = [OpenApiParameter("page", int), OpenApiParameter("limit", int)]
CALL = shape("OpenCall", "call", "id", "title", "deadline")
CALLS = shape("OpenCalls", "calls", "items", "total")
SUBMISSIONS = shape("CallSubmissions", "submissions", "items", "total")


@extend_schema_field(OpenApiTypes.DATETIME)
class DeadlineField(serializers.Field):
    """A date (the end of that day, UTC) or a date-time."""

    def to_internal_value(self, data: Any) -> datetime:
        text = str(data).strip()
        try:
            day = parse_date(text) if len(text) == 10 else None
            moment = None if day else parse_datetime(text)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
        if moment is None:
            raise serializers.ValidationError("A date (2030-01-31) or a date-time.")
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)

    def to_representation(self, value: datetime) -> str:
        return value.isoformat()


class CallInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    genres = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )
    formats = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=20
    )
    budget_bracket = serializers.CharField(max_length=30, required=False, allow_blank=True)
    deadline = DeadlineField(required=False)
    quota = serializers.IntegerField(min_value=1, max_value=10_000, required=False, allow_null=True)
    status = serializers.ChoiceField(choices=["open", "closed"], required=False)


class CallListApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [CompanyOnly()]

    @extend_schema(
        summary="Open calls accepting pitches, nearest deadline first",
        parameters=[*PAGE, OpenApiParameter("genre", str), OpenApiParameter("search", str)],
        responses=CALLS,
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.listed_calls(
                genre=request.query_params.get("genre", "")[:50],
                search=request.query_params.get("search", "")[:100],
            ),
            request,
        )
        calls = [call_data(c) for c in rows]
        return paginator.page_response({"calls": calls, "items": calls, **paginator.list_counts()})

    @extend_schema(summary="Post an open call", request=CallInput, responses={201: CALL})
    def post(self, request: Request) -> Response:
        payload = CallInput(data=request.data)
        payload.is_valid(raise_exception=True)
        call = services.create_call(
            company=request_user(request), fields=dict(payload.validated_data)
        )
        body = call_data(call)
        return flat_response({**body, "call": body}, status.HTTP_201_CREATED)


class MyCallsApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(summary="Your company's calls, newest first", parameters=PAGE, responses=CALLS)
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rows = paginator.paginate_queryset(selectors.own_calls(request_user(request)), request)
        calls = [call_data(c) for c in rows]
        return paginator.page_response({"calls": calls, "items": calls, **paginator.list_counts()})


class CallDetailApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else [CompanyOnly()]

    @extend_schema(summary="One open call", responses=CALL)
    def get(self, request: Request, call_id: int) -> Response:
        body = call_data(selectors.call_or_404(request_viewer(request), call_id))
        return flat_response({**body, "call": body})

    @extend_schema(summary="Edit or close your call", request=CallInput, responses=CALL)
    def patch(self, request: Request, call_id: int) -> Response:
        user = request_user(request)
        call = selectors.own_call_or_404(user, call_id)
        payload = CallInput(data=request.data)
        payload.is_valid(raise_exception=True)
        call = services.update_call(call=call, actor=user, fields=dict(payload.validated_data))
        body = call_data(call)
        return flat_response({**body, "call": body})

    put = patch


class CallSubmissionsApi(APIView):
    class InputSerializer(serializers.Serializer):
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        message = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="What your call received, newest first", parameters=PAGE, responses=SUBMISSIONS
    )
    def get(self, request: Request, call_id: int) -> Response:
        call = selectors.own_call_or_404(request_user(request), call_id)
        paginator = PagePagination()
        rows = paginator.paginate_queryset(selectors.call_submissions(call), request)
        for row in rows:
            row.call = call
        items = [submission_data(row, for_company=True) for row in rows]
        return paginator.page_response(
            {"submissions": items, "items": items, **paginator.list_counts()}
        )

    @extend_schema(
        summary="Submit one of your published pitches to a call (before its deadline and "
        "within its quota)",
        request=InputSerializer,
        responses={201: shape("CallSubmission", "submission", "id", "status")},
    )
    def post(self, request: Request, call_id: int) -> Response:
        user = request_user(request)
        call = selectors.call_or_404(user, call_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pitch = pitch_selectors.owned_pitch_or_404(user, payload.validated_data["pitch_id"])
        submission = services.submit_to_call(
            creator=user,
            call=call,
            pitch=pitch,
            message=payload.validated_data.get("message", ""),
        )
        submission.call = call
        body = submission_data(submission, for_company=False)
        return flat_response({**body, "submission": body}, status.HTTP_201_CREATED)


class CallSubmissionDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        status = serializers.CharField(max_length=30)
        notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(
        summary="Move a submission your call received",
        request=InputSerializer,
        responses=shape("CallSubmissionMoved", "submission", "status"),
    )
    def patch(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = selectors.received_submission_or_404(user, submission_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moved = services.move_submission(
            submission=submission,
            actor=user,
            status=payload.validated_data["status"],
            notes=payload.validated_data.get("notes"),
        )
        moved.call, moved.creator = submission.call, submission.creator
        body = submission_data(moved, for_company=True)
        return flat_response({**body, "submission": body})

    @extend_schema(
        summary="Withdraw your submission (before the company decides)",
        responses=shape("SubmissionWithdrawn", "deleted", "id"),
    )
    def delete(self, request: Request, submission_id: int) -> Response:
        user = request_user(request)
        submission = selectors.made_submission_or_404(user, submission_id)
        services.withdraw_submission(submission=submission, actor=user)
        return flat_response({"deleted": True, "id": submission_id})
