from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from content import services
from content.models import ClientError, ContactMessage, Page
from pitchey.admin_actions import service_action


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "footer_position", "is_published", "updated_at"]
    list_editable = ["footer_position", "is_published"]
    search_fields = ["title", "slug", "body"]
    readonly_fields = ["updated_at"]

    def save_model(self, request: HttpRequest, obj: Page, form: object, change: bool) -> None:
        services.save_page(page=obj, actor=request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the public site: staff read them, only a service changes them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "subject", "email", "sender", "handled_at"]
    list_filter = ["kind", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "email", "name", "message"]
    date_hierarchy = "created_at"
    list_select_related = ["sender"]
    actions = [
        service_action(
            "mark_handled",
            "Mark as handled",
            lambda request, row: services.mark_contact_handled(contact=row, actor=request.user),
            done="{count} message(s) marked as handled.",
        )
    ]


@admin.register(ClientError)
class ClientErrorAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "source", "level", "short_message", "url", "user", "ip_address"]
    list_filter = ["source", "level"]
    search_fields = ["message", "url", "stack"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    @admin.display(description="Message")
    def short_message(self, obj: ClientError) -> str:
        return obj.message[:120]
