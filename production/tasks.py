"""Background work of the production app (thin wrappers around services, ids only)."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from celery.schedules import crontab

from pitchey.celery import schedule
from production import emails, services


@shared_task
def announce_call(call_id: int) -> int:
    """Tell the creators whose pitches match a new open call (once)."""
    return services.announce_call(call_id=call_id)


@shared_task
def send_meeting_reminders() -> int:
    """Remind both sides of the meetings in the next 24 hours (hourly)."""
    return services.send_meeting_reminders()


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_team_invite_email(invite_id: int) -> bool:
    """Email a team invitation to an address without an account."""
    return emails.send_team_invite(invite_id=invite_id)


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_referral_email(referral_id: int) -> bool:
    """Email a referral code to the address it was made for."""
    return emails.send_referral(referral_id=referral_id)


schedule(
    "production.meeting-reminders",
    "production.tasks.send_meeting_reminders",
    crontab(minute=5),
)
