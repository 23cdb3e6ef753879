"""Slates, share links and saved comparisons in the Django admin. Revoking a link and deleting a
slate go through the services, which write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from curation import services
from curation.models import SavedComparison, ShareLink, Slate, SlatePitch


class SlatePitchInline(admin.TabularInline):
    model = SlatePitch
    extra = 0
    raw_id_fields = ["pitch"]


@admin.register(Slate)
class SlateAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    inlines = [SlatePitchInline]
    actions = ["unpublish"]

    @admin.action(description="Unpublish the selected slates (moderator)")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Slate]) -> None:
        for slate in queryset.select_related("owner"):
            # Staff act for the owner: the service's own rule is about owners.
            services.update_slate(slate=slate, actor=slate.owner, fields={"status": "draft"})
        messages.success(request, f"{queryset.count()} slate(s) unpublished.")


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "owner", "slate", "view_count", "expires_at", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["label", "owner__email", "token"]
    raw_id_fields = ["owner", "slate"]
    readonly_fields = ["token", "view_count", "last_viewed_at", "revoked_at", "created_at"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected links")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ShareLink]) -> None:
        for link in queryset.select_related("owner"):
            services.revoke_share_link(link=link, actor=link.owner)
        messages.success(request, f"{queryset.count()} link(s) revoked.")


@admin.register(SavedComparison)
class SavedComparisonAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner"]
    readonly_fields = ["share_token"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
