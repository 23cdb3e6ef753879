from __future__ import annotations

from typing import Any

from rest_framework import serializers

from messaging.models import Conversation, Message, Notification
from pitchey.api import Verbatim, with_snake_keys
from pitchey.storage import signed_url

# Messages.tsx reads these rows with snake_case keys (the original's row columns).
CONVERSATION_SNAKE = ("participant_name", "participant_type", "pitch_title", "updated_at")
MESSAGE_SNAKE = ("sender_name", "sender_type", "is_read", "conversation_id", "sender_id")


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    user_type = serializers.CharField()
    profile_image = serializers.CharField(source="profile_image_url")
    company_verified = serializers.BooleanField()  # the verified-company badge


class MessageAttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj: dict[str, Any]) -> str:
        return signed_url(obj["key"], download_name=obj["name"])


class MessageSerializer(serializers.ModelSerializer):
    """Context (optional): `viewer_id` and `read_markers` {user id: last read message id} of the
    conversation's members, from which `is_read` is answered."""

    sender = UserBriefSerializer()
    sender_id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    attachments = MessageAttachmentSerializer(many=True)
    is_deleted = serializers.BooleanField()
    timestamp = serializers.DateTimeField(source="created_at")
    sender_name = serializers.CharField(source="sender.display_name", default="")
    sender_type = serializers.CharField(source="sender.user_type", default="")
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation_id",
            "sender_id",
            "sender",
            "sender_name",
            "sender_type",
            "content",
            "attachments",
            "created_at",
            "timestamp",
            "edited_at",
            "is_deleted",
            "is_read",
        ]

    def get_is_read(self, obj: Message) -> bool:
        """Yours: every other member has read it. Others': you have read up to it."""
        viewer = self.context.get("viewer_id")
        markers: dict[int, int] = self.context.get("read_markers") or {}
        if obj.sender_id == viewer:
            others = [marker for user_id, marker in markers.items() if user_id != viewer]
            return bool(others) and all(marker >= obj.pk for marker in others)
        return markers.get(viewer or 0, 0) >= obj.pk

    def to_representation(self, instance: Message) -> dict[str, Any]:
        return with_snake_keys(super().to_representation(instance), MESSAGE_SNAKE)


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

    def to_representation(self, instance: Conversation) -> dict[str, Any]:
        """Context `viewer_id`: the other participant is who the SPA's inbox names."""
        data = dict(super().to_representation(instance))
        others = [p for p in data["participants"] if p["id"] != self.context.get("viewer_id")]
        partner = others[0] if len(others) == 1 else None
        names = ", ".join(p["name"] for p in others)
        data["participant_id"] = partner["id"] if partner else None
        data["participant_name"] = partner["name"] if partner else (instance.title or names)
        data["participant_type"] = partner["user_type"] if partner else "group"
        data["participant_username"] = partner["username"] if partner else ""
        data["participant_company_verified"] = bool(partner and partner["company_verified"])
        data["pitch_title"] = getattr(instance, "pitch_title", None)
        last = data.pop("last_message")
        data["updated_at"] = (
            last["created_at"]
            if last
            else serializers.DateTimeField().to_representation(instance.created_at)
        )
        out = with_snake_keys(data, CONVERSATION_SNAKE)
        # Messages.tsx reads the last message as a string under the snake_case name.
        out["lastMessage"] = last
        out[Verbatim("last_message")] = last["content"] if last else ""
        out[Verbatim("last_message_time")] = out[Verbatim("updated_at")]
        return out


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
