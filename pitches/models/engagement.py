"""What users do with pitches: likes, saves, follows, counted views, and confidential-access
grants."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models.pitch import Pitch

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class PitchLike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_likes"
        constraints = [models.UniqueConstraint(fields=["user", "pitch"], name="pitch_likes_once")]
        indexes = [models.Index(fields=["pitch", "created_at"], name="pitch_likes_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.pitch_id}"


class SavedPitchQuerySet(models.QuerySet["SavedPitch"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        """The user's own saves (someone else's save is as missing as no save)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """The user's saves of pitches they may still see."""
        return self.owned_by(user).filter(pitch__in=Pitch.objects.visible_to(user))


class SavedPitch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_pitches"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="saves")
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedPitchQuerySet.as_manager()

    class Meta:
        db_table = "saved_pitches"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "pitch"], name="saved_pitches_once")]
        indexes = [models.Index(fields=["pitch", "created_at"], name="saved_pitches_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.pitch_id}"


class PitchFollow(models.Model):
    """A user following a pitch: they hear when it is (re)published."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_follows"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_follows"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "pitch"], name="pitch_follows_once")]
        indexes = [models.Index(fields=["pitch", "created_at"], name="pitch_follows_recent_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} follows pitch {self.pitch_id}"


class PitchView(models.Model):
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    session_key = models.CharField(max_length=64, blank=True)
    viewed_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "pitch_views"
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "viewer", "viewed_on"],
                condition=Q(viewer__isnull=False),
                name="pitch_views_once_per_user_day",
            ),
            models.UniqueConstraint(
                fields=["pitch", "session_key", "viewed_on"],
                condition=Q(viewer__isnull=True),
                name="pitch_views_once_per_session_day",
            ),
        ]
        indexes = [models.Index(fields=["pitch", "viewed_on"], name="pitch_views_day_idx")]

    def __str__(self) -> str:
        return f"view of {self.pitch_id} on {self.viewed_on}"


class PitchAccessQuerySet(models.QuerySet["PitchAccess"]):
    def live(self, now: datetime | None = None) -> Self:
        """Grants in force at `now` (the current time unless given): not revoked and not
        expired (checked at read time)."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class PitchAccess(models.Model):
    class Source(models.TextChoices):
        NDA = "nda", "Signed NDA"
        MANUAL = "manual", "Granted by the creator"
        ADMIN = "admin", "Granted by staff"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_access"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="access_grants")
    source = models.CharField(max_length=20, choices=Source)
    source_id = models.CharField(max_length=64, blank=True)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PitchAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "pitch access grant"
        verbose_name_plural = "pitch access grants"
        db_table = "pitch_access"
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["nda", "manual", "admin"]), name="pitch_access_source_valid"
            ),
            models.UniqueConstraint(
                fields=["user", "pitch", "source", "source_id"],
                condition=Q(revoked_at__isnull=True),
                name="pitch_access_one_open_grant",
            ),
        ]
        indexes = [models.Index(fields=["user", "pitch"], name="pitch_access_user_pitch_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.pitch_id} ({self.source})"
