"""The moderation queue in the admin site: the same services as the staff API."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from pitchey.admin_actions import service_action
from pitchey.api import request_user
from staff.models import Flag
from staff.services import flags


def _resolve(resolution: str):  # type: ignore[no-untyped-def]
    return lambda request, flag: flags.resolve_flag(
        flag=flag, actor=request_user(request), resolution=resolution, note="From the admin site"
    )


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "target_type",
        "target_id",
        "target_label",
        "report_count",
        "status",
        "assignee",
        "resolution",
        "last_reported_at",
    ]
    list_filter = ["status", "target_type", "resolution"]
    search_fields = ["target_label", "reasons", "notes"]
    readonly_fields = [f.name for f in Flag._meta.fields]
    actions = [
        service_action(
            "assign_to_me",
            "Assign to me",
            lambda request, flag: flags.assign_flag(
                flag=flag, assignee=request_user(request), actor=request_user(request)
            ),
            done="{count} flag(s) assigned to you.",
        ),
        service_action(
            "dismiss", "Dismiss", _resolve("dismiss"), done="{count} flag(s) dismissed."
        ),
        service_action("hide", "Hide the content", _resolve("hide"), done="{count} hidden."),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Flag | None = None) -> bool:
        return False
