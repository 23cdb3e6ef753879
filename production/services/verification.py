"""Company verification: a production company submits its details and a document, the
automatic checks run, staff approve or reject with a reason (admin, staff console and the
`decide_verification` command all call `approve_verification` / `reject_verification`)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from analytics.services import record_activity
from messaging import NotificationKind
from pitchey.errors import Conflict, DomainError
from pitchey.uploads import store_upload
from production import checks
from production.models import CompanyVerification
from production.services.common import ensure_company, ensure_staff, invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User

VERIFICATION_LINK = "/production/verification/"


def _open_for(company: User) -> CompanyVerification | None:
    return (
        CompanyVerification.objects.select_for_update()
        .filter(company=company, status__in=CompanyVerification.OPEN)
        .first()
    )


def _recheck(verification: CompanyVerification, company: User) -> None:
    verification.checks = checks.run_checks(
        region=verification.region,
        number=verification.registration_number,
        website=verification.website,
        email=company.email,
        has_document=bool(verification.document_key),
    )
    passed = all(c["passed"] for c in verification.checks)
    verification.status = (
        CompanyVerification.Status.PENDING if passed else CompanyVerification.Status.INCOMPLETE
    )


def _refuse_if_verified(company: User) -> None:
    if company.company_verified:
        raise Conflict("Your company is already verified.")


@transaction.atomic
def submit_verification(
    *,
    company: User,
    company_name: str,
    region: str,
    registration_number: str = "",
    website: str = "",
) -> CompanyVerification:
    """Record (or update) the company's open submission and run the automatic checks: all
    passed puts it in the staff queue (pending), otherwise it stays incomplete with what is
    missing."""
    ensure_company(company)
    _refuse_if_verified(company)
    region = checks.normalise_region(region)
    if region not in checks.REGIONS:
        raise invalid("region", "Choose a country (US, UK, IE, CA, AU, FR, DE or OTHER).")
    if not company_name.strip():
        raise invalid("company_name", "Give your company's name.")
    verification = _open_for(company) or CompanyVerification(company=company)
    verification.company_name = company_name.strip()[:255]
    verification.region = region
    verification.registration_number = checks.normalise_number(registration_number)[:40]
    verification.website = website.strip()[:500]
    verification.submitted_at = timezone.now()
    _recheck(verification, company)
    verification.save()
    record_activity(
        verification,
        "production.verification.submitted",
        actor=company,
        data={"status": verification.status},
    )
    return verification


def attach_document(
    *, company: User, fileobj: IO[bytes], name: str, size: int
) -> CompanyVerification:
    """Store an insurance certificate or registration document (PDF or image) with the
    company's open submission, starting one from the profile if there is none, and re-check."""
    ensure_company(company)
    _refuse_if_verified(company)
    stored = store_upload(
        fileobj=fileobj, name=name, size=size, kind="attachment", folder="production/verification"
    )
    with transaction.atomic():
        verification = _open_for(company) or CompanyVerification(
            company=company,
            company_name=company.company_name or company.display_name,
            website=company.company_website or company.website,
        )
        verification.document_key = stored.key
        verification.document_name = stored.name[:255]
        verification.document_type = stored.content_type
        _recheck(verification, company)
        verification.save()
        record_activity(verification, "production.verification.document", actor=company)
    return verification


def _decide_locked(verification: CompanyVerification, actor: User) -> CompanyVerification:
    ensure_staff(actor)
    locked = CompanyVerification.objects.select_for_update().get(pk=verification.pk)
    if locked.status not in CompanyVerification.OPEN:
        raise Conflict(f"This verification was already {locked.status}.")
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    return locked


@transaction.atomic
def approve_verification(
    *, verification: CompanyVerification, actor: User, reason: str = ""
) -> CompanyVerification:
    """Staff approve an open submission: the company gets its verified badge and is told."""
    locked = _decide_locked(verification, actor)
    locked.status = CompanyVerification.Status.APPROVED
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    account_services.mark_company_verified(
        user=locked.company,
        name=locked.company_name,
        number=locked.registration_number,
        website=locked.website,
    )
    record_activity(locked, "production.verification.approved", actor=actor)
    notify_after_commit(
        locked.company_id,
        NotificationKind.COMPANY_VERIFICATION,
        "Your company is verified",
        body=f"{locked.company_name} now shows the verified badge.",
        link=VERIFICATION_LINK,
        data={"verification_id": locked.pk, "status": locked.status},
    )
    return locked


@transaction.atomic
def reject_verification(
    *, verification: CompanyVerification, actor: User, reason: str
) -> CompanyVerification:
    """Staff reject an open submission with a reason the company reads."""
    ensure_staff(actor)
    reason = reason.strip()
    if len(reason) < 3:
        raise DomainError(
            "Give the company a reason.",
            code="VALIDATION_ERROR",
            details={"reason": ["At least 3 characters."]},
        )
    locked = _decide_locked(verification, actor)
    locked.status = CompanyVerification.Status.REJECTED
    locked.reason = reason
    locked.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    record_activity(
        locked, "production.verification.rejected", actor=actor, data={"reason": reason}
    )
    notify_after_commit(
        locked.company_id,
        NotificationKind.COMPANY_VERIFICATION,
        "Your company verification was declined",
        body=reason,
        link=VERIFICATION_LINK,
        data={"verification_id": locked.pk, "status": locked.status},
    )
    return locked
