"""Information requests: someone considering a pitch asks its creator for material (a budget,
a schedule, the chain of title...), the creator answers, either side closes the request."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class InfoRequestQuerySet(models.QuerySet["InfoRequest"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        """Requests `user` made or received; nobody else's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(requester=user) | models.Q(owner=user))

    def for_display(self) -> Self:
        return self.select_related("pitch", "requester", "owner")


class InfoRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESPONDED = "responded", "Responded"
        CLOSED = "closed", "Closed"

    class Category(models.TextChoices):
        BUDGET = "budget", "Budget"
        FINANCIALS = "financials", "Financials"
        SCHEDULE = "schedule", "Schedule"
        CAST = "cast", "Cast and crew"
        RIGHTS = "rights", "Rights and chain of title"
        DISTRIBUTION = "distribution", "Distribution"
        MARKETING = "marketing", "Marketing"
        SCRIPT = "script", "Script"
        OTHER = "other", "Other"

    pitch = models.ForeignKey("pitches.Pitch", on_delete=models.CASCADE, related_name="+")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="info_requests_made"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="info_requests_received"
    )
    message = models.TextField(max_length=2000)
    categories = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(max_length=5000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["requester", "-created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "requester"],
                condition=models.Q(status="open"),
                name="one_open_info_request_per_pitch",
            )
        ]

    def __str__(self) -> str:
        return f"Info request {self.pk} on {self.pitch_id}"
