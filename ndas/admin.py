from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ndas import services
from ndas.models import (
    CreatorNdaTemplate,
    CustomNdaDocument,
    Nda,
    NdaRequest,
    NdaTemplate,
    StampedCopy,
)
from pitchey.admin_actions import run_each
from pitchey.ratelimit import client_ip


@admin.register(NdaTemplate)
class NdaTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_active", "created_at"]


@admin.register(CreatorNdaTemplate)
class CreatorNdaTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "is_default", "updated_at"]
    search_fields = ["name", "owner__email"]
    raw_id_fields = ["owner"]


@admin.register(NdaRequest)
class NdaRequestAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "pitch",
        "requester",
        "owner",
        "status",
        "nda_type",
        "created_at",
        "expires_at",
    ]
    list_filter = ["status", "nda_type", "created_at"]
    search_fields = [
        "pitch__title",
        "requester__email",
        "owner__email",
        "signer_name",
        "text_sha256",
    ]
    raw_id_fields = ["pitch", "requester", "owner", "decided_by", "template"]
    readonly_fields = [
        "signer_name",
        "signed_at",
        "signer_ip",
        "signer_user_agent",
        "signed_text",
        "text_sha256",
        "template_version",
        "custom_document_sha256",
        "status",
        "decided_at",
        "decided_by",
        "custom_terms",
        "access_days",
    ]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected approved NDAs")
    def revoke(self, request: HttpRequest, queryset: QuerySet[NdaRequest]) -> None:
        run_each(
            request,
            queryset.filter(status=NdaRequest.Status.APPROVED),
            lambda row: services.revoke_nda(
                nda_request=row,
                actor=request.user,  # type: ignore[arg-type]
                reason="Revoked by staff",
                ip_address=client_ip(request),
            ),
            done="{count} NDA(s) revoked.",
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Nda)
class NdaAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "pitch",
        "signer",
        "owner",
        "status",
        "approved_at",
        "access_expires_at",
        "revoked_at",
    ]
    list_filter = ["status", "approved_at"]
    search_fields = ["pitch__title", "signer__email", "owner__email", "document_sha256"]
    readonly_fields = [f.name for f in Nda._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CustomNdaDocument)
class CustomNdaDocumentAdmin(admin.ModelAdmin):
    list_display = ["pitch", "original_name", "sha256", "created_at"]
    raw_id_fields = ["pitch", "uploaded_by"]


@admin.register(StampedCopy)
class StampedCopyAdmin(admin.ModelAdmin):
    list_display = ["document", "viewer", "nda", "created_at"]
    raw_id_fields = ["document", "viewer", "nda"]
