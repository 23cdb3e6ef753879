"""GDPR requests (AD11): access (an export delivered through a signed download) and erasure
(anonymisation that keeps ledgers and NDA evidence), each answered within one month.

What erasure does to each table, and what it keeps and why (ledgers, NDA evidence), is
documented in docs/GDPR.md; keep the two in step.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import User
from analytics import record_activity
from analytics.models import AuditLog
from analytics.services import erasure as analytics_erasure
from billing.models import CreditEntry, Payment
from billing.services import erasure as billing_erasure
from content import services as content_services
from curation import gdpr_selectors as curation_data
from curation import services as curation_services
from investments.selectors import gdpr as investment_data
from investments.services import erasure as investment_erasure
from messaging.models import Message, Notification
from messaging.services import notifications as messaging_notifications
from ndas import gdpr_selectors as nda_data
from ndas.services import erasure as nda_erasure
from pitches import gdpr_selectors as pitch_data
from pitches.engagement.models import PitchComment
from pitches.models import Pitch
from pitches.services import erasure as pitch_erasure
from pitchey.errors import Conflict, DomainError, NotFoundError
from pitchey.ratelimit import hit_rate_limit
from pitchey.storage import save_file, signed_url, unguessable_key
from production.selectors import gdpr as production_data
from production.services import erasure as production_erasure
from staff import tasks
from staff.models import Flag, GdprRequest

ANSWER_WITHIN = timedelta(days=30)
EXPORT_KEPT_FOR = timedelta(days=7)
KIND_ALIASES = {
    "access": "access",
    "export": "access",
    "data_export": "access",
    "erasure": "erasure",
    "deletion": "erasure",
    "delete": "erasure",
}


def normalise_kind(raw: str) -> str:
    kind = KIND_ALIASES.get((raw or "").lower())
    if kind is None:
        raise DomainError(
            "Choose access or erasure.",
            code="VALIDATION_ERROR",
            details={"type": ["Choose access (export) or erasure."]},
        )
    return kind


@transaction.atomic
def create_request(*, user: User, kind: str, actor: User, details: str = "") -> GdprRequest:
    """Record a request with its legal deadline; an access request is exported right away in
    the background. One open request per person and kind (409)."""
    kind = normalise_kind(kind)
    now = timezone.now()
    try:
        with transaction.atomic():
            row = GdprRequest.objects.create(
                user=user,
                kind=kind,
                details=details.replace("\x00", "").strip()[:2000],
                requested_by=actor,
                created_at=now,
                due_at=now + ANSWER_WITHIN,
            )
    except IntegrityError:
        raise Conflict(
            "This person already has an open request of this kind.",
            details={"type": ["An open request of this kind exists."]},
        ) from None
    record_activity(row, f"staff.gdpr.{kind}_requested", actor=actor)
    if kind == GdprRequest.Kind.ACCESS:
        transaction.on_commit(lambda: tasks.export_gdpr_data.delay(row.pk))
    return row


OWN_REQUESTS_PER_HOUR = 10


def request_own(*, user: User, kind: str, password: str = "") -> GdprRequest:
    """The person asks, from their settings, for a copy of their data or for its erasure; an
    erasure needs their password (proof that it is them, now). A second open request of the
    same kind is refused (409), as are more than OWN_REQUESTS_PER_HOUR tries an hour (each a
    password guess at worst)."""
    kind = normalise_kind(kind)
    allowed, _, _ = hit_rate_limit(f"gdpr-own:{user.pk}", OWN_REQUESTS_PER_HOUR, 3600)
    if not allowed:
        raise DomainError("Too many tries; try again in an hour.", code="RATE_LIMIT_EXCEEDED")
    if kind == GdprRequest.Kind.ERASURE and not (password and user.check_password(password)):
        raise DomainError(
            "The password is incorrect.",
            code="VALIDATION_ERROR",
            details={"password": ["Enter your current password to confirm."]},
        )
    return create_request(user=user, kind=kind, actor=user)


@transaction.atomic
def withdraw_request(*, request: GdprRequest, actor: User) -> GdprRequest:
    """The person withdraws their own erasure request while staff have not started on it."""
    row = GdprRequest.objects.select_for_update().get(pk=request.pk)
    if row.user_id != actor.pk:
        raise NotFoundError("No such request.")
    if row.kind != GdprRequest.Kind.ERASURE or row.status != GdprRequest.Status.PENDING:
        raise Conflict("Only a pending erasure request can be withdrawn.")
    row.status, row.completed_at = GdprRequest.Status.WITHDRAWN, timezone.now()
    row.save(update_fields=["status", "completed_at"])
    record_activity(row, "staff.gdpr.erasure_withdrawn", actor=actor)
    return row


def personal_data(user: User) -> dict[str, Any]:
    """Everything kept about the person, gathered from every app (no secrets)."""
    return {
        "account": account_selectors.export_user_data(user),
        "pitches": list(
            Pitch.objects.filter(owner=user).values("id", "title", "status", "created_at")
        ),
        "comments": list(
            PitchComment.objects.filter(author=user).values("id", "pitch_id", "body", "created_at")
        ),
        "messages_sent": list(
            Message.objects.filter(sender=user).values(
                "id", "conversation_id", "content", "created_at"
            )
        ),
        "notifications": list(
            Notification.objects.filter(user=user).values("kind", "title", "created_at")
        ),
        "credits": list(
            CreditEntry.objects.filter(user=user).values(
                "kind", "amount", "balance_after", "description", "created_at"
            )
        ),
        "payments": list(
            Payment.objects.filter(user=user).values(
                "type", "status", "amount", "currency", "description", "created_at"
            )
        ),
        "activity": list(
            AuditLog.objects.filter(actor=user).values("action", "ip_address", "created_at")[:5000]
        ),
        **pitch_data.personal_data(user),
        **curation_data.personal_data(user),
        **nda_data.personal_data(user),
        **investment_data.personal_data(user),
        **production_data.personal_data(user),
    }


def export_data(*, request: GdprRequest) -> GdprRequest:
    """Write the export file to the private bucket and complete the request (idempotent)."""
    with transaction.atomic():
        row = GdprRequest.objects.select_for_update().get(pk=request.pk)
        if row.status != GdprRequest.Status.PENDING or row.kind != GdprRequest.Kind.ACCESS:
            return row
        body = json.dumps(personal_data(row.user), cls=DjangoJSONEncoder, indent=2)
        key = unguessable_key("gdpr", "export.json", content_type="application/json")
        row.export_key = save_file(key, io.BytesIO(body.encode()))
        row.status, row.completed_at = GdprRequest.Status.COMPLETED, timezone.now()
        row.export_expires_at = row.completed_at + EXPORT_KEPT_FOR
        row.save(update_fields=["export_key", "status", "completed_at", "export_expires_at"])
        record_activity(row, "staff.gdpr.exported", data={"bytes": len(body)})
    return row


def download_url(request: GdprRequest) -> str | None:
    """A short-lived signed URL of the export while it is kept."""
    if not request.export_key or not request.export_expires_at:
        return None
    if request.export_expires_at <= timezone.now():
        return None
    return signed_url(request.export_key, download_name=f"pitchey-data-{request.user_id}.json")


def _markers(user: User) -> list[str]:
    names = [user.email, user.username, user.phone, user.company_name]
    names.append(f"{user.first_name} {user.last_name}".strip())
    return [n for n in names if n and len(n) >= 3]


def _naming(markers: list[str], *fields: str) -> Q:
    found = Q(pk__in=[])
    for marker in markers:
        for field in fields:
            found |= Q(**{f"{field}__icontains": marker})
    return found


def _erase_admin_log(user: User, markers: list[str]) -> int:
    """The admin's change history keeps what was done to which object, not the person's name:
    entries about their account, or naming them, lose the label and the message."""
    about = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    return LogEntry.objects.filter(
        about | _naming(markers, "object_repr", "change_message")
    ).update(object_repr=f"deleted-{user.pk}", change_message="")


@transaction.atomic
def erase(*, request: GdprRequest, actor: User, reason: str) -> GdprRequest:
    """Carry out an erasure request: anonymise the person everywhere (see the table above)
    while ledgers and agreements stay intact."""
    row = GdprRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
    if row.kind != GdprRequest.Kind.ERASURE:
        raise DomainError("This is not an erasure request.", code="VALIDATION_ERROR")
    if row.status not in (GdprRequest.Status.PENDING, GdprRequest.Status.PROCESSING):
        raise Conflict("This request is already closed.")
    user = row.user
    if user.is_staff and user.pk == actor.pk:
        raise DomainError("Another staff member must erase your account.", code="FORBIDDEN")
    markers = _markers(user)
    label = Q()
    for marker in markers:
        label |= Q(target_label__icontains=marker)
    result = {
        "pitches": pitch_erasure.erase_person(user=user),
        "curation": curation_services.erase_person(user=user),
        "ndas": nda_erasure.erase_person(user=user),
        "investments": investment_erasure.erase_person(user=user),
        "production": production_erasure.erase_person(user=user, markers=markers),
        "messaging": messaging_notifications.erase_person(user=user, markers=markers),
        "flags": Flag.objects.filter(Q(target_owner=user) | label).update(target_label=""),
        "flag_notes": Flag.objects.filter(_naming(markers, "notes", "resolution_note")).update(
            notes="", resolution_note=""
        ),
        "admin_log": _erase_admin_log(user, markers),
        "billing": billing_erasure.erase_person(
            user_id=user.pk, markers=markers, customer_id=user.stripe_customer_id
        ),
        "content": content_services.erase_person(user=user),
    }
    # The verified badge goes with the company (and the pages showing it are rebuilt).
    account_services.withdraw_company_verification(user=user, actor=actor)
    user.company_verified = False
    account_services.anonymise_account(user=user, actor=actor, action="accounts.user.erased")
    result["analytics"] = analytics_erasure.erase_person(
        user_id=user.pk, user_model=User, markers=markers
    )
    GdprRequest.objects.filter(user=user).update(details="")
    row.refresh_from_db()
    row.status, row.completed_at, row.handled_by = (
        GdprRequest.Status.COMPLETED,
        timezone.now(),
        actor,
    )
    row.result = result
    row.save(update_fields=["status", "completed_at", "handled_by", "result"])
    # Erasing oneself: the request's IP is the person's own, which was just erased.
    ip = "" if actor.pk == user.pk else None
    record_activity(
        row, "staff.gdpr.erased", actor=actor, data={"reason": reason, **result}, ip_address=ip
    )
    return row


@transaction.atomic
def erase_own_account(*, user: User) -> None:
    """The person deleted their own account (password or DELETE confirmed by accounts): the
    same erasure as a request's, recorded as a completed erasure request of theirs."""
    row = (
        GdprRequest.objects.open()
        .select_for_update()
        .filter(user=user, kind=GdprRequest.Kind.ERASURE)
        .first()
    )
    if row is None:
        row = create_request(user=user, kind=GdprRequest.Kind.ERASURE, actor=user)
    erase(request=row, actor=user, reason="The person deleted their own account.")
