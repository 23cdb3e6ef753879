"""Celery tasks of ndas: thin, idempotent wrappers around the expiry and reminder services."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from ndas import services
from pitchey.celery import schedule


@shared_task
def expire_stale_requests() -> int:
    return services.expire_stale_requests()


@shared_task
def expire_access() -> int:
    return services.expire_access() + services.delete_old_stamped_copies()


@shared_task
def send_expiry_warnings() -> int:
    return services.send_expiry_warnings()


@shared_task
def send_pending_reminders() -> int:
    return services.send_pending_reminders()


schedule("ndas-expire-requests", "ndas.tasks.expire_stale_requests", crontab(minute=5))
schedule("ndas-expire-access", "ndas.tasks.expire_access", crontab(minute=10))
schedule("ndas-expiry-warnings", "ndas.tasks.send_expiry_warnings", crontab(hour=8, minute=0))
schedule("ndas-pending-reminders", "ndas.tasks.send_pending_reminders", crontab(hour=9, minute=0))
