from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from messaging import selectors, services
from messaging.api.serializers import (
    ConversationSerializer,
    MessageSerializer,
    UserBriefSerializer,
)
from messaging.models import Conversation, Message
from pitchey.api import CamelCaseMultiPartParser, PagePagination, flat_response, request_user

if TYPE_CHECKING:
    pass


def ok_schema(summary: str, fields: dict[str, serializers.Field], name: str) -> dict[str, Any]:
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
        **ok_schema(
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
        rows = paginator.paginate_queryset(
            selectors.conversations_for(request_user(request)), request
        )
        context = {"viewer_id": request_user(request).pk}
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
                sender=request_user(request),
                recipient_ids=data["recipient_ids"],
                content=data["message"],
                **about,
            ).conversation_id
        else:
            conversation_id = services.start_conversation(
                creator=request_user(request), recipient_ids=data["recipient_ids"], **about
            ).pk
        found = selectors.conversation_for(request_user(request), conversation_id)
        shown = ConversationSerializer(found, context={"viewer_id": request_user(request).pk}).data
        return flat_response({"conversation": shown}, status.HTTP_201_CREATED)


class ConversationDetailApi(APIView):
    @extend_schema(
        **ok_schema(
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
        conversation = selectors.conversation_for(request_user(request), conversation_id)
        if conversation is None:
            raise services.NotFoundError("Conversation not found.")
        before, limit = _cursor_params(request)
        messages, cursor = selectors.messages_page(conversation, before=before, limit=limit)
        context = {
            "viewer_id": request_user(request).pk,
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
            Conversation.objects.visible_to(request_user(request)), pk=conversation_id
        )
        payload = MessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.send_message(
            sender=request_user(request), conversation=conversation, **payload.validated_data
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
            Conversation.objects.visible_to(request_user(request)), pk=conversation_id
        )
        payload = self.ConversationReadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = services.mark_conversation_read(
            user=request_user(request),
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
                Conversation.objects.visible_to(request_user(request)), pk=data["conversation_id"]
            )
            message = services.send_message(
                sender=request_user(request),
                conversation=conversation,
                content=content,
                attachments=attachments,
            )
        else:
            message = services.start_conversation_with_message(
                sender=request_user(request),
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
        **ok_schema(
            "One message of a conversation I take part in",
            {"message": MessageSerializer()},
            "MessageDetail",
        )
    )
    def get(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(
            Message.objects.visible_to(request_user(request)), pk=message_id
        )
        return Response({"message": MessageSerializer(message).data})

    @extend_schema(
        summary="Edit my message",
        request=MessageDetailInputSerializer,
        responses=inline_serializer("MessageEdited", {"message": MessageSerializer()}),
    )
    def put(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(
            Message.objects.visible_to(request_user(request)), pk=message_id
        )
        payload = self.MessageDetailInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.edit_message(
            user=request_user(request), message=message, content=payload.validated_data["content"]
        )
        return Response({"message": MessageSerializer(message).data})

    @extend_schema(
        summary="Delete my message (it stays as a tombstone)",
        responses=inline_serializer("MessageDeleted", {"deleted": serializers.BooleanField()}),
    )
    def delete(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(
            Message.objects.visible_to(request_user(request)), pk=message_id
        )
        services.delete_message(user=request_user(request), message=message)
        return flat_response({"deleted": True})


class MessageReadApi(APIView):
    @extend_schema(
        summary="Mark a conversation read up to this message",
        request=None,
        responses=inline_serializer("MessageRead", {"marked_read": serializers.IntegerField()}),
    )
    def post(self, request: Request, message_id: int) -> Response:
        message = get_object_or_404(
            Message.objects.visible_to(request_user(request)), pk=message_id
        )
        count = services.mark_conversation_read(
            user=request_user(request), conversation=message.conversation, up_to_id=message.pk
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
            user=request_user(request), fileobj=upload, name=str(upload.name), size=upload.size
        )
        return flat_response({"attachment": body}, status.HTTP_201_CREATED)


class ContactListApi(APIView):
    @extend_schema(
        **ok_schema(
            "People I share a conversation with",
            {"contacts": UserBriefSerializer(many=True)},
            "Contacts",
        )
    )
    def get(self, request: Request) -> Response:
        partners = selectors.contacts_of(request_user(request), limit=200)
        contacts = [UserBriefSerializer(user).data for user in partners]
        return Response({"contacts": contacts})
