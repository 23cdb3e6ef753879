from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import presence, selectors, services
from messaging.api.serializers import (
    ConversationSerializer,
    MessageSerializer,
    NotificationSerializer,
    UserBriefSerializer,
)
from messaging.models import Conversation, Message, Notification
from pitchey.api import CamelCaseMultiPartParser, PagePagination, flat_response, request_user

if TYPE_CHECKING:
    pass


_me = request_user


def _ok(summary: str, fields: dict[str, serializers.Field], name: str) -> dict[str, Any]:
    return {"summary": summary, "responses": inline_serializer(name=name, fields=fields)}


# --- conversations ------------------------------------------------------------------------------


class ConversationListApi(APIView):
    class ConversationListInputSerializer(serializers.Serializer):
        recipient_id = serializers.IntegerField(required=False, min_value=1)
        participant_ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), required=False, max_length=49
        )
        pitch_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        title = serializers.CharField(required=False, allow_blank=True, max_length=200)
        message = serializers.CharField(required=False, allow_blank=True, max_length=5000)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            ids = list(attrs.get("participant_ids") or [])
            if attrs.get("recipient_id"):
                ids.append(attrs["recipient_id"])
            if not ids:
                raise ValidationError({"recipient_id": ["This field is required."]})
            attrs["recipient_ids"] = ids
            return attrs

    @extend_schema(
        **_ok(
            "List my conversations with their last message and unread count",
            {
                "conversations": ConversationSerializer(many=True),
                "total": serializers.IntegerField(),
            },
            "ConversationList",
        ),
        parameters=[OpenApiParameter("page", int), OpenApiParameter("limit", int)],
        operation_id="conversations_list",
    )
    def get(self, request: Request) -> Response:
        paginator = PagePagination(results_key="conversations")
        rows = paginator.paginate_queryset(selectors.conversations_for(_me(request)), request)
        context = {"viewer_id": _me(request).pk}
        return paginator.get_paginated_response(
            ConversationSerializer(rows, many=True, context=context).data
        )

    @extend_schema(
        summary="Start (or reuse) a conversation, optionally about a pitch",
        request=ConversationListInputSerializer,
        responses={
            201: inline_serializer(
                "ConversationCreated", {"conversation": ConversationSerializer()}
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = self.ConversationListInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        about = {"pitch_id": data.get("pitch_id"), "title": data.get("title", "")}
        if data.get("message"):
            conversation_id = services.start_conversation_with_message(
                sender=_me(request),
                recipient_ids=data["recipient_ids"],
                content=data["message"],
                **about,
            ).conversation_id
        else:
            conversation_id = services.start_conversation(
                creator=_me(request), recipient_ids=data["recipient_ids"], **about
            ).pk
        found = selectors.conversation_for(_me(request), conversation_id)
        shown = ConversationSerializer(found, context={"viewer_id": _me(request).pk}).data
        return flat_response({"conversation": shown}, status.HTTP_201_CREATED)


class ConversationDetailApi(APIView):
    @extend_schema(
        **_ok(
            "One conversation and a page of its messages (cursor: ?before=<message id>)",
            {
                "conversation": ConversationSerializer(),
                "messages": MessageSerializer(many=True),
                "next_cursor": serializers.IntegerField(allow_null=True),
                "has_more": serializers.BooleanField(),
            },
            "ConversationDetail",
        ),
        parameters=[OpenApiParameter("before", int), OpenApiParameter("limit", int)],
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        conversation = selectors.conversation_for(_me(request), conversation_id)
        if conversation is None:
            raise services.NotFoundError("Conversation not found.")
        before, limit = _cursor_params(request)
        messages, cursor = selectors.messages_page(conversation, before=before, limit=limit)
        context = {
            "viewer_id": _me(request).pk,
            "read_markers": {
                m.user_id: m.last_read_message_id for m in getattr(conversation, "members", [])
            },
        }
        return Response(
            {
                "conversation": ConversationSerializer(conversation, context=context).data,
                "messages": MessageSerializer(messages, many=True, context=context).data,
                "next_cursor": cursor,
                "has_more": cursor is not None,
            }
        )


def _cursor_params(request: Request) -> tuple[int | None, int]:
    class Params(serializers.Serializer):
        before = serializers.IntegerField(required=False, min_value=1)
        limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=50)

    params = Params(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data.get("before"), params.validated_data["limit"]


class MessageInputSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=5000, trim_whitespace=True)
    attachments = serializers.ListField(
        child=serializers.CharField(max_length=2000), required=False, max_length=5
    )


class ConversationMessageCreateApi(APIView):
    @extend_schema(
        summary="Send a message to a conversation I take part in",
        request=MessageInputSerializer,
        responses={201: inline_serializer("MessageCreated", {"message": MessageSerializer()})},
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation = get_object_or_404(
            Conversation.objects.visible_to(_me(request)), pk=conversation_id
        )
        payload = MessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.send_message(
            sender=_me(request), conversation=conversation, **payload.validated_data
        )
        return flat_response({"message": MessageSerializer(message).data}, status.HTTP_201_CREATED)


class ConversationReadApi(APIView):
    class ConversationReadInputSerializer(serializers.Serializer):
        up_to_id = serializers.IntegerField(required=False, min_value=1)

    @extend_schema(
        summary="Mark a conversation read (up to a message), writing read receipts",
        request=ConversationReadInputSerializer,
        responses=inline_serializer(
            "ConversationRead", {"marked_read": serializers.IntegerField()}
        ),
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation = get_object_or_404(
            Conversation.objects.visible_to(_me(request)), pk=conversation_id
        )
        payload = self.ConversationReadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.mark_conversation_read(
            user=_me(request),
            conversation=conversation,
            up_to_id=payload.validated_data.get("up_to_id"),
        )
        return Response({"marked_read": count})


# --- messages -----------------------------------------------------------------------------------


class MessageSendApi(APIView):
    class MessageSendInputSerializer(MessageInputSerializer):
        recipient_id = serializers.IntegerField(required=False, min_value=1)
        conversation_id = serializers.IntegerField(required=False, min_value=1)
        pitch_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs.get("recipient_id") and not attrs.get("conversation_id"):
                raise ValidationError({"recipient_id": ["Give recipientId or conversationId."]})
            return attrs

    @extend_schema(
        summary="Send a message to a user (starting a conversation) or to a conversation",
        request=MessageSendInputSerializer,
        responses={
            201: inline_serializer(
                "MessageSent",
                {"message": MessageSerializer(), "conversation_id": serializers.IntegerField()},
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = self.MessageSendInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        content, attachments = data["content"], data.get("attachments", [])
        if data.get("conversation_id"):
            conversation = get_object_or_404(
                Conversation.objects.visible_to(_me(request)), pk=data["conversation_id"]
            )
            message = services.send_message(
                sender=_me(request),
                conversation=conversation,
                content=content,
                attachments=attachments,
            )
        else:
            message = services.start_conversation_with_message(
                sender=_me(request),
                recipient_ids=[data["recipient_id"]],
                pitch_id=data.get("pitch_id"),
                content=content,
                attachments=attachments,
            )
        return flat_response(
            {
                "message": MessageSerializer(message).data,
                "conversation_id": message.conversation_id,
            },
            status.HTTP_201_CREATED,
        )


class MessageDetailApi(APIView):
    class MessageDetailInputSerializer(serializers.Serializer):
        content = serializers.CharField(max_length=5000)

    @extend_schema(
        **_ok(
            "One message of a conversation I take part in",
            {"message": MessageSerializer()},
            "MessageDetail",
        )
    )
    def get(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(Message.objects.visible_to(_me(request)), pk=message_id)
        return Response({"message": MessageSerializer(message).data})

    @extend_schema(
        summary="Edit my message",
        request=MessageDetailInputSerializer,
        responses=inline_serializer("MessageEdited", {"message": MessageSerializer()}),
    )
    def put(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(Message.objects.visible_to(_me(request)), pk=message_id)
        payload = self.MessageDetailInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.edit_message(
            user=_me(request), message=message, content=payload.validated_data["content"]
        )
        return Response({"message": MessageSerializer(message).data})

    @extend_schema(
        summary="Delete my message (it stays as a tombstone)",
        responses=inline_serializer("MessageDeleted", {"deleted": serializers.BooleanField()}),
    )
    def delete(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(Message.objects.visible_to(_me(request)), pk=message_id)
        services.delete_message(user=_me(request), message=message)
        return flat_response({"deleted": True})


class MessageReadApi(APIView):
    @extend_schema(
        summary="Mark a conversation read up to this message",
        request=None,
        responses=inline_serializer("MessageRead", {"marked_read": serializers.IntegerField()}),
    )
    def post(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(Message.objects.visible_to(_me(request)), pk=message_id)
        count = services.mark_conversation_read(
            user=_me(request), conversation=message.conversation, up_to_id=message.pk
        )
        return Response({"marked_read": count})


class MessageAttachmentUploadApi(APIView):
    parser_classes = [CamelCaseMultiPartParser, MultiPartParser]
    throttle_scope = "upload"

    class MessageAttachmentUploadInputSerializer(serializers.Serializer):
        file = serializers.FileField()

    @extend_schema(
        summary="Upload a message attachment; send its token with the message",
        request={"multipart/form-data": MessageAttachmentUploadInputSerializer},
        responses={
            201: inline_serializer(
                "AttachmentUploaded",
                {
                    "attachment": inline_serializer(
                        "UploadedAttachment",
                        {
                            "token": serializers.CharField(),
                            "name": serializers.CharField(),
                            "size": serializers.IntegerField(),
                            "content_type": serializers.CharField(),
                        },
                    )
                },
            )
        },
    )
    def post(self, request: Request) -> Response:
        payload = self.MessageAttachmentUploadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        body = services.upload_attachment(
            user=_me(request), fileobj=upload, name=str(upload.name), size=upload.size
        )
        return flat_response({"attachment": body}, status.HTTP_201_CREATED)


class ContactListApi(APIView):
    @extend_schema(
        **_ok(
            "People I share a conversation with",
            {"contacts": UserBriefSerializer(many=True)},
            "Contacts",
        )
    )
    def get(self, request: Request) -> Response:
        partners = selectors.contacts_of(_me(request), limit=200)
        contacts = [UserBriefSerializer(user).data for user in partners]
        return Response({"contacts": contacts})


# --- notifications ------------------------------------------------------------------------------


class NotificationListApi(APIView):
    @extend_schema(
        **_ok(
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
        rows = Notification.objects.for_user(_me(request))
        if request.query_params.get("unread") in ("true", "1"):
            rows = rows.unread()
        paginator = PagePagination(results_key="notifications")
        page = paginator.paginate_queryset(rows, request)
        response = paginator.get_paginated_response(NotificationSerializer(page, many=True).data)
        response.data["unread_count"] = services.unread_count(_me(request).pk)
        return response


class NotificationUnreadApi(APIView):
    @extend_schema(
        **_ok(
            "My unread notifications (up to 50) and their count",
            {
                "notifications": NotificationSerializer(many=True),
                "count": serializers.IntegerField(),
            },
            "NotificationUnread",
        )
    )
    def get(self, request: Request) -> Response:
        rows = Notification.objects.for_user(_me(request)).unread()
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
            Notification.objects.for_user(_me(request)), pk=notification_id
        )
        services.mark_notifications_read(user=_me(request), ids=[notification.pk])
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
            user=_me(request), ids=payload.validated_data["notification_ids"]
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
        return flat_response({"updated": services.mark_notifications_read(user=_me(request))})

    post = put


class NotificationDeleteApi(APIView):
    @extend_schema(
        summary="Delete one of my notifications",
        responses=inline_serializer("NotificationDeleted", {"deleted": serializers.BooleanField()}),
    )
    def delete(self, request: Request, notification_id: int) -> Response:
        notification = get_object_or_404(
            Notification.objects.for_user(_me(request)), pk=notification_id
        )
        services.delete_notification(user=_me(request), notification=notification)
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
            user_id=_me(request).pk,
            username=_me(request).username,
            status=payload.validated_data["status"],
            activity=payload.validated_data.get("activity", ""),
        )
        return flat_response({"status": row["status"], "last_seen": row["last_seen"]})


class PresenceOnlineApi(APIView):
    @extend_schema(
        **_ok(
            "Online people whose presence I may see (conversation partners, mutual follows)",
            {"users": serializers.ListField(child=serializers.DictField())},
            "PresenceOnline",
        )
    )
    def get(self, request: Request) -> Response:
        return flat_response({"users": presence.visible_online(_me(request).pk)})


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
        **_ok(
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
        summary = selectors.poll_summary(_me(request), since)
        return Response(
            {
                "notifications": NotificationSerializer(summary["notifications"], many=True).data,
                "messages": MessageSerializer(summary["messages"], many=True).data,
                "dashboard": summary["dashboard"],
                "unread_count": summary["dashboard"]["unread_notifications"],
                "timestamp": now,
            }
        )
