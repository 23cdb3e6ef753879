"""Slates (curated sets of a creator's pitches), share links for portfolios and slates, and saved
comparisons."""

from __future__ import annotations

import secrets
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


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SlateQuerySet(models.QuerySet["Slate"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def published(self) -> Self:
        return self.filter(status=Slate.Status.PUBLISHED, owner__is_active=True)

    def with_pitch_count(self) -> Self:
        return self.annotate(pitch_count=models.Count("entries", distinct=True))


class Slate(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slates"
    )
    title = models.CharField(max_length=150)
    description = models.TextField(max_length=2000, blank=True)
    cover_image = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    pitches = models.ManyToManyField(Pitch, through="SlatePitch", related_name="slates")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = SlateQuerySet.as_manager()

    class Meta:
        db_table = "slates"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="slates_status_valid"
            )
        ]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="slates_owner_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/slates/{self.pk}/"


class SlatePitch(models.Model):
    slate = models.ForeignKey(Slate, on_delete=models.CASCADE, related_name="entries")
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="slate_entries")
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "slate_pitches"
        ordering = ["position", "added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["slate", "pitch"], name="slate_pitches_once"),
        ]

    def __str__(self) -> str:
        return f"{self.pitch_id} in slate {self.slate_id}"


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def live(self) -> Self:
        """Links that open: not revoked, not expired (checked at read time), owner active."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, owner__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ShareLink(models.Model):
    """A labelled, unguessable link to a creator's portfolio or one of their slates that counts
    its views and can be revoked or left to expire."""

    class Kind(models.TextChoices):
        PORTFOLIO = "portfolio", "Portfolio"
        SLATE = "slate", "Slate"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    slate = models.ForeignKey(
        Slate, on_delete=models.CASCADE, null=True, blank=True, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    label = models.CharField(max_length=100, blank=True)
    view_count = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        db_table = "share_links"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="portfolio", slate__isnull=True) | Q(kind="slate", slate__isnull=False)
                ),
                name="share_links_kind_matches_target",
            )
        ]
        indexes = [models.Index(fields=["owner", "kind"], name="share_links_owner_idx")]

    def __str__(self) -> str:
        return f"{self.kind} link {self.label or self.pk}"

    def get_absolute_url(self) -> str:
        prefix = "portfolio" if self.kind == self.Kind.PORTFOLIO else "slates"
        return f"/{prefix}/s/{self.token}/"

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class SavedComparisonQuerySet(models.QuerySet["SavedComparison"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class SavedComparison(models.Model):
    class Kind(models.TextChoices):
        PITCH = "pitch", "Pitches"
        CREATOR = "creator", "Creators"
        SLATE = "slate", "Slates"

    MAX_SUBJECTS = 4

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comparisons"
    )
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind)
    subject_ids = ArrayField(models.PositiveBigIntegerField(), size=MAX_SUBJECTS)
    share_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedComparisonQuerySet.as_manager()

    class Meta:
        db_table = "saved_comparisons"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["pitch", "creator", "slate"]),
                name="saved_comparisons_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/compare/s/{self.share_token}/"
