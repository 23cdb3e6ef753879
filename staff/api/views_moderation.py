"""Reports (any user) and moderation (staff): the flag queue, content, bulk actions,
re-authentication."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from pitches import services as pitch_services
from pitchey.api import PagePagination, flat_response, query_params, request_user
from pitchey.errors import DomainError
from pitchey.ratelimit import client_ip
from staff import reauth, selectors
from staff.api.common import ReasonSerializer, StaffApi, destructive, flag_json, pitch_json, shape
from staff.models import Flag
from staff.services import flags as flag_services
from staff.services import moderation

MODERATE = "staff.moderate_content"


class ReportCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "strict"

    class InputSerializer(serializers.Serializer):
        target_type = serializers.CharField(max_length=20, required=False, default="pitch")
        target_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
        content_id = serializers.CharField(max_length=64, required=False)
        reason = serializers.CharField(max_length=100)
        details = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        description = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Report a pitch, message, comment or profile to the moderators",
        request=InputSerializer,
        responses={201: shape("ContentReported", "report_id", "id", "status")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        report = flag_services.report_content(
            reporter=request_user(request),
            target_type=data["target_type"],
            target_id=data.get("content_id") or data.get("target_id") or "",
            reason=data["reason"],
            details=data.get("description") or data.get("details") or "",
        )
        body = {"report_id": report.pk, "id": report.pk, "status": "received"}
        return flat_response(body, status.HTTP_201_CREATED)


class ReauthApi(StaffApi):
    staff_permission = "staff.view_console"

    class InputSerializer(serializers.Serializer):
        password = serializers.CharField(max_length=200)
        code = serializers.CharField(max_length=20, required=False, allow_blank=True)

    @extend_schema(
        summary="Confirm it is you before destructive staff actions (15 minutes)",
        request=InputSerializer,
        responses=shape("Reauthenticated", "reauthenticated", "valid_for_seconds"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reauth.reauthenticate(request, **payload.validated_data, ip=client_ip(request))
        return flat_response(
            {"reauthenticated": True, "valid_for_seconds": reauth.recent_window_seconds()}
        )


class FlagListApi(StaffApi):
    staff_permission = MODERATE

    class InputSerializer(serializers.Serializer):
        content_id = serializers.CharField(max_length=64)
        target_type = serializers.CharField(max_length=20, required=False, default="pitch")
        reasons = serializers.ListField(
            child=serializers.CharField(max_length=100), max_length=10, required=False
        )
        notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="The moderation queue: flags by status, type and assignee",
        responses=shape("Flags", "flags", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        params = selectors.as_dict(query_params(request))
        flags = selectors.flag_queue(params, viewer=request_user(request))
        paginator = PagePagination("flags")
        page = paginator.paginate_queryset(flags, request, self)
        return paginator.page_response(
            {"flags": [flag_json(f) for f in page], **paginator.list_counts()}
        )

    @extend_schema(
        summary="Put content in the moderation queue",
        request=InputSerializer,
        responses={201: shape("Flagged", "flag")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        flag = flag_services.flag_content(
            actor=request_user(request),
            target_type=data["target_type"],
            target_id=data["content_id"],
            reasons=data.get("reasons") or ["staff"],
            notes=data.get("notes", ""),
        )
        return flat_response({"flag": flag_json(flag)}, status.HTTP_201_CREATED)


class FlagAssignApi(StaffApi):
    staff_permission = MODERATE

    class InputSerializer(serializers.Serializer):
        assignee_id = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        unassign = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        summary="Assign a flag (to yourself unless assigneeId is given)",
        request=InputSerializer,
        responses=shape("FlagAssigned", "flag"),
    )
    def put(self, request: Request, flag_id: int) -> Response:
        flag = get_object_or_404(selectors.flags_for_staff(), pk=flag_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        assignee: User | None = request_user(request)
        if data.get("unassign"):
            assignee = None
        elif data.get("assignee_id"):
            assignee = selectors.staff_members().filter(pk=data["assignee_id"]).first()
            if assignee is None:
                raise DomainError(
                    "No such staff member.",
                    code="VALIDATION_ERROR",
                    details={"assignee_id": ["No such staff member."]},
                )
        flag = flag_services.assign_flag(flag=flag, assignee=assignee, actor=request_user(request))
        return flat_response({"flag": flag_json(flag)})


class FlagResolveApi(StaffApi):
    staff_permission = MODERATE

    class InputSerializer(serializers.Serializer):
        resolution = serializers.ChoiceField(choices=Flag.Resolution.values, required=False)
        action = serializers.ChoiceField(choices=Flag.Resolution.values, required=False)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        suspend_until = serializers.DateTimeField(required=False)

    @extend_schema(
        summary="Resolve a flag: dismiss, hide, remove, warn or suspend (reasons and a recent "
        "login for remove and suspend)",
        request=InputSerializer,
        responses=shape("FlagResolved", "flag"),
    )
    def put(self, request: Request, flag_id: int) -> Response:
        flag = get_object_or_404(selectors.flags_for_staff(), pk=flag_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        resolution = data.get("resolution") or data.get("action") or Flag.Resolution.DISMISS
        note = data.get("reason") or data.get("notes") or ""
        if resolution in moderation.DESTRUCTIVE_RESOLUTIONS:
            note = destructive(request, note)
        flag = flag_services.resolve_flag(
            flag=flag,
            actor=request_user(request),
            resolution=resolution,
            note=note,
            suspend_until=data.get("suspend_until"),
        )
        return flat_response({"flag": flag_json(flag)})


class ContentListApi(StaffApi):
    staff_permission = MODERATE

    @extend_schema(
        summary="Pitches for moderation: status (or flagged), genre, search",
        responses=shape("AdminContent", "pitches", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        rows = selectors.pitches_for_review(selectors.as_dict(query_params(request)))
        paginator = PagePagination("pitches")
        page = paginator.paginate_queryset(rows, request, self)
        return paginator.page_response(
            {"pitches": [pitch_json(p) for p in page], **paginator.list_counts()}
        )


class ContentDetailApi(StaffApi):
    staff_permission = MODERATE

    @extend_schema(
        summary="Remove a pitch from the marketplace (a reason and a recent login)",
        request=ReasonSerializer,
        responses=shape("ContentRemoved", "removed", "id", "status"),
    )
    def delete(self, request: Request, pitch_id: int) -> Response:
        pitch = get_object_or_404(selectors.pitches_for_staff(), pk=pitch_id)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = destructive(request, payload.validated_data.get("reason"))
        pitch = moderation.remove_pitch(pitch=pitch, actor=request_user(request), reason=reason)
        return flat_response({"removed": True, "id": pitch.pk, "status": pitch.status})


class ContentFeatureApi(StaffApi):
    staff_permission = MODERATE

    class InputSerializer(serializers.Serializer):
        notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        featured = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        summary="Feature a published pitch (featured=false takes it back)",
        request=InputSerializer,
        responses=shape("ContentFeatured", "featured", "id"),
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = get_object_or_404(selectors.pitches_for_staff(), pk=pitch_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        pitch = pitch_services.set_featured(
            pitch=pitch,
            actor=request_user(request),
            featured=data["featured"],
            notes=data.get("notes", ""),
        )
        return flat_response({"featured": pitch.featured_at is not None, "id": pitch.pk})


class BulkActionApi(StaffApi):
    # Each kind of action checks its own function in the service (moderators moderate, support
    # and admin refund), so the endpoint only asks for the console.
    staff_permission = "staff.view_console"

    class InputSerializer(serializers.Serializer):
        action = serializers.CharField(max_length=40)
        pitch_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=100, required=False
        )
        user_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=100, required=False
        )
        flag_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=100, required=False
        )
        data = serializers.DictField(required=False, allow_null=True)  # type: ignore[assignment]
        updates = serializers.DictField(required=False, allow_null=True)
        reason = serializers.CharField(max_length=500, required=False, allow_blank=True)
        payment_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), max_length=100, required=False
        )
        target_id = serializers.IntegerField(min_value=1, required=False)  # refund: a payment
        amount = serializers.DecimalField(
            max_digits=10,
            decimal_places=2,
            min_value=Decimal("0.01"),
            required=False,
            allow_null=True,
        )

    @extend_schema(
        summary="One moderation action on many pitches, flags or users, or refunds of payments",
        request=InputSerializer,
        responses=shape("BulkResult", "action", "processed", "failed", "results"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        if moderation.is_destructive(data["action"], data.get("updates")):
            data["reason"] = destructive(request, data.get("reason") or _reason_in(data))
        result = moderation.bulk_action(actor=request_user(request), **data)
        return flat_response(result)


def _reason_in(data: dict[str, Any]) -> str:
    extra = data.get("data") or data.get("updates") or {}
    return str(extra.get("reason") or "")
