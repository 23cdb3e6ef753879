"""Background work of the staff console; tasks take ids and call one service."""

from __future__ import annotations

from celery import shared_task

from staff.models import Broadcast, GdprRequest, ReportJob
from staff.services import broadcasts, gdpr, reports


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_broadcast(broadcast_id: int) -> int:
    broadcast = Broadcast.objects.filter(pk=broadcast_id).first()
    return broadcasts.send_broadcast(broadcast=broadcast) if broadcast else 0


@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_gdpr_data(request_id: int) -> None:
    row = GdprRequest.objects.filter(pk=request_id).first()
    if row is not None:
        gdpr.export_data(request=row)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_report(job_id: int) -> None:
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is not None:
        reports.build_report(job=job)
