from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pitches import services
from pitches.models import (
    Character,
    DocumentAccessLog,
    InfoRequest,
    Pitch,
    PitchAccess,
    PitchDocument,
    PitchMedia,
)
from pitchey.admin_actions import run_each, service_action
from pitchey.api import request_user


class CharacterInline(admin.TabularInline):
    model = Character
    extra = 0


class DocumentInline(admin.TabularInline):
    model = PitchDocument
    extra = 0
    fields = ["document_type", "title", "requires_nda", "size", "content_type", "sha256"]
    readonly_fields = ["size", "content_type", "sha256"]


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "owner",
        "status",
        "genre",
        "format_category",
        "view_count",
        "like_count",
        "published_at",
    ]
    list_filter = [
        "status",
        "genre",
        "format_category",
        ("owner", admin.RelatedOnlyFieldListFilter),
        "require_nda",
        "seeking_investment",
    ]
    search_fields = ["title", "slug", "logline", "owner__email", "owner__username"]
    raw_id_fields = ["owner"]
    readonly_fields = [
        # Status moves only through publish, archive and hide, which keep their dates and audit.
        "status",
        "content_hash",
        "view_count",
        "like_count",
        "save_count",
        "trending_score",
        "created_at",
        "updated_at",
    ]
    inlines = [CharacterInline, DocumentInline]
    actions = [
        "hide",
        service_action(
            "unhide",
            "Unhide",
            lambda request, pitch: services.set_hidden(
                pitch=pitch, actor=request_user(request), hidden=False
            ),
            done="{count} pitch(es) unhidden.",
        ),
        service_action(
            "archive",
            "Archive",
            lambda request, pitch: services.archive_pitch(pitch=pitch, actor=request_user(request)),
            done="{count} pitch(es) archived.",
        ),
    ]
    list_select_related = ["owner"]

    @admin.action(description="Hide from the marketplace (asks for the reason)")
    def hide(self, request: HttpRequest, queryset: QuerySet[Pitch]) -> HttpResponse | None:
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or len(reason) < 3:
            context = {
                **self.admin_site.each_context(request),
                "pitches": queryset,
                "action": "hide",
                "reason": reason,
                "missing": "apply" in request.POST,
                "opts": self.model._meta,
                "title": "Why hide these pitches?",
            }
            return render(request, "admin/pitches/hide_reason.html", context)
        run_each(
            request,
            queryset,
            lambda pitch: services.set_hidden(
                pitch=pitch, actor=request_user(request), hidden=True, reason=reason
            ),
            done="{count} pitch(es) hidden.",
        )
        return None


@admin.register(PitchDocument)
class PitchDocumentAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "pitch",
        "document_type",
        "requires_nda",
        "size",
        "content_type",
        "sha256",
        "created_at",
    ]
    list_filter = ["document_type", "requires_nda"]
    search_fields = ["title", "original_name", "sha256", "pitch__title"]
    raw_id_fields = ["pitch", "uploaded_by"]
    readonly_fields = ["storage_key", "size", "content_type", "sha256"]


@admin.register(PitchAccess)
class PitchAccessAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "pitch",
        "source",
        "source_id",
        "granted_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["source"]
    raw_id_fields = ["user", "pitch"]


@admin.register(DocumentAccessLog)
class DocumentAccessLogAdmin(admin.ModelAdmin):
    list_display = ["document", "user", "ip_address", "accessed_at"]
    raw_id_fields = ["document", "user"]


admin.site.register(PitchMedia)


@admin.register(InfoRequest)
class InfoRequestAdmin(admin.ModelAdmin):
    """Staff read information requests; only the requester and the creator change them."""

    list_display = ["created_at", "pitch", "requester", "owner", "status", "responded_at"]
    list_filter = ["status"]
    search_fields = ["message", "response", "pitch__title", "requester__email", "owner__email"]
    date_hierarchy = "created_at"
    list_select_related = ["pitch", "requester", "owner"]
    raw_id_fields = ["pitch", "requester", "owner", "closed_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# The moderation of ratings, feedback and comments lives beside their models.
import pitches.engagement.admin  # noqa: E402, F401
