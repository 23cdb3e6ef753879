"""Calendar events per user, meeting requests between a backer and a creator, and the secret
ICS feed of each user's calendar."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def feed_token() -> str:
    return secrets.token_urlsafe(32)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def involving(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(requester=user) | Q(creator=user))

    def for_display(self) -> Self:
        return self.select_related("requester", "creator", "pitch")


class Meeting(models.Model):
    """A meeting an investor or a company asks a creator for: proposed times, then the other
    side accepts one, declines, or proposes others."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    class Kind(models.TextChoices):
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone call"
        IN_PERSON = "in_person", "In person"

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_requested"
    )
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_offered"
    )
    pitch = models.ForeignKey(
        Pitch, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    meeting_type = models.CharField(max_length=10, choices=Kind, default=Kind.VIDEO)
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    message = models.TextField(max_length=2000, blank=True)
    proposed_times = models.JSONField(default=list)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    scheduled_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    note = models.CharField(max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        db_table = "production_meetings"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted", "declined", "cancelled"]),
                name="production_meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15, duration_minutes__lte=480),
                name="production_meeting_duration",
            ),
        ]
        indexes = [
            models.Index(
                fields=["scheduled_at"],
                condition=Q(status="accepted", reminded_at__isnull=True),
                name="production_meeting_remind_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Meeting {self.pk} ({self.status})"

    def other_party_id(self, user: User) -> int:
        return self.creator_id if user.pk == self.requester_id else self.requester_id


class EventQuerySet(models.QuerySet["CalendarEvent"]):
    def of(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class CalendarEvent(models.Model):
    class Type(models.TextChoices):
        MEETING = "meeting", "Meeting"
        SHOOT = "shoot", "Shoot"
        DEADLINE = "deadline", "Deadline"
        SCREENING = "screening", "Screening"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_events"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    event_type = models.CharField(max_length=10, choices=Type, default=Type.OTHER)
    start = models.DateTimeField()
    end = models.DateTimeField()
    location = models.CharField(max_length=255, blank=True)
    pitch = models.ForeignKey(
        Pitch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        db_table = "production_calendar_events"
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["owner", "start"], name="production_event_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="event_ends_after")
        ]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """The secret behind a user's ICS feed URL (rotating it retires the old URL)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "production_calendar_feeds"

    def __str__(self) -> str:
        return f"Feed of {self.user_id}"
