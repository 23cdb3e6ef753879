"""The production app in the Django admin. Decisions go through the services (which write the
audit log and notify): verifications are approved or rejected with a reason; calls closed,
invitations withdrawn, collaborators removed and meetings cancelled; the rest is read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pitchey.admin_actions import run_each, service_action
from pitchey.api import request_user
from production import services
from production.models import (
    CalendarEvent,
    Collaboration,
    CompanyVerification,
    Meeting,
    OpenCall,
    PitchReview,
    ProjectCollaborator,
    ReferralInvite,
    Submission,
    Team,
    TeamInvite,
    TeamMember,
)


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


@admin.register(OpenCall)
class OpenCallAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "deadline", "quota", "submission_count"]
    list_filter = ["status"]
    search_fields = ["title", "company__email", "company__company_name"]
    raw_id_fields = ["company"]
    list_select_related = ["company"]
    readonly_fields = ["status", "submission_count", "notified_count", "notified_at"]
    actions = [
        service_action(
            "close",
            "Close to submissions (moderator)",
            # Staff act for the company: the service's own rule is about the owner.
            lambda request, call: services.update_call(
                call=call, actor=call.company, fields={"status": "closed"}
            ),
            done="{count} call(s) closed.",
        )
    ]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["pitch", "company", "creator", "call", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["pitch__title", "company__email", "creator__email"]
    raw_id_fields = ["pitch", "company", "creator", "call"]
    list_select_related = ["pitch", "company", "creator", "call"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the company moves its submissions


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = [
        "nda_signed_at",
        "nda_name",
        "nda_address",
        "nda_sha256",
        "nda_ip",
        "nda_user_agent",
    ]
    exclude = ["nda_text", "nda_nonce"]  # the signed text is evidence, kept as signed


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "seat_limit", "code_expires_at", "created_at"]
    search_fields = ["name", "owner__email"]
    raw_id_fields = ["owner"]
    readonly_fields = ["join_code", "code_expires_at"]
    inlines = [TeamMemberInline]


@admin.register(TeamInvite)
class TeamInviteAdmin(admin.ModelAdmin):
    list_display = ["email", "team", "role", "status", "expires_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["email", "team__name"]
    raw_id_fields = ["team", "invited_by"]
    readonly_fields = ["status", "responded_at"]
    actions = [
        service_action(
            "withdraw",
            "Withdraw the invitation",
            lambda request, invite: services.revoke_team_invite(
                invite=invite, actor=invite.team.owner
            ),
            done="{count} invitation(s) withdrawn.",
        )
    ]


@admin.register(ReferralInvite)
class ReferralInviteAdmin(admin.ModelAdmin):
    list_display = ["code", "inviter", "email", "status", "redeemed_by", "expires_at"]
    list_filter = ["status"]
    search_fields = ["code", "email", "inviter__email"]
    raw_id_fields = ["inviter", "redeemed_by"]
    readonly_fields = ["code", "status", "redeemed_by", "redeemed_at"]


@admin.register(ProjectCollaborator)
class ProjectCollaboratorAdmin(admin.ModelAdmin):
    list_display = ["email", "pitch", "company", "role", "status", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "pitch__title", "company__email"]
    raw_id_fields = ["pitch", "company", "user"]
    readonly_fields = ["token_sha256", "status", "accepted_at"]
    actions = [
        service_action(
            "remove",
            "Remove from the project",
            lambda request, row: services.remove_collaborator(collaborator=row, actor=row.company),
            done="{count} collaborator(s) removed.",
        )
    ]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["pk", "requester", "creator", "pitch", "status", "scheduled_at", "reminded_at"]
    list_filter = ["status", "meeting_type"]
    search_fields = ["requester__email", "creator__email", "pitch__title"]
    raw_id_fields = ["requester", "creator", "pitch", "proposed_by"]
    readonly_fields = ["status", "scheduled_at", "reminded_at", "responded_at"]
    actions = [
        service_action(
            "cancel",
            "Cancel the meeting (moderator)",
            lambda request, meeting: services.cancel_meeting(
                meeting=meeting, actor=meeting.requester
            ),
            done="{count} meeting(s) cancelled.",
        )
    ]


@admin.register(CalendarEvent)
class CalendarEventAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "event_type", "start", "end"]
    list_filter = ["event_type"]
    search_fields = ["title", "owner__email"]
    raw_id_fields = ["owner", "pitch", "meeting"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["pitch", "requester", "collaborator", "role", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["pitch__title", "requester__email", "collaborator__email"]
    raw_id_fields = ["pitch", "requester", "collaborator"]
    readonly_fields = ["status", "responded_at"]
