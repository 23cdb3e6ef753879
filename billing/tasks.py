"""Celery tasks of billing: the daily reconciliation with Stripe and the promo-code email."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from celery.schedules import crontab

from billing import emails
from billing.providers import ProviderError, get_provider
from billing.services import reconcile
from pitchey.celery import schedule


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reconcile_subscriptions() -> int:
    return len(reconcile.reconcile_subscriptions(dry_run=False).drift)


@shared_task(autoretry_for=(SMTPException, OSError), retry_backoff=30, max_retries=6)
def send_promo_email(promo_id: int, recipient_name: str, recipient_email: str) -> bool:
    return emails.send_promo_email(
        promo_id=promo_id, recipient_name=recipient_name, recipient_email=recipient_email
    )


@shared_task(
    acks_late=True, autoretry_for=(ProviderError, OSError), retry_backoff=60, max_retries=10
)
def delete_provider_customer(customer_id: str) -> None:
    """An erased person's customer at the payment provider goes too (retried while the
    provider cannot be reached; deleting one already gone succeeds)."""
    get_provider().delete_customer(customer_id=customer_id)


schedule("billing-reconcile", "billing.tasks.reconcile_subscriptions", crontab(hour=3, minute=0))
