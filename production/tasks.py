"""Background work of the production app (thin wrappers around services, ids only)."""

from __future__ import annotations

from celery import shared_task
from celery.schedules import crontab

from pitchey.celery import schedule
from production import services


@shared_task
def announce_call(call_id: int) -> int:
    """Tell the creators whose pitches match a new open call (once)."""
    return services.announce_call(call_id=call_id)


@shared_task
def send_meeting_reminders() -> int:
    """Remind both sides of the meetings in the next 24 hours (hourly)."""
    return services.send_meeting_reminders()


schedule(
    "production.meeting-reminders",
    "production.tasks.send_meeting_reminders",
    crontab(minute=5),
)
