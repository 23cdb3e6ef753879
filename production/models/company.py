"""Company verification: what a production company submitted about itself, the automatic
checks' findings and the staff decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class VerificationQuerySet(models.QuerySet["CompanyVerification"]):
    def of(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(company=user)

    def awaiting_review(self) -> Self:
        """Submissions whose automatic checks passed and that wait for a staff decision."""
        return self.filter(status=CompanyVerification.Status.PENDING)

    def for_review(self) -> Self:
        return self.select_related("company", "decided_by")


class CompanyVerification(models.Model):
    """One submission of company details. A company has at most one open submission
    (incomplete or pending); decided ones stay as history."""

    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Incomplete (automatic checks failed)"
        PENDING = "pending", "Awaiting staff review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    OPEN = ("incomplete", "pending")

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications"
    )
    company_name = models.CharField(max_length=255)
    region = models.CharField(max_length=10, blank=True, help_text="ISO country code, UK or OTHER.")
    registration_number = models.CharField(max_length=40, blank=True)
    website = models.URLField(max_length=500, blank=True)
    document_key = models.CharField(max_length=500, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.INCOMPLETE)
    checks = models.JSONField(default=list, blank=True)
    reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = VerificationQuerySet.as_manager()

    class Meta:
        db_table = "production_verifications"
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status__in=["incomplete", "pending"]),
                name="production_verification_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["incomplete", "pending", "approved", "rejected"]),
                name="production_verification_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_name} ({self.status})"

    @property
    def missing(self) -> list[str]:
        """What the company still has to fix: the messages of the failed checks."""
        return [str(c["message"]) for c in self.checks if not c.get("passed")]
