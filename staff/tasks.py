"""Background work of the staff console; tasks take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from staff.models import Broadcast
from staff.services import broadcasts


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_broadcast(broadcast_id: int) -> int:
    broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
    return broadcasts.send_broadcast(broadcast=broadcast) if broadcast else 0
