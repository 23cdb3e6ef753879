"""Shapes of ratings, feedback and comments, in and out. Anonymous authors stay anonymous to
everyone but staff: no id, name or company of theirs leaves in any output built here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from pitches.engagement.models import PitchComment, PitchFeedback

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

ANONYMOUS = "Anonymous"


def _iso(value: Any) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _is_staff(viewer: User | AnonymousUser) -> bool:
    return bool(viewer.is_authenticated and viewer.is_staff)


def _author(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name, "username": user.username}


def comment_data(
    comment: PitchComment, viewer: User | AnonymousUser, *, pitch_owner_id: int
) -> dict[str, Any]:
    """One comment (with its replies when prefetched) as `viewer` may see it."""
    mine = viewer.is_authenticated and comment.author_id == viewer.pk
    removed = comment.is_removed
    shows_author = not removed and (not comment.is_anonymous or _is_staff(viewer))
    if removed:
        name = "Removed"
    elif comment.is_anonymous:
        name = ANONYMOUS
    else:
        name = comment.author.display_name if comment.author else "Former member"
    data: dict[str, Any] = {
        "id": comment.pk,
        "pitch_id": comment.pitch_id,
        "parent_id": comment.parent_id,
        "content": "" if removed else comment.body,
        "content_html": "" if removed else comment.body_html,
        "display_name": name,
        "user_type": "" if removed else comment.author_role,
        "is_anonymous": comment.is_anonymous,
        "author": _author(comment.author) if shows_author else None,
        "created_at": _iso(comment.created_at),
        "edited_at": _iso(comment.edited_at),
        "is_edited": comment.edited_at is not None,
        "is_removed": removed,
        "removal": comment.removal or None,
        "is_mine": mine,
        "can_edit": mine and not removed,
        "can_remove": not removed
        and viewer.is_authenticated
        and (mine or pitch_owner_id == viewer.pk or viewer.is_staff),
    }
    if comment.parent_id is None and "replies" in getattr(comment, "_prefetched_objects_cache", {}):
        data["replies"] = [
            comment_data(reply, viewer, pitch_owner_id=pitch_owner_id)
            for reply in comment.replies.all()
        ]
    return data


def feedback_data(entry: PitchFeedback, viewer: User | AnonymousUser) -> dict[str, Any]:
    """One piece of feedback as `viewer` may see it (the author's rating annotated as `rating`)."""
    reveal = not entry.is_anonymous or _is_staff(viewer)
    author = entry.author
    return {
        "id": entry.pk,
        "pitch_id": entry.pitch_id,
        "reviewer_type": entry.author_role,
        "rating": getattr(entry, "rating", None),
        "strengths": list(entry.strengths),
        "weaknesses": list(entry.weaknesses),
        "suggestions": list(entry.suggestions),
        "overall_feedback": entry.overall or None,
        "is_interested": entry.is_interested,
        "is_anonymous": entry.is_anonymous,
        "reviewer_id": author.pk if reveal else None,
        "reviewer_name": author.display_name if reveal else ANONYMOUS,
        "reviewer_company": (author.company_name or None) if reveal else None,
        "is_mine": viewer.is_authenticated and entry.author_id == viewer.pk,
        "created_at": _iso(entry.created_at),
        "updated_at": _iso(entry.updated_at),
    }


# --- input ---------------------------------------------------------------------------------------


class RatingInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=10)


class ItemsField(serializers.ListField):
    """A list of short texts; a single string (one item, or lines) is accepted too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("child", serializers.CharField(max_length=500, allow_blank=True))
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        if isinstance(data, str):
            data = [line for line in data.splitlines() if line.strip()]
        return list(super().to_internal_value(data))


class FeedbackInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    strengths = ItemsField(required=False)
    weaknesses = ItemsField(required=False)
    suggestions = ItemsField(required=False)
    overall_feedback = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    comments = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="Alias of overallFeedback."
    )
    is_interested = serializers.BooleanField(required=False)
    interest_level = serializers.ChoiceField(
        choices=["none", "low", "medium", "high", "committed"], required=False
    )
    is_anonymous = serializers.BooleanField(required=False)

    def service_fields(self) -> dict[str, Any]:
        """The fields the feedback services take (only those sent, for partial edits)."""
        data = dict(self.validated_data)
        data.pop("rating", None)
        overall = data.pop("overall_feedback", None)
        alias = data.pop("comments", None)
        if overall is not None or alias is not None:
            data["overall"] = overall if overall is not None else alias
        level = data.pop("interest_level", None)
        if level is not None and "is_interested" not in data:
            data["is_interested"] = level in ("medium", "high", "committed")
        return data


class CommentInputSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=PitchComment.MAX_LENGTH * 2)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    parent_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**63 - 1
    )


class CommentEditSerializer(serializers.Serializer):
    content = serializers.CharField(max_length=PitchComment.MAX_LENGTH * 2)
