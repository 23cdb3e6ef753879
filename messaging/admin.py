"""Staff views: conversations and messages read-only (abuse reports), notifications, email log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from messaging import emails
from messaging.models import (
    Conversation,
    ConversationParticipant,
    EmailDelivery,
    Message,
    Notification,
)
from pitchey.admin_actions import ReadOnlyAdmin


class ParticipantInline(admin.TabularInline):
    model = ConversationParticipant
    fields = ("user", "joined_at", "left_at", "last_read_message_id")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "is_group", "pitch_id", "created_by", "last_message_at"]
    list_filter = ["is_group"]
    search_fields = ["title", "participants__user__email", "participants__user__username"]
    inlines = [ParticipantInline]
    date_hierarchy = "created_at"


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "conversation_id", "sender", "short_content", "created_at", "deleted_at"]
    search_fields = ["content", "sender__email", "sender__username"]
    list_select_related = ["sender"]
    raw_id_fields = ["conversation", "sender"]
    date_hierarchy = "created_at"

    @admin.display(description="Content")
    def short_content(self, obj: Message) -> str:
        return obj.content[:80]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["id", "user", "kind", "period", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    search_fields = ["user__email", "subject", "last_error"]
    list_select_related = ["user"]
    actions = ["retry"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_staff) and obj is None

    @admin.action(description="Retry the selected failed emails")
    def retry(self, request: HttpRequest, queryset: QuerySet[EmailDelivery]) -> None:
        for delivery in queryset.filter(status=EmailDelivery.Status.FAILED):
            emails.retry_delivery(delivery_id=delivery.pk)
