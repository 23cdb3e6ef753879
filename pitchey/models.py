"""The kernel's one table: runtime settings staff change without a deploy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RuntimeSettings(models.Model):
    """A single row (id 1): feature switches, the announcement banner, maintenance mode.
    Read through `pitchey.runtime` (cached); written by `staff.services.settings`."""

    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "runtime_settings"
        verbose_name_plural = "runtime settings"

    def __str__(self) -> str:
        return "runtime settings"
