"""Scheduled analytics reports (emailed summaries) and content reports to the staff."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics import selectors
from analytics.models import ContentReport, ScheduledReport
from analytics.services.audit import record_activity
from pitchey.errors import Conflict, DomainError, NotFoundError

logger = logging.getLogger(__name__)

STEP = {"daily": timedelta(days=1), "weekly": timedelta(days=7), "monthly": timedelta(days=30)}
MAX_REPORTS_PER_USER = 10
SUMMARY_METRICS = ["pitch_view", "pitch_like", "pitch_save", "nda_request", "nda_signed"]


def next_run(frequency: str, *, after: datetime) -> datetime:
    """The first run of a schedule: the next 07:00 UTC one step after `after`'s day starts."""
    start = after.replace(hour=7, minute=0, second=0, microsecond=0)
    return start + STEP[frequency] if start <= after else start


@transaction.atomic
def schedule_report(
    *,
    user: Any,
    frequency: str,
    report_type: str = "summary",
    name: str = "",
    config: dict[str, Any] | None = None,
) -> ScheduledReport:
    """Create a scheduled report; at most ten per user."""
    if frequency not in STEP:
        raise DomainError(
            "Choose daily, weekly or monthly.",
            code="VALIDATION_ERROR",
            details={"frequency": ["Choose daily, weekly or monthly."]},
        )
    if ScheduledReport.objects.filter(user=user).count() >= MAX_REPORTS_PER_USER:
        raise DomainError(f"At most {MAX_REPORTS_PER_USER} scheduled reports.")
    report = ScheduledReport.objects.create(
        user=user,
        frequency=frequency,
        report_type=report_type[:50] or "summary",
        name=name[:200],
        config=config or {},
        next_run_at=next_run(frequency, after=timezone.now()),
    )
    record_activity(report, "analytics.report.scheduled", actor=user)
    return report


@transaction.atomic
def cancel_report(*, user: Any, report_id: int) -> None:
    """Delete one of the user's scheduled reports (404 for anybody else's)."""
    deleted, _ = ScheduledReport.objects.filter(pk=report_id, user=user).delete()
    if not deleted:
        raise NotFoundError("No such scheduled report.")


def _summary_text(user_id: int, days: int) -> str:
    since = timezone.now() - timedelta(days=days)
    day_since = since.replace(hour=0, minute=0, second=0, microsecond=0)
    mine = selectors.totals(
        entity_type="creator", entity_ids=[user_id], metrics=SUMMARY_METRICS, since=day_since
    )[user_id]
    own = selectors.totals(
        entity_type="user", entity_ids=[user_id], metrics=SUMMARY_METRICS, since=day_since
    )[user_id]
    lines = [f"Your Pitchey summary for the last {days} days:", "", "On your pitches:"]
    lines += [f"  {metric.replace('_', ' ')}: {count}" for metric, count in mine.items()]
    lines += ["", "Your own activity:"]
    lines += [f"  {metric.replace('_', ' ')}: {count}" for metric, count in own.items()]
    return "\n".join(lines)


def _send_report(email: str, body: str) -> None:
    send_mail("Your Pitchey analytics report", body, None, [email], fail_silently=True)


def send_due_reports(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Email every report that is due and move it to its next run; returns how many."""
    now = now or timezone.now()
    sent = 0
    due = ScheduledReport.objects.filter(next_run_at__lte=now).values_list("pk", flat=True)
    for report_id in list(due[:500]):
        with transaction.atomic():
            report = (
                ScheduledReport.objects.select_for_update(skip_locked=True)
                .filter(pk=report_id, next_run_at__lte=now)
                .select_related("user")
                .first()
            )
            if report is None:
                continue
            sent += 1
            if dry_run:
                continue
            body = _summary_text(report.user_id, STEP[report.frequency].days)
            email = report.user.email
            transaction.on_commit(partial(_send_report, email, body))
            report.last_run_at = now
            report.next_run_at = next_run(report.frequency, after=now)
            report.save(update_fields=["last_run_at", "next_run_at"])
    return sent


def report_content(
    *, reporter: Any, target_type: str, target_id: str, reason: str, details: str = ""
) -> ContentReport:
    """File one report; a reporter has at most one open report per object (409 for another).
    The caller checked that the reporter may see the target (`staff.services.flags`)."""
    duplicate = Conflict(
        "You already reported this; a moderator will look at it.",
        details={"target_id": ["You already reported this."]},
    )
    if ContentReport.objects.open_by(reporter, target_type, target_id).exists():
        raise duplicate
    try:
        with transaction.atomic():
            report = ContentReport.objects.create(
                reporter=reporter,
                target_type=target_type,
                target_id=target_id,
                reason=reason,
                details=details,
            )
    except IntegrityError:
        raise duplicate from None
    record_activity(report, "analytics.content.reported", actor=reporter)
    logger.info("content report %s on %s:%s", report.pk, target_type, target_id)
    return report


@transaction.atomic
def resolve_reports(*, ids: list[int], actor: Any) -> int:
    """Mark content reports resolved (staff), each with an audit entry."""
    open_reports = list(
        ContentReport.objects.select_for_update().filter(pk__in=ids, resolved_at__isnull=True)
    )
    now = timezone.now()
    for report in open_reports:
        report.resolved_at = now
        report.save(update_fields=["resolved_at"])
        record_activity(report, "analytics.content.resolved", actor=actor)
    return len(open_reports)


def resolve_reports_on(*, target_type: str, target_id: object, actor: Any) -> int:
    """Resolve every open report on one object (its flag was resolved)."""
    ids = list(
        ContentReport.objects.unresolved().on(target_type, target_id).values_list("pk", flat=True)
    )
    return resolve_reports(ids=ids, actor=actor) if ids else 0
