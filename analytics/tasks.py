"""Celery tasks of analytics: thin wrappers around its services, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from analytics.services import archival, reports, rollups
from pitchey.celery import schedule


@shared_task(acks_late=True, reject_on_worker_lost=True)
def rollup_analytics() -> int:
    return rollups.catch_up().rows


@shared_task(acks_late=True, reject_on_worker_lost=True)
def archive_data() -> int:
    return archival.archive().rows_archived


@shared_task
def send_scheduled_reports() -> int:
    return reports.send_due_reports()


# Hourly rollups a few minutes past the hour catch up days, weeks and months as they complete.
schedule("analytics-rollup", "analytics.tasks.rollup_analytics", crontab(minute=7))
schedule("analytics-archive", "analytics.tasks.archive_data", crontab(hour=3, minute=30))
schedule("analytics-reports", "analytics.tasks.send_scheduled_reports", crontab(minute=15))
