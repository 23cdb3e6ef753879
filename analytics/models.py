"""Audit log, product analytics events and their rollups, archive runs, slow requests, reports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone


class AppendOnly(Exception):
    """The audit trail is append-only: entries are never changed or deleted."""


# Set only by archival while it deletes rows it has verified in the bucket.
_purging: ContextVar[bool] = ContextVar("audit_purging", default=False)


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def for_object(self, obj: models.Model) -> AuditLogQuerySet:
        content_type = ContentType.objects.get_for_model(obj)
        return self.filter(content_type=content_type, object_id=str(obj.pk))

    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        if not _purging.get():
            raise AppendOnly("Audit entries cannot be deleted (archival moves old ones out).")
        return super().delete()


class AuditLog(models.Model):
    """One row per state change, with a dotted action code (`ndas.request.approved`)."""

    action = models.CharField(max_length=100, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        db_table = "audit_logs"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit entries cannot be deleted.")


@contextmanager
def purging_archived_audit_entries() -> Iterator[None]:
    """Inside a transaction: archival may delete audit rows it verified in the bucket (the
    database trigger checks the same permission, set for this transaction only)."""
    token = _purging.set(True)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pitchey.audit_purge = 'on'")
        yield
    finally:
        _purging.reset(token)


class EventType(models.TextChoices):
    """The seed's event types, plus failed logins, publishing and follows for audits and feeds."""

    PAGE_VIEW = "page_view", "Page view"
    PITCH_VIEW = "pitch_view", "Pitch view"
    PITCH_LIKE = "pitch_like", "Pitch like"
    PITCH_SAVE = "pitch_save", "Pitch save"
    NDA_REQUEST = "nda_request", "NDA request"
    NDA_SIGNED = "nda_signed", "NDA signed"
    MESSAGE_SENT = "message_sent", "Message sent"
    MESSAGE_READ = "message_read", "Message read"
    LOGIN = "login", "Login"
    REGISTRATION = "registration", "Registration"
    SEARCH = "search", "Search"
    FILTER_APPLIED = "filter_applied", "Filter applied"
    SESSION_START = "session_start", "Session start"
    SESSION_END = "session_end", "Session end"
    INVESTMENT_MADE = "investment_made", "Investment made"
    LOGIN_FAILED = "login_failed", "Failed login"
    PITCH_PUBLISHED = "pitch_published", "Pitch published"
    USER_FOLLOW = "user_follow", "Follow"
    PITCH_RATING = "pitch_rating", "Pitch rated"
    PITCH_COMMENT = "pitch_comment", "Pitch comment"
    PITCH_FEEDBACK = "pitch_feedback", "Pitch feedback"


CATEGORIES: dict[str, str] = {
    "page_view": "navigation",
    "pitch_view": "engagement",
    "pitch_like": "engagement",
    "pitch_save": "engagement",
    "nda_request": "nda",
    "nda_signed": "nda",
    "message_sent": "messaging",
    "message_read": "messaging",
    "login": "auth",
    "registration": "auth",
    "login_failed": "auth",
    "search": "discovery",
    "filter_applied": "discovery",
    "session_start": "session",
    "session_end": "session",
    "investment_made": "investment",
    "pitch_published": "content",
    "user_follow": "social",
    "pitch_rating": "engagement",
    "pitch_comment": "engagement",
    "pitch_feedback": "engagement",
}


class EventQuerySet(models.QuerySet["Event"]):
    def between(self, start: object, end: object) -> EventQuerySet:
        return self.filter(created_at__gte=start, created_at__lt=end)


class Event(models.Model):
    """One product event. Ids of users, pitches and companies are plain numbers: analytics
    imports no domain app, and archived rows restore whatever became of their subjects."""

    event_type = models.CharField(max_length=30, choices=EventType)
    event_category = models.CharField(max_length=50, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True, help_text="who acted")
    pitch_id = models.BigIntegerField(null=True, blank=True)
    creator_id = models.BigIntegerField(
        null=True, blank=True, help_text="owner of what was acted on (the pitch's creator)"
    )
    company_id = models.BigIntegerField(null=True, blank=True)
    session_id = models.CharField(max_length=255, blank=True)
    event_data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        db_table = "analytics_events"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"], name="idx_analytics_events_created"),
            models.Index(fields=["user_id", "event_type"], name="idx_analytics_events_user_type"),
            models.Index(
                fields=["pitch_id", "event_type", "created_at"],
                name="analytics_event_pitch_idx",
                condition=Q(pitch_id__isnull=False),
            ),
            models.Index(
                fields=["creator_id", "created_at"],
                name="analytics_event_creator_idx",
                condition=Q(creator_id__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(event_type__in=EventType.values), name="analytics_event_type_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk} at {self.created_at:%Y-%m-%d %H:%M}"


class Period(models.TextChoices):
    HOUR = "hour", "Hour"
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"


class EntityType(models.TextChoices):
    PLATFORM = "platform", "Platform"
    PITCH = "pitch", "Pitch"
    CREATOR = "creator", "Creator"
    COMPANY = "company", "Company"
    USER = "user", "User (actor)"


class Aggregate(models.Model):
    """How many events of one type one entity had in one period (entity_id 0: the platform)."""

    period = models.CharField(max_length=20, choices=Period)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    metric_type = models.CharField(max_length=50)
    entity_type = models.CharField(max_length=20, choices=EntityType)
    entity_id = models.BigIntegerField(default=0)
    value = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "analytics_aggregates"
        ordering = ["-period_start", "metric_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "period_start", "metric_type", "entity_type", "entity_id"],
                name="analytics_aggregate_unique",
            )
        ]
        indexes = [
            models.Index(fields=["period", "period_start"], name="idx_analytics_aggr_period"),
            # Covering: a dashboard's read is one index-only range scan per period.
            models.Index(
                fields=["entity_type", "entity_id", "period", "period_start"],
                include=["metric_type", "value"],
                name="analytics_aggr_entity_cover",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.metric_type} {self.entity_type}:{self.entity_id} {self.period} "
            f"{self.period_start:%Y-%m-%d %H:%M}"
        )


class RollupState(models.Model):
    """Per period kind: every period ending at or before `completed_until` is rolled up."""

    period = models.CharField(max_length=20, choices=Period, primary_key=True)
    completed_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "analytics_rollup_state"

    def __str__(self) -> str:
        return f"{self.period} rolled up until {self.completed_until}"


class ArchiveRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    before = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status, default=Status.RUNNING)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "analytics_archive_runs"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"archive before {self.before:%Y-%m-%d} ({self.status})"


class ArchiveObject(models.Model):
    """One compressed JSON Lines object in the bucket holding one table's rows of one day.

    Its status moves pending -> uploaded -> verified -> complete; rows are deleted only while
    verified, by the ids read back from the object, so a crash at any point resumes safely.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending upload"
        UPLOADED = "uploaded", "Uploaded"
        VERIFIED = "verified", "Verified, deleting rows"
        COMPLETE = "complete", "Complete"
        RESTORED = "restored", "Restored to the database"

    run = models.ForeignKey(
        ArchiveRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="archived_objects",
    )
    table = models.CharField(max_length=100)
    day = models.DateField()
    part = models.PositiveIntegerField(default=1)
    key = models.CharField(max_length=500, unique=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    row_count = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    deleted_count = models.PositiveIntegerField(default=0)
    restored_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "analytics_archive_objects"
        ordering = ["table", "day", "part"]
        constraints = [
            models.UniqueConstraint(fields=["table", "day", "part"], name="archive_object_unique")
        ]

    def __str__(self) -> str:
        return self.key


class SlowRequest(models.Model):
    """A request or one of its queries that took longer than the configured threshold."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request"
        QUERY = "query", "Query"

    kind = models.CharField(max_length=10, choices=Kind)
    method = models.CharField(max_length=10, blank=True)
    route = models.CharField(max_length=300)
    duration_ms = models.FloatField()
    query_count = models.PositiveIntegerField(default=0)
    sql = models.TextField(blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        db_table = "analytics_slow_requests"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.route} {self.duration_ms:.0f} ms"


class ScheduledReportQuerySet(models.QuerySet["ScheduledReport"]):
    def owned_by(self, user: object) -> ScheduledReportQuerySet:
        return self.filter(user=user)


class ScheduledReport(models.Model):
    """A user's standing request for an emailed analytics summary."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduled_reports"
    )
    name = models.CharField(max_length=200, blank=True)
    report_type = models.CharField(max_length=50, default="summary")
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    config = models.JSONField(default=dict, blank=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScheduledReportQuerySet.as_manager()

    class Meta:
        db_table = "analytics_scheduled_reports"
        ordering = ["next_run_at", "id"]
        indexes = [models.Index(fields=["next_run_at"], name="analytics_report_due_idx")]

    def __str__(self) -> str:
        return f"{self.frequency} {self.report_type} for {self.user_id}"


class ContentReportQuerySet(models.QuerySet["ContentReport"]):
    def unresolved(self) -> ContentReportQuerySet:
        return self.filter(resolved_at__isnull=True)

    def on(self, target_type: str, target_id: object) -> ContentReportQuerySet:
        return self.filter(target_type=target_type, target_id=str(target_id))

    def open_by(
        self, reporter: models.Model, target_type: str, target_id: object
    ) -> ContentReportQuerySet:
        return self.unresolved().on(target_type, target_id).filter(reporter_id=reporter.pk)


class ContentReport(models.Model):
    """Someone reported a pitch, message, comment or profile; the staff console gathers the
    reports on one object into a flag of its moderation queue."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.CharField(max_length=30)
    target_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=100)
    details = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContentReportQuerySet.as_manager()

    class Meta:
        db_table = "content_reports"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(resolved_at__isnull=True),
                name="content_reports_one_open_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_type}:{self.target_id} ({self.reason})"
