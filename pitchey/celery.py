"""Celery, configured from Django settings (the CELERY_* names); the schedule lives here, in
code."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")

app = Celery("pitchey")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
)
app.autodiscover_tasks()

# Every scheduled job also has a management command with --dry-run.
app.conf.beat_schedule = {}


def schedule(name: str, task: str, when: crontab | float) -> None:
    """Register a periodic task; apps call this from their tasks module."""
    app.conf.beat_schedule[name] = {"task": task, "schedule": when}
