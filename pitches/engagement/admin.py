"""Moderation of ratings, feedback and comments, and trust tiers, in the Django admin. Every
action calls the service, so the score is recomputed and the audit log written as in the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from pitches.engagement import reputation, services
from pitches.engagement.models import (
    CreatorReputation,
    PitchComment,
    PitchConsumption,
    PitchFeedback,
    PitchRating,
)


def _staff(request: HttpRequest) -> Any:
    return request.user


@admin.register(PitchComment)
class PitchCommentAdmin(admin.ModelAdmin):
    list_display = ["id", "pitch", "author", "is_anonymous", "short_body", "created_at", "removal"]
    list_filter = ["is_anonymous", "removal", "author_role"]
    search_fields = ["body", "pitch__title", "author__email"]
    raw_id_fields = ["pitch", "author", "parent", "removed_by"]
    readonly_fields = ["body_html", "created_at", "edited_at", "removed_at", "removed_by"]
    actions = ["remove_as_moderator"]

    @admin.display(description="comment")
    def short_body(self, obj: PitchComment) -> str:
        return obj.body[:80]

    @admin.action(description="Remove the selected comments (moderator)")
    def remove_as_moderator(self, request: HttpRequest, queryset: QuerySet[PitchComment]) -> None:
        for comment in queryset.select_related("pitch"):
            services.remove_comment(comment=comment, actor=_staff(request))
        messages.success(request, f"{queryset.count()} comment(s) removed.")


@admin.register(PitchFeedback)
class PitchFeedbackAdmin(admin.ModelAdmin):
    list_display = ["id", "pitch", "author", "author_role", "is_anonymous", "created_at"]
    list_filter = ["is_anonymous", "is_interested", "author_role"]
    search_fields = ["pitch__title", "author__email", "overall"]
    raw_id_fields = ["pitch", "author"]
    actions = ["delete_feedback"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletions go through the service
        return actions

    @admin.action(description="Delete the selected feedback (moderator)")
    def delete_feedback(self, request: HttpRequest, queryset: QuerySet[PitchFeedback]) -> None:
        count = 0
        for feedback in queryset.select_related("pitch"):
            services.delete_feedback(feedback=feedback, actor=_staff(request))
            count += 1
        messages.success(request, f"{count} feedback entries deleted.")


@admin.register(PitchRating)
class PitchRatingAdmin(admin.ModelAdmin):
    list_display = ["id", "pitch", "rater", "role", "weight", "score", "updated_at"]
    list_filter = ["role", "score"]
    search_fields = ["pitch__title", "rater__email"]
    raw_id_fields = ["pitch", "rater"]
    readonly_fields = ["role", "weight", "anonymous_key"]
    actions = ["remove_ratings"]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # the score must be recomputed
        return actions

    @admin.action(description="Remove the selected ratings and recompute the scores")
    def remove_ratings(self, request: HttpRequest, queryset: QuerySet[PitchRating]) -> None:
        count = 0
        for rating in queryset:
            services.remove_rating(rating=rating, actor=_staff(request))
            count += 1
        messages.success(request, f"{count} rating(s) removed.")


@admin.register(PitchConsumption)
class PitchConsumptionAdmin(admin.ModelAdmin):
    list_display = ["pitch", "viewer", "seconds", "first_seen_at", "last_seen_at"]
    raw_id_fields = ["pitch", "viewer"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CreatorReputation)
class CreatorReputationAdmin(admin.ModelAdmin):
    list_display = ["user", "tier", "set_by_staff", "granted_at", "checked_at"]
    list_filter = ["tier", "set_by_staff"]
    search_fields = ["user__email", "user__username"]
    readonly_fields = ["user", "tier", "facts", "granted_at", "checked_at", "set_by_staff"]
    actions = ["make_grey", "make_silver", "make_gold"]

    def _set(self, request: HttpRequest, queryset: QuerySet[CreatorReputation], tier: str) -> None:
        for record in queryset.select_related("user"):
            reputation.set_trust_tier(user=record.user, tier=tier, actor=_staff(request))
        messages.success(request, f"{queryset.count()} creator(s) set to {tier}.")

    @admin.action(description="Set to grey")
    def make_grey(self, request: HttpRequest, queryset: QuerySet[CreatorReputation]) -> None:
        self._set(request, queryset, CreatorReputation.Tier.GREY)

    @admin.action(description="Set to silver")
    def make_silver(self, request: HttpRequest, queryset: QuerySet[CreatorReputation]) -> None:
        self._set(request, queryset, CreatorReputation.Tier.SILVER)

    @admin.action(description="Set to gold")
    def make_gold(self, request: HttpRequest, queryset: QuerySet[CreatorReputation]) -> None:
        self._set(request, queryset, CreatorReputation.Tier.GOLD)
