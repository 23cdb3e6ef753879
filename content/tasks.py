"""Celery tasks of the content app: forwarding contact messages to staff."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from content import emails


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=30, max_retries=6)
def send_contact_email(message_id: int) -> bool:
    return emails.send_contact_email(message_id=message_id)
