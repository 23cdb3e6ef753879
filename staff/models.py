"""The staff console's own rows: the permissions of staff roles and the moderation queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone


class StaffFunction(models.Model):
    """Holds the permissions of staff functions (no table): roles are groups granted these."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_console", "Open the staff console: dashboard, analytics, liquidity"),
            ("view_users", "List and open users with their activity"),
            ("manage_users", "Edit and verify users"),
            ("suspend_users", "Suspend, ban and restore users"),
            ("moderate_content", "Work the report queue; hide, remove and feature content"),
            ("review_verifications", "Review company verifications"),
            ("manage_credits", "Grant and revoke credits; promo codes"),
            ("view_audit", "Read and export the audit trail"),
            ("view_reports", "Reports and transactions"),
            ("manage_settings", "Runtime settings, maintenance mode and broadcasts"),
            ("view_health", "System health"),
            ("handle_gdpr", "GDPR access and erasure requests"),
            ("run_operations", "Heat, trending and reputation recomputation"),
        ]

    def __str__(self) -> str:
        return "staff functions"


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(status=Flag.Status.OPEN)

    def for_queue(self) -> FlagQuerySet:
        return self.select_related("assignee", "resolved_by").order_by("-last_reported_at", "-id")


class Flag(models.Model):
    """One reported object in the moderation queue: reports on it gather here until a
    moderator resolves it (dismiss, hide, remove, warn or suspend its author)."""

    class TargetType(models.TextChoices):
        PITCH = "pitch", "Pitch"
        MESSAGE = "message", "Message"
        COMMENT = "comment", "Comment"
        PROFILE = "profile", "Profile"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Resolution(models.TextChoices):
        DISMISS = "dismiss", "Dismissed"
        HIDE = "hide", "Hidden"
        REMOVE = "remove", "Removed"
        WARN = "warn", "Author warned"
        SUSPEND = "suspend", "Author suspended"

    target_type = models.CharField(max_length=20, choices=TargetType)
    target_id = models.BigIntegerField()
    target_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_label = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)
    reasons = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    notes = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, choices=Resolution, blank=True)
    resolution_note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_reported_at = models.DateTimeField(default=timezone.now)

    objects = FlagQuerySet.as_manager()

    class Meta:
        db_table = "staff_flags"
        ordering = ["-last_reported_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"],
                condition=Q(status="open"),
                name="flags_one_open_per_target",
            ),
            models.CheckConstraint(
                condition=Q(target_type__in=["pitch", "message", "comment", "profile"]),
                name="flags_target_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "resolved"]), name="flags_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(resolution__in=["", "dismiss", "hide", "remove", "warn", "suspend"]),
                name="flags_resolution_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-last_reported_at"], name="flags_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} ({self.status})"


class Broadcast(models.Model):
    """An announcement sent to every active user of an audience through notifications."""

    class Audience(models.TextChoices):
        ALL = "all", "Everyone"
        CREATOR = "creator", "Creators"
        INVESTOR = "investor", "Investors"
        PRODUCTION = "production", "Production companies"
        WATCHER = "watcher", "Watchers"

    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    link = models.CharField(max_length=500, blank=True)
    audience = models.CharField(max_length=20, choices=Audience, default=Audience.ALL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "staff_broadcasts"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} → {self.audience}"


class GdprRequestQuerySet(models.QuerySet["GdprRequest"]):
    def open(self) -> GdprRequestQuerySet:
        return self.filter(status__in=[GdprRequest.Status.PENDING, GdprRequest.Status.PROCESSING])


class GdprRequest(models.Model):
    """A data subject's access or erasure request (GDPR art. 15 and 17): answered within one
    month of receipt (art. 12(3)), the deadline kept as `due_at`."""

    class Kind(models.TextChoices):
        ACCESS = "access", "Access (export)"
        ERASURE = "erasure", "Erasure"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PROCESSING = "processing", "Processing"
        COMPLETED = "completed", "Completed"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gdpr_requests"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    details = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    export_key = models.CharField(max_length=300, blank=True)
    export_expires_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    objects = GdprRequestQuerySet.as_manager()

    class Meta:
        db_table = "staff_gdpr_requests"
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(status__in=["pending", "processing"]),
                name="gdpr_one_open_request_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["access", "erasure"]), name="gdpr_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} ({self.status})"


class ReportJob(models.Model):
    """A CSV report generated in the background and downloaded through a signed URL."""

    class Kind(models.TextChoices):
        USERS = "users", "Users"
        PITCHES = "pitches", "Pitches"
        TRANSACTIONS = "transactions", "Transactions (payments)"
        CREDITS = "credits", "Credit ledger"
        NDAS = "ndas", "NDA requests"
        MODERATION = "moderation", "Moderation queue"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind)
    filters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    file_key = models.CharField(max_length=300, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "staff_report_jobs"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} report ({self.status})"
