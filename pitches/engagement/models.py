"""What the audience leaves on a pitch: ratings (the Pitchey Score), structured feedback, the
comment thread, the server-kept reading time that gates feedback, and creators' trust tiers.

Registered by `pitches.models`, which imports this module at its end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

ROLES = ["anonymous", "viewer", "creator", "investor", "production", "admin"]


class PitchRating(models.Model):
    """One rating per viewer (or anonymous visitor) per pitch, weighted by the rater's role."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A keyed hash of the visitor's address: one anonymous rating per address and pitch.
    anonymous_key = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=20, choices=[(r, r) for r in ROLES])
    weight = models.DecimalField(max_digits=4, decimal_places=2)
    score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_ratings"
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="pitch_ratings_score_1_to_10"
            ),
            models.CheckConstraint(
                condition=Q(rater__isnull=False) | ~Q(anonymous_key=""),
                name="pitch_ratings_someone",
            ),
            models.UniqueConstraint(
                fields=["pitch", "rater"],
                condition=Q(rater__isnull=False),
                name="pitch_ratings_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["pitch", "anonymous_key"],
                condition=Q(rater__isnull=True),
                name="pitch_ratings_once_per_visitor",
            ),
        ]
        indexes = [models.Index(fields=["pitch", "updated_at"], name="pitch_ratings_recent_idx")]

    def __str__(self) -> str:
        return f"{self.score}/10 on {self.pitch_id} by {self.rater_id or 'a visitor'}"


class PitchFeedbackQuerySet(models.QuerySet["PitchFeedback"]):
    def written_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)


class PitchFeedback(models.Model):
    """Structured feedback for the creator; one per reviewer per pitch, editable by its author."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author_role = models.CharField(max_length=20, choices=[(r, r) for r in ROLES])
    strengths = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    weaknesses = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    suggestions = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    overall = models.TextField(max_length=2000, blank=True)
    is_interested = models.BooleanField(default=False)
    is_anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PitchFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "pitch feedback"
        db_table = "pitch_feedback"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pitch", "author"], name="pitch_feedback_once"),
        ]

    def __str__(self) -> str:
        return f"feedback on {self.pitch_id} by {self.author_id}"


class PitchCommentQuerySet(models.QuerySet["PitchComment"]):
    def on(self, pitch: Pitch) -> Self:
        return self.filter(pitch=pitch)

    def top_level(self) -> Self:
        return self.filter(parent__isnull=True)

    def live(self) -> Self:
        return self.filter(removed_at__isnull=True)


class PitchComment(models.Model):
    """A comment on a pitch, or a reply to a top-level one (threads are one level deep)."""

    class Removal(models.TextChoices):
        AUTHOR = "author", "Deleted by its author"
        CREATOR = "creator", "Removed by the pitch's creator"
        MODERATOR = "moderator", "Removed by a moderator"

    MAX_LENGTH = 2000

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_role = models.CharField(max_length=20, choices=[(r, r) for r in ROLES])
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(max_length=MAX_LENGTH)
    body_html = models.TextField()
    is_anonymous = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal = models.CharField(max_length=20, choices=Removal, blank=True)

    objects = PitchCommentQuerySet.as_manager()

    class Meta:
        db_table = "pitch_comments"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removal__in=["", "author", "creator", "moderator"]),
                name="pitch_comments_removal_valid",
            )
        ]
        indexes = [
            models.Index(
                fields=["pitch", "parent", "-created_at"], name="pitch_comments_thread_idx"
            ),
            models.Index(fields=["author", "created_at"], name="pitch_comments_author_idx"),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.pitch_id}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class PitchConsumption(models.Model):
    """Seconds a signed-in viewer spent on a pitch, measured by the server's clock between the
    requests it saw; the client never states a duration."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="consumption")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_consumption"
        constraints = [
            models.UniqueConstraint(fields=["pitch", "viewer"], name="pitch_consumption_once"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_id} on {self.pitch_id}: {self.seconds}s"


class CreatorReputation(models.Model):
    """A creator's trust tier, earned from platform facts and never lowered by the daily job."""

    class Tier(models.TextChoices):
        GREY = "grey", "Grey"
        SILVER = "silver", "Silver"
        GOLD = "gold", "Gold"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation"
    )
    tier = models.CharField(max_length=10, choices=Tier, default=Tier.GREY)
    facts = models.JSONField(default=dict, blank=True)
    granted_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(default=timezone.now)
    set_by_staff = models.BooleanField(default=False)

    class Meta:
        db_table = "creator_reputation"
        constraints = [
            models.CheckConstraint(
                condition=Q(tier__in=["grey", "silver", "gold"]), name="creator_reputation_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.tier}"
