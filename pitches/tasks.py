"""Scheduled pitch jobs (thin wrappers around services)."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from pitches.engagement import heat, reputation
from pitchey.celery import schedule


@shared_task
def refresh_trending_scores() -> int:
    """The heat of every published pitch (the one trending score), every 15 minutes."""
    return heat.refresh_heat_scores()


schedule(
    "pitches.refresh-trending", "pitches.tasks.refresh_trending_scores", crontab(minute="*/15")
)


@shared_task
def recompute_reputation() -> dict[str, int]:
    """Promote creators whose platform facts earn a higher trust tier (daily)."""
    return reputation.recompute_reputation()


schedule(
    "pitches.recompute-reputation",
    "pitches.tasks.recompute_reputation",
    crontab(hour=3, minute=30),
)
