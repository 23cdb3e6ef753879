"""Account emails, sent by workers after commit; each task takes ids and re-reads rows."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from celery.schedules import crontab

from accounts import services
from accounts.identity import services as identity_services
from accounts.models import LoginChallenge, User
from accounts.services import maintenance
from pitchey.celery import schedule


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_verification_email(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.send_verification_email(user=user)


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_password_reset_email(user_id: int) -> None:
    user = User.objects.active().filter(pk=user_id).first()
    if user is not None:
        services.send_password_reset_email(user=user)


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=5)
def send_lockout_email(user_id: int) -> None:
    from accounts import services
    from accounts.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        services.send_lockout_email(user=user)


@shared_task(autoretry_for=(SMTPException,), retry_backoff=True, max_retries=3)
def send_login_code(challenge_id: str) -> None:
    challenge = LoginChallenge.objects.select_related("user").filter(pk=challenge_id).first()
    if challenge is not None and challenge.used_at is None:
        services.send_login_code(challenge=challenge)


@shared_task
def purge_auth_records() -> None:
    maintenance.purge_auth_records()


@shared_task
def refresh_open_verifications() -> None:
    identity_services.refresh_open_verifications()


schedule(
    "accounts-purge-auth-records", "accounts.tasks.purge_auth_records", crontab(hour=3, minute=15)
)
schedule(
    "accounts-identity-recheck",
    "accounts.tasks.refresh_open_verifications",
    crontab(minute=40),
)
