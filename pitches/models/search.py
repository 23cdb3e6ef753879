"""Searches people keep and make: saved searches (with their use count), each logged-in search
(the history and the popular queries) and the results opened from a search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)

    def runnable_by(self, user: User | AnonymousUser) -> Self:
        """Your own saved searches and the ones their owners made public."""
        if not user.is_authenticated:
            return self.filter(is_public=True)
        return self.filter(models.Q(owner=user) | models.Q(is_public=True))

    def popular(self) -> Self:
        """Public saved searches, most used first."""
        return self.filter(is_public=True).order_by("-use_count", "-last_used", "-id")


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "Immediately"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        NEVER = "never", "Never"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    search_query = models.CharField(max_length=200, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=False)
    notify_on_results = models.BooleanField(default=False)
    alert_frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.NEVER
    )
    use_count = models.PositiveIntegerField(default=0)
    last_used = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_per_owner")
        ]
        indexes = [models.Index(fields=["is_public", "-use_count"])]

    def __str__(self) -> str:
        return self.name


class SearchHistoryQuerySet(models.QuerySet["SearchHistory"]):
    def owned_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class SearchHistory(models.Model):
    """One search by a logged-in user with words in it (anonymous searches are not kept)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_history"
    )
    query = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = SearchHistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return self.query


class SearchClick(models.Model):
    """A result opened from a search: which pitch, at which position, for which words."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pitch = models.ForeignKey("pitches.Pitch", on_delete=models.CASCADE, related_name="+")
    search = models.ForeignKey(
        SearchHistory, null=True, blank=True, on_delete=models.SET_NULL, related_name="clicks"
    )
    query = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(null=True, blank=True)
    session_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.query} -> {self.pitch_id}"
