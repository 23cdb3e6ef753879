from __future__ import annotations

from typing import Any

from rest_framework import serializers

from messaging.models import Conversation, Message, Notification
from pitchey.storage import signed_url


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    user_type = serializers.CharField()
    profile_image = serializers.CharField(source="profile_image_url")


class MessageAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: dict[str, Any]) -> str:
        return signed_url(obj["key"], download_name=obj["name"])


class MessageSerializer(serializers.ModelSerializer):
    sender = UserBriefSerializer()
    sender_id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    attachments = MessageAttachmentSerializer(many=True)
    is_deleted = serializers.BooleanField()
    timestamp = serializers.DateTimeField(source="created_at")

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation_id",
            "sender_id",
            "sender",
            "content",
            "attachments",
            "created_at",
            "timestamp",
            "edited_at",
            "is_deleted",
        ]


class LastMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="last_message_id")
    content = serializers.CharField(source="last_message_content")
    sender_id = serializers.IntegerField(source="last_message_sender_id")
    created_at = serializers.DateTimeField(source="last_message_created_at")


class ConversationSerializer(serializers.ModelSerializer):
    participants = serializers.SerializerMethodField()
    last_message = serializers.SerializerMethodField()
    unread_count = serializers.IntegerField(default=0)

    class Meta:
        model = Conversation
        fields = [
            "id",
            "title",
            "is_group",
            "pitch_id",
            "created_at",
            "last_message_at",
            "participants",
            "last_message",
            "unread_count",
        ]

    def get_participants(self, obj: Conversation) -> list[dict[str, Any]]:
        members = getattr(obj, "members", None)
        if members is None:
            members = list(obj.participants.filter(left_at__isnull=True).select_related("user"))
        return [UserBriefSerializer(m.user).data for m in members]

    def get_last_message(self, obj: Conversation) -> dict[str, Any] | None:
        if getattr(obj, "last_message_id", None) is None:
            return None
        data = dict(LastMessageSerializer(obj).data)
        if getattr(obj, "last_message_deleted_at", None) is not None:
            data["content"] = ""
        return data


class NotificationSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="kind")
    message = serializers.CharField(source="body")
    read = serializers.BooleanField(source="is_read")
    is_read = serializers.BooleanField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "type",
            "kind",
            "title",
            "message",
            "body",
            "link",
            "data",
            "read",
            "is_read",
            "read_at",
            "created_at",
        ]
