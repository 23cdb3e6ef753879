"""The production app in the Django admin. Decisions go through the services (which write the
audit log and notify): verifications are approved or rejected with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pitchey.admin_actions import run_each, service_action
from pitchey.api import request_user
from production import services
from production.models import CompanyVerification, PitchReview


@admin.register(CompanyVerification)
class CompanyVerificationAdmin(admin.ModelAdmin):
    list_display = [
        "company_name",
        "company",
        "region",
        "registration_number",
        "website",
        "status",
        "submitted_at",
        "decided_by",
    ]
    list_filter = ["status", "region"]
    search_fields = ["company_name", "registration_number", "company__email"]
    raw_id_fields = ["company", "decided_by"]
    list_select_related = ["company", "decided_by"]
    # Only the services decide; the rest is the company's own submission.
    readonly_fields = [
        "company",
        "status",
        "checks",
        "reason",
        "document_key",
        "document_name",
        "document_type",
        "submitted_at",
        "decided_at",
        "decided_by",
    ]
    actions = [
        service_action(
            "approve",
            "Approve (gives the verified badge)",
            lambda request, row: services.approve_verification(
                verification=row, actor=request_user(request)
            ),
            done="{count} verification(s) approved.",
        ),
        "reject",
    ]

    @admin.action(description="Reject (asks for the reason)")
    def reject(
        self, request: HttpRequest, queryset: QuerySet[CompanyVerification]
    ) -> HttpResponse | None:
        reason = request.POST.get("reason", "").strip()
        if "apply" not in request.POST or len(reason) < 3:
            context = {
                **self.admin_site.each_context(request),
                "rows": queryset.select_related("company"),
                "action": "reject",
                "reason": reason,
                "missing": "apply" in request.POST,
                "opts": self.model._meta,
                "title": "Why reject these verifications?",
            }
            return render(request, "admin/production/reject_reason.html", context)
        run_each(
            request,
            queryset,
            lambda row: services.reject_verification(
                verification=row, actor=request_user(request), reason=reason
            ),
            done="{count} verification(s) rejected.",
        )
        return None


@admin.register(PitchReview)
class PitchReviewAdmin(admin.ModelAdmin):
    list_display = ["pitch", "company", "status", "rating", "created_at"]
    list_filter = ["status"]
    search_fields = ["pitch__title", "company__email", "company__company_name"]
    raw_id_fields = ["pitch", "company"]
    list_select_related = ["pitch", "company"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a review is the company's own words
