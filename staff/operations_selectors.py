"""Reads for operations: verification rows, report jobs, subscription grant figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from billing.models import CreditEntry, Subscription
from pitchey.errors import DomainError
from production.models import CompanyVerification
from staff.models import ReportJob


def verifications(status: str) -> QuerySet[CompanyVerification]:
    rows = CompanyVerification.objects.for_review().order_by("submitted_at", "id")
    if status == "all":
        return rows
    if status not in CompanyVerification.Status.values:
        raise DomainError(
            "Unknown status.",
            code="VALIDATION_ERROR",
            details={"status": ["Choose pending, approved, rejected, incomplete or all."]},
        )
    return rows.filter(status=status)


def verification_json(row: CompanyVerification) -> dict[str, Any]:
    company = row.company
    return {
        "id": row.pk,
        "user_id": row.company_id,
        "company_name": row.company_name,
        "email": company.email,
        "region": row.region,
        "registration_number": row.registration_number,
        "website": row.website,
        "document_name": row.document_name,
        "status": row.status,
        "checks": row.checks,
        "reason": row.reason,
        "rejection_reason": row.reason if row.status == "rejected" else "",
        "submitted_at": row.submitted_at.isoformat(),
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
    }


def report_jobs() -> QuerySet[ReportJob]:
    return ReportJob.objects.all().order_by("-created_at", "-id")


def report_json(job: ReportJob, url: str | None) -> dict[str, Any]:
    return {
        "id": job.pk,
        "type": job.kind,
        "status": job.status,
        "filters": job.filters,
        "rows": job.row_count,
        "created_at": job.created_at.isoformat(),
        "completed_at": job.completed_at.isoformat() if job.completed_at else None,
        "download_url": url,
    }


def subscription_grants() -> dict[str, Any]:
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    by_status = dict(
        Subscription.objects.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    granted = CreditEntry.objects.filter(
        created_at__gte=month_start, kind__in=[CreditEntry.Kind.GRANT, CreditEntry.Kind.PURCHASE]
    ).aggregate(total=Sum("amount"), entries=Count("id"))
    return {
        "subscriptions": by_status,
        "credits_this_month": granted["total"] or 0,
        "grants_this_month": granted["entries"],
        "since": month_start.isoformat(),
    }
