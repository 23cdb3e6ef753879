"""Reviews: a production company's verdict on a pitch it holds a signed NDA for, private to the
company and the pitch's creator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class ReviewQuerySet(models.QuerySet["PitchReview"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        """Reviews `user` may read: those they wrote and those of their own pitches."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(company=user) | Q(pitch__owner=user))

    def by_company(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(company=user)

    def received_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(pitch__owner=user)

    def for_display(self) -> Self:
        return self.select_related("pitch", "pitch__owner", "company")


class PitchReview(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        PASSED = "passed", "Passed"
        NEEDS_CHANGES = "needs_changes", "Needs changes"

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pitch_reviews"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="company_reviews")
    status = models.CharField(max_length=20, choices=Status)
    rating = models.PositiveSmallIntegerField()
    feedback = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        db_table = "production_reviews"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "pitch"], name="production_review_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=10), name="production_review_rating_1_10"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["approved", "passed", "needs_changes"]),
                name="production_review_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.pitch_id} by {self.company_id}"
