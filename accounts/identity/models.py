"""One identity verification attempt per provider session; the user's outcome is
`User.identity_verified_at`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class IdentityVerificationQuerySet(models.QuerySet["IdentityVerification"]):
    def owned_by(self, user: User | AnonymousUser) -> IdentityVerificationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class IdentityVerification(models.Model):
    """An attempt at the provider. Only ids and the outcome are kept: the document and the
    person's details stay with the provider."""

    class Status(models.TextChoices):
        REQUIRES_INPUT = "requires_input", "Waiting for the person"
        PROCESSING = "processing", "Being checked"
        VERIFIED = "verified", "Verified"
        CANCELED = "canceled", "Canceled"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_verifications"
    )
    provider = models.CharField(max_length=20)
    provider_session_id = models.CharField(max_length=255, unique=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.REQUIRES_INPUT)
    last_error_code = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    objects = IdentityVerificationQuerySet.as_manager()

    class Meta:
        db_table = "identity_verifications"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="identity_user_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["requires_input", "processing", "verified", "canceled"]
                ),
                name="identity_verifications_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_session_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        """Still able to change at the provider (not verified, not canceled)."""
        return self.status in (self.Status.REQUIRES_INPUT, self.Status.PROCESSING)
