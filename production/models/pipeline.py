"""Open calls (a company's mandate creators answer with pitches) and submissions (a pitch put
before a company, through a call or directly), which move through the company's pipeline."""

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


class OpenCallQuerySet(models.QuerySet["OpenCall"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(company=user)

    def accepting(self) -> Self:
        """Open and before the deadline (the quota is checked under the row lock)."""
        return self.filter(status=OpenCall.Status.OPEN, deadline__gt=timezone.now())

    def listed(self) -> Self:
        """Calls anyone may browse: accepting ones of active companies."""
        return self.accepting().filter(company__is_active=True)

    def for_display(self) -> Self:
        return self.select_related("company")


class OpenCall(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_calls"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    genres = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    formats = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    budget_bracket = models.CharField(max_length=30, blank=True)
    deadline = models.DateTimeField()
    quota = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    submission_count = models.PositiveIntegerField(default=0)
    notified_count = models.PositiveIntegerField(default=0)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = OpenCallQuerySet.as_manager()

    class Meta:
        db_table = "production_open_calls"
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="production_call_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(quota__gte=1),
                name="production_call_quota_positive",
            ),
            models.CheckConstraint(
                condition=Q(quota__isnull=True) | Q(submission_count__lte=models.F("quota")),
                name="production_call_within_quota",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="production_call_open_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_accepting(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline > timezone.now()

    @property
    def places_left(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.submission_count)


class SubmissionQuerySet(models.QuerySet["Submission"]):
    def received_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(company=user)

    def made_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(creator=user)

    def for_display(self) -> Self:
        return self.select_related("pitch", "creator", "company", "call")


class Submission(models.Model):
    """A pitch before a company. One per company and pitch, whatever the call."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        REVIEW = "review", "In review"
        SHORTLISTED = "shortlisted", "Shortlisted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        ARCHIVED = "archived", "Archived"

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_submissions"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="company_submissions")
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions_made"
    )
    call = models.ForeignKey(
        OpenCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    message = models.TextField(max_length=2000, blank=True)
    notes = models.TextField(max_length=5000, blank=True, help_text="The company's own notes.")
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        db_table = "production_submissions"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "pitch"], name="production_submit_once"),
            models.CheckConstraint(
                condition=Q(
                    status__in=["new", "review", "shortlisted", "accepted", "rejected", "archived"]
                ),
                name="production_submission_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "status"], name="production_sub_board_idx"),
        ]

    def __str__(self) -> str:
        return f"Submission of {self.pitch_id} to {self.company_id} ({self.status})"
