"""Celery tasks of messaging: thin, id-taking, idempotent wrappers around the email services."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from celery.schedules import crontab

from messaging import emails
from pitchey.celery import schedule


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_email(delivery_id: int) -> str:
    return emails.deliver_email(delivery_id)


@shared_task
def send_daily_digests() -> int:
    return emails.queue_digests(frequency="daily")


@shared_task
def send_weekly_digests() -> int:
    return emails.queue_digests(frequency="weekly")


schedule("messaging-daily-digest", "messaging.tasks.send_daily_digests", crontab(hour=7, minute=0))
schedule(
    "messaging-weekly-digest",
    "messaging.tasks.send_weekly_digests",
    crontab(hour=7, minute=30, day_of_week=1),
)
