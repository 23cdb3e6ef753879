"""Notifications, presence and the polling fallback for clients without a socket."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import presence, selectors, services
from messaging.api.serializers import (
    MessageSerializer,
    NotificationSerializer,
)
from messaging.api.views import ok_schema
from messaging.models import Notification
from pitchey.api import PagePagination, flat_response, request_user

if TYPE_CHECKING:
    pass


class NotificationListApi(APIView):
    @extend_schema(
        **ok_schema(
            "My notifications, newest first (?unread=true for unread only)",
            {
                "notifications": NotificationSerializer(many=True),
                "unread_count": serializers.IntegerField(),
                "total": serializers.IntegerField(),
            },
            "NotificationList",
        ),
        parameters=[
            OpenApiParameter("unread", bool),
            OpenApiParameter("page", int),
            OpenApiParameter("limit", int),
        ],
    )
    def get(self, request: Request) -> Response:
        rows = Notification.objects.for_user(request_user(request))
        if request.query_params.get("unread") in ("true", "1"):
            rows = rows.unread()
        paginator = PagePagination(results_key="notifications")
        page = paginator.paginate_queryset(rows, request)
        response = paginator.get_paginated_response(NotificationSerializer(page, many=True).data)
        response.data["unread_count"] = services.unread_count(request_user(request).pk)
        return response


class NotificationUnreadApi(APIView):
    @extend_schema(
        **ok_schema(
            "My unread notifications (up to 50) and their count",
            {
                "notifications": NotificationSerializer(many=True),
                "count": serializers.IntegerField(),
            },
            "NotificationUnread",
        )
    )
    def get(self, request: Request) -> Response:
        rows = Notification.objects.for_user(request_user(request)).unread()
        count = rows.count()
        data = NotificationSerializer(rows[:50], many=True).data
        return Response({"notifications": data, "count": count, "unread_count": count})


class NotificationReadApi(APIView):
    @extend_schema(
        summary="Mark one notification read",
        request=None,
        responses=inline_serializer("NotificationRead", {"notification": NotificationSerializer()}),
    )
    def put(self, request: Request, notification_id: int) -> Response:
        notification = get_object_or_404(
            Notification.objects.for_user(request_user(request)), pk=notification_id
        )
        services.mark_notifications_read(user=request_user(request), ids=[notification.pk])
        notification.refresh_from_db()
        return flat_response({"notification": NotificationSerializer(notification).data})

    post = put


class NotificationReadMultipleApi(APIView):
    class NotificationReadMultipleInputSerializer(serializers.Serializer):
        notification_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), allow_empty=False, max_length=500
        )

    @extend_schema(
        summary="Mark several of my notifications read",
        request=NotificationReadMultipleInputSerializer,
        responses=inline_serializer("NotificationsRead", {"updated": serializers.IntegerField()}),
    )
    def put(self, request: Request) -> Response:
        payload = self.NotificationReadMultipleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.mark_notifications_read(
            user=request_user(request), ids=payload.validated_data["notification_ids"]
        )
        return flat_response({"updated": count})

    post = put


class NotificationReadAllApi(APIView):
    @extend_schema(
        summary="Mark all my notifications read",
        request=None,
        responses=inline_serializer(
            "NotificationsAllRead", {"updated": serializers.IntegerField()}
        ),
    )
    def put(self, request: Request) -> Response:
        return flat_response(
            {"updated": services.mark_notifications_read(user=request_user(request))}
        )

    post = put


class NotificationDeleteApi(APIView):
    @extend_schema(
        summary="Delete one of my notifications",
        responses=inline_serializer("NotificationDeleted", {"deleted": serializers.BooleanField()}),
    )
    def delete(self, request: Request, notification_id: int) -> Response:
        notification = get_object_or_404(
            Notification.objects.for_user(request_user(request)), pk=notification_id
        )
        services.delete_notification(user=request_user(request), notification=notification)
        return flat_response({"deleted": True})


# --- presence and polling -----------------------------------------------------------------------


class PresenceUpdateApi(APIView):
    class PresenceUpdateInputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=list(presence.STATUSES))
        activity = serializers.CharField(required=False, allow_blank=True, max_length=100)

    @extend_schema(
        summary="Set my presence (the polling fallback of the socket's presence_update)",
        request=PresenceUpdateInputSerializer,
        responses=inline_serializer(
            "PresenceUpdated",
            {"status": serializers.CharField(), "last_seen": serializers.FloatField()},
        ),
    )
    def post(self, request: Request) -> Response:
        payload = self.PresenceUpdateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = presence.set_presence(
            user_id=request_user(request).pk,
            username=request_user(request).username,
            status=payload.validated_data["status"],
            activity=payload.validated_data.get("activity", ""),
        )
        return flat_response({"status": row["status"], "last_seen": row["last_seen"]})


class PresenceOnlineApi(APIView):
    @extend_schema(
        **ok_schema(
            "Online people whose presence I may see (conversation partners, mutual follows)",
            {"users": serializers.ListField(child=serializers.DictField())},
            "PresenceOnline",
        )
    )
    def get(self, request: Request) -> Response:
        return flat_response({"users": presence.visible_online(request_user(request).pk)})


def _parse_since(raw: str | None) -> dt.datetime | None:
    if not raw:
        return None
    invalid = ValidationError({"since": ["Use an ISO 8601 timestamp or epoch milliseconds."]})
    try:
        if raw.isdigit():
            return dt.datetime.fromtimestamp(int(raw) / 1000, tz=dt.UTC)
        parsed = parse_datetime(raw.replace(" ", "+"))
    except (ValueError, OverflowError, OSError):  # out of the calendar's range
        raise invalid from None
    if parsed is None:
        raise invalid
    return parsed if parsed.tzinfo else timezone.make_aware(parsed, dt.UTC)


class PollAllApi(APIView):
    @extend_schema(
        **ok_schema(
            "Everything new since a timestamp: notifications, unread messages, dashboard counters",
            {
                "notifications": NotificationSerializer(many=True),
                "messages": MessageSerializer(many=True),
                "dashboard": serializers.DictField(),
                "timestamp": serializers.DateTimeField(),
            },
            "PollAll",
        ),
        parameters=[OpenApiParameter("since", str)],
    )
    def get(self, request: Request) -> Response:
        now = timezone.now()
        since = _parse_since(request.query_params.get("since"))
        summary = selectors.poll_summary(request_user(request), since)
        return Response(
            {
                "notifications": NotificationSerializer(summary["notifications"], many=True).data,
                "messages": MessageSerializer(summary["messages"], many=True).data,
                "dashboard": summary["dashboard"],
                "unread_count": summary["dashboard"]["unread_notifications"],
                "timestamp": now,
            }
        )
