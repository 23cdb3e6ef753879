"""The production view of a pitch (PR6) and its project collaborators (PR7): private notes
(optionally shared with the company's team), a checklist, the people on the project, a
collaboration request to the creator, and outsiders invited by email to one project."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def token_hash(token: str) -> str:
    """Tokens are stored hashed: a leaked table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


class NoteQuerySet(models.QuerySet["ProductionNote"]):
    def of_company(self, company_id: int, pitch_id: int) -> Self:
        return self.filter(company_id=company_id, pitch_id=pitch_id)


class ProductionNote(models.Model):
    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="production_notes"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="production_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content = models.TextField(max_length=5000)
    category = models.CharField(max_length=30, default="general")
    shared = models.BooleanField(default=False, help_text="Visible to the company's team.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        db_table = "production_notes"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "pitch"], name="production_note_idx")]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.pitch_id}"


class ProjectSheet(models.Model):
    """The company's checklist and project team for one pitch (one row per company and pitch)."""

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_sheets"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="project_sheets")
    checklist = models.JSONField(default=list, blank=True)
    team = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "production_project_sheets"
        constraints = [
            models.UniqueConstraint(fields=["company", "pitch"], name="production_sheet_once")
        ]

    def __str__(self) -> str:
        return f"Project sheet of {self.pitch_id} for {self.company_id}"


class CollaborationQuerySet(models.QuerySet["Collaboration"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(requester=user) | Q(collaborator=user))

    def for_display(self) -> Self:
        return self.select_related("requester", "collaborator", "pitch")


class Collaboration(models.Model):
    """A company asks a creator to work together on a pitch; the creator answers."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaborations_asked"
    )
    collaborator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaborations_offered"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="collaborations")
    role = models.CharField(max_length=50, blank=True)
    message = models.TextField(max_length=2000, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        db_table = "production_collaborations"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "pitch"],
                condition=Q(status__in=["pending", "active"]),
                name="production_collab_one_open",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active", "declined", "completed", "cancelled"]),
                name="production_collab_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Collaboration on {self.pitch_id} ({self.status})"


class ProjectCollaboratorQuerySet(models.QuerySet["ProjectCollaborator"]):
    def of_company(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(company=user)

    def active_for(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user, status=ProjectCollaborator.Status.ACTIVE)


class ProjectCollaborator(models.Model):
    """Someone invited by email to one project, with a single-use expiring token; once
    accepted they see that project's checklist, shared notes and activity, nothing else."""

    class Status(models.TextChoices):
        PENDING = "pending", "Invited"
        ACTIVE = "active", "Active"
        REVOKED = "revoked", "Removed"

    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        EDITOR = "editor", "Editor"

    company = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_collaborators"
    )
    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="project_collaborators")
    email = models.EmailField(max_length=255)
    role = models.CharField(max_length=10, choices=Role, default=Role.VIEWER)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    token_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="project_collaborations",
    )
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ProjectCollaboratorQuerySet.as_manager()

    class Meta:
        db_table = "production_project_collaborators"
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "pitch", "email"],
                condition=Q(status__in=["pending", "active"]),
                name="production_collaborator_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "active", "revoked"]),
                name="production_collaborator_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} on {self.pitch_id} ({self.status})"
