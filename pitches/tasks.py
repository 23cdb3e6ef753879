"""Scheduled pitch jobs (thin wrappers around services)."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from pitchey.celery import schedule
from pitches import services


@shared_task
def refresh_trending_scores() -> int:
    return services.refresh_trending_scores()


schedule("pitches.refresh-trending", "pitches.tasks.refresh_trending_scores", crontab(minute="*/15"))
