"""Background work of the production app (thin wrappers around services, ids only)."""

from __future__ import annotations

from celery import shared_task

from production import services


@shared_task
def announce_call(call_id: int) -> int:
    """Tell the creators whose pitches match a new open call (once)."""
    return services.announce_call(call_id=call_id)
