"""The submissions pipeline (PR3): the company's board with counts per status, moves one at a
time (by pitch, as the SPA calls it) or in bulk, and the creator's own submissions."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import PagePagination, flat_response, request_user
from production import selectors, services
from production.api.common import CompanyOnly, shape, submission_data

BOARD = shape("SubmissionBoard", "submissions", "items", "counts", "total")
ONE = shape("SubmissionMoved", "submission", "id", "status")


def ids_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=200,
    )


def _status_filter(request: Request) -> str:
    raw = request.query_params.get("status", "")
    return "" if raw in ("", "all") else services.parse_status(raw)


class SubmissionBoardApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Pitches submitted to your company, newest first, with counts per status",
        parameters=[
            OpenApiParameter("status", str, description="new, review, shortlisted, ..."),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
        responses=BOARD,
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        paginator = PagePagination()
        rows = paginator.paginate_queryset(
            selectors.board(user, status=_status_filter(request)), request
        )
        items = [submission_data(row, for_company=True) for row in rows]
        return paginator.page_response(
            {
                "submissions": items,
                "items": items,
                "counts": selectors.status_counts(user),
                **paginator.list_counts(),
            }
        )


class SubmissionMoveApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        status = serializers.CharField(max_length=30)
        notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)

    @extend_schema(
        summary="Move the submission of a pitch to another status (and keep notes on it)",
        request=InputSerializer,
        responses=ONE,
    )
    def put(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        submission = selectors.submission_for_pitch_or_404(user, pitch_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moved = services.move_submission(
            submission=submission,
            actor=user,
            status=payload.validated_data["status"],
            notes=payload.validated_data.get("notes"),
        )
        moved.call = submission.call
        moved.creator = submission.creator
        body = submission_data(moved, for_company=True)
        return flat_response({**body, "submission": body})

    patch = put


class SubmissionBulkMoveApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        status = serializers.CharField(max_length=30)
        ids = ids_field()
        submission_ids = ids_field()

    @extend_schema(
        summary="Move several submissions at once (all or none)",
        request=InputSerializer,
        responses=shape("SubmissionsMoved", "moved", "counts"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        moved = services.bulk_move(
            company=user,
            submission_ids=data.get("submission_ids") or data.get("ids") or [],
            status=data["status"],
        )
        return flat_response(
            {
                "moved": len(moved),
                "ids": [m.pk for m in moved],
                "counts": selectors.status_counts(user),
            }
        )


class MySubmissionsApi(APIView):
    @extend_schema(
        summary="What you submitted to production companies, and where each stands",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        responses=shape("MySubmissions", "submissions", "items", "total"),
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination()
        rows = paginator.paginate_queryset(selectors.my_submissions(request_user(request)), request)
        items = [submission_data(row, for_company=False) for row in rows]
        return paginator.page_response(
            {"submissions": items, "items": items, **paginator.list_counts()}
        )
