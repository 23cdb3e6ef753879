"""Settings and maintenance (AD6, AD7), system health, broadcast announcements."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pitchey import health, runtime
from pitchey.api import flat_response, request_user
from pitchey.errors import DomainError
from staff.api.common import StaffApi, shape
from staff.models import Broadcast
from staff.services import broadcasts
from staff.services import settings as settings_service


class SettingsApi(StaffApi):
    staff_permission = {"GET": "staff.manage_settings", "PUT": "staff.manage_settings"}

    @extend_schema(
        summary="Runtime settings: maintenance, feature switches, announcement banner",
        responses=shape("RuntimeSettings", "settings", "maintenance", "features", "announcement"),
    )
    def get(self, request: Request) -> Response:
        values = runtime.current()
        return flat_response({"settings": values, **values})

    @extend_schema(
        summary="Change runtime settings (any subset of the sections)",
        request=shape("RuntimeSettingsInput", "maintenance", "features", "announcement"),
        responses=shape("RuntimeSettingsSaved", "settings", "maintenance", "features"),
    )
    def put(self, request: Request) -> Response:
        body: Any = request.data
        if not isinstance(body, dict):
            raise DomainError("Send an object of settings.", code="VALIDATION_ERROR")
        nested = body.get("settings")
        values: dict[str, Any] = dict(nested if isinstance(nested, dict) else body)
        # The maintenance toggle of the health page sends a flat flag.
        if "maintenance_mode" in values:
            flag = values.pop("maintenance_mode")
            values.setdefault("maintenance", {})["enabled"] = flag
        saved = settings_service.update_runtime_settings(actor=request_user(request), values=values)
        return flat_response({"settings": saved, **saved})


class SystemHealthApi(StaffApi):
    staff_permission = "staff.view_health"

    @extend_schema(
        summary="Health of every dependency with its latency",
        responses=shape("SystemHealth", "status", "services", "maintenance"),
    )
    def get(self, request: Request) -> Response:
        healthy, results = health.run_checks()
        return flat_response(
            {
                "status": "healthy" if healthy else "degraded",
                "services": results,
                "maintenance": runtime.maintenance() is not None,
            }
        )


class BroadcastApi(StaffApi):
    staff_permission = "staff.manage_settings"

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        message = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        body = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        link = serializers.CharField(max_length=500, required=False, allow_blank=True)
        audience = serializers.ChoiceField(Broadcast.Audience.values, required=False)

    @extend_schema(
        summary="Announce something to every user of an audience (notifications, in bulk)",
        request=InputSerializer,
        responses={202: shape("BroadcastQueued", "broadcast_id", "audience", "queued")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        broadcast = broadcasts.create_broadcast(
            actor=request_user(request),
            title=data["title"],
            body=data.get("body") or data.get("message") or "",
            link=data.get("link", ""),
            audience=data.get("audience", Broadcast.Audience.ALL),
        )
        body = {"broadcast_id": broadcast.pk, "audience": broadcast.audience, "queued": True}
        return flat_response(body, status.HTTP_202_ACCEPTED)
