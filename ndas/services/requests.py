"""Requesting (with the signature) and deciding: approve, reject, bulk, revoke, withdraw, remind."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

import billing
from analytics import track
from messaging import NotificationKind, notify
from ndas import documents, selectors, text
from ndas.models import (
    DEFAULT_ACCESS_DAYS,
    REQUEST_LIFETIME_DAYS,
    Nda,
    NdaRequest,
)
from ndas.services.common import (
    REMINDER_INTERVAL,
    _audit,
    _count,
    _ensure_owner,
    _ensure_pending,
    _expire_nda,
    _inbox_link,
    _lock,
    _outbox_link,
    _push_status,
    _send_reminder,
)
from pitches import services as pitch_services
from pitches.models import Pitch, PitchAccess
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from pitchey.storage import save_file, sha256_of, unguessable_key

if TYPE_CHECKING:
    from accounts.models import User


# --- requesting ----------------------------------------------------------------------------------


def _close_lapsed(pitch: Pitch, requester: User) -> None:
    """Mark the pair's unanswered-too-long or run-out rows expired so they stop counting as open."""
    now = timezone.now()
    NdaRequest.objects.filter(
        pitch=pitch, requester=requester, status=NdaRequest.Status.PENDING, expires_at__lte=now
    ).update(status=NdaRequest.Status.EXPIRED)
    for nda in Nda.objects.approved().filter(
        pitch=pitch, signer=requester, access_expires_at__lte=now
    ):
        _expire_nda(nda, actor=None)


@transaction.atomic
def request_nda(
    *,
    pitch: Pitch,
    requester: User,
    full_name: str,
    consent: bool,
    message: str = "",
    company_info: dict[str, Any] | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    text_sha256: str = "",
) -> NdaRequest:
    """Ask the owner for access, signing the exact NDA text now. 409 if one is pending or approved."""
    refusal = selectors.request_refusal(pitch=pitch, user=requester)
    if refusal is not None:
        raise NotAllowed(refusal)
    full_name = " ".join(full_name.split())
    if not consent or len(full_name) < 2:
        raise DomainError(
            "Type your full legal name and tick the consent box to sign.",
            code="VALIDATION_ERROR",
            details={"signature": ["Full name and consent are required."]},
        )
    signed = text.text_for(pitch=pitch, recipient_name=requester.display_name)
    if text_sha256 and text_sha256 != signed.sha256:
        raise DomainError(
            "The NDA text changed since you opened it; reload and sign again.",
            code="VALIDATION_ERROR",
            details={"text_sha256": ["Does not match the current NDA text."]},
        )
    _close_lapsed(pitch, requester)
    now = timezone.now()
    try:
        with transaction.atomic():
            nda_request = NdaRequest.objects.create(
                pitch=pitch, requester=requester, owner_id=pitch.owner_id,
                nda_type=signed.nda_type, message=message, company_info=company_info or {},
                signer_name=full_name, signed_at=now, signer_ip=ip_address or None,
                signer_user_agent=user_agent[:500], signed_text=signed.content,
                text_sha256=signed.sha256, template=signed.template,
                template_version=signed.template.version if signed.template else None,
                custom_document_sha256=signed.custom_document.sha256 if signed.custom_document else "",
                expires_at=now + timedelta(days=REQUEST_LIFETIME_DAYS),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("You already have a pending or approved NDA for this pitch.") from None
    # Charged in this transaction: a request that fails or rolls back costs nothing.
    billing.spend(user=requester, action="nda_request", subject=nda_request)
    _audit(nda_request, "request.created", requester, ip_address, pitch_id=pitch.pk,
           text_sha256=signed.sha256)  # fmt: skip
    track(
        "nda_request",
        user_id=requester.pk,
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
        data={"ndaRequestId": nda_request.pk},
    )
    notify(
        recipient=pitch.owner_id,
        kind=NotificationKind.NDA_REQUEST,
        title=f"NDA request for {pitch.title}",
        body=f"{requester.display_name} signed an NDA and asks for access to {pitch.title}.",
        link=_inbox_link(),
        data={"nda_id": nda_request.pk, "pitch_id": pitch.pk},
    )
    _push_status(nda_request)
    return nda_request


# --- deciding ------------------------------------------------------------------------------------


def _approve_locked(
    nda_request: NdaRequest,
    *,
    actor: User,
    custom_terms: str,
    expiry_days: int | None,
    notes: str,
    ip_address: str | None,
) -> NdaRequest:
    _ensure_pending(nda_request)
    now = timezone.now()
    access_until = now + timedelta(days=expiry_days) if expiry_days else None
    nda_request.status = NdaRequest.Status.APPROVED
    nda_request.decided_at, nda_request.decided_by, nda_request.notes = now, actor, notes
    nda_request.save(update_fields=["status", "decided_at", "decided_by", "notes", "updated_at"])
    nda = Nda.objects.create(
        request=nda_request, pitch_id=nda_request.pitch_id, signer_id=nda_request.requester_id,
        owner_id=nda_request.owner_id, custom_terms=custom_terms, approved_at=now,
        access_expires_at=access_until,
    )  # fmt: skip
    data = documents.signed_nda_pdf(nda)
    nda.document_key = save_file(
        unguessable_key(f"ndas/signed/{nda.pk}", "nda.pdf"), io.BytesIO(data)
    )
    nda.document_sha256 = sha256_of(io.BytesIO(data))
    nda.save(update_fields=["document_key", "document_sha256"])
    pitch_services.grant_access(
        user=nda_request.requester, pitch=nda_request.pitch, source=PitchAccess.Source.NDA,
        source_id=nda.pk, expires_at=access_until,
    )  # fmt: skip
    _count(nda_request.pitch_id, +1)
    track(
        "nda_signed",
        user_id=nda_request.requester_id,
        pitch_id=nda_request.pitch_id,
        creator_id=nda_request.owner_id,
        data={"ndaId": nda.pk, "approvedBy": actor.pk},
    )
    _audit(nda_request, "request.approved", actor, ip_address, expiry_days=expiry_days,
           document_sha256=nda.document_sha256)  # fmt: skip
    notify(
        recipient=nda_request.requester_id,
        kind=NotificationKind.NDA_APPROVED,
        title=f"NDA approved: {nda_request.pitch.title}",
        body=f"{nda_request.owner.display_name} approved your NDA. The full pitch is open to you.",
        link=nda_request.pitch.get_absolute_url(),
        data={"nda_id": nda.pk, "pitch_id": nda_request.pitch_id},
    )
    _push_status(nda_request)
    return nda_request


@transaction.atomic
def approve_nda(
    *,
    nda_request: NdaRequest,
    actor: User,
    custom_terms: str = "",
    expiry_days: int | None = DEFAULT_ACCESS_DAYS,
    notes: str = "",
    ip_address: str | None = None,
) -> NdaRequest:
    """Approve a pending request (owner only): sign off the PDF and grant access at once.

    `expiry_days` None or 0 means access never ends.
    """
    _ensure_owner(nda_request, actor)
    locked = _lock(nda_request)
    return _approve_locked(
        locked, actor=actor, custom_terms=custom_terms, expiry_days=expiry_days, notes=notes,
        ip_address=ip_address,
    )  # fmt: skip


def _reject_locked(
    nda_request: NdaRequest, *, actor: User, reason: str, ip_address: str | None
) -> NdaRequest:
    _ensure_pending(nda_request)
    nda_request.status = NdaRequest.Status.REJECTED
    nda_request.decided_at, nda_request.decided_by = timezone.now(), actor
    nda_request.rejection_reason = reason
    nda_request.save(
        update_fields=["status", "decided_at", "decided_by", "rejection_reason", "updated_at"]
    )
    _audit(nda_request, "request.rejected", actor, ip_address, reason=reason)
    notify(
        recipient=nda_request.requester_id,
        kind=NotificationKind.NDA_REJECTED,
        title=f"NDA declined: {nda_request.pitch.title}",
        body=f"{nda_request.owner.display_name} declined your NDA request."
        + (f" Reason: {reason}" if reason else ""),
        link=_outbox_link(),
        data={"nda_id": nda_request.pk, "pitch_id": nda_request.pitch_id},
    )
    _push_status(nda_request)
    return nda_request


@transaction.atomic
def reject_nda(
    *, nda_request: NdaRequest, actor: User, reason: str = "", ip_address: str | None = None
) -> NdaRequest:
    """Reject a pending request (owner only) with an optional reason."""
    _ensure_owner(nda_request, actor)
    return _reject_locked(_lock(nda_request), actor=actor, reason=reason, ip_address=ip_address)


@transaction.atomic
def bulk_decide(
    *,
    ids: Sequence[int],
    actor: User,
    approve: bool,
    reason: str = "",
    ip_address: str | None = None,
) -> tuple[list[int], list[dict[str, Any]]]:
    """Approve or reject many requests at once; any id not the actor's refuses the whole batch.

    Returns (successful ids, failed [{id, error}]) for requests that were no longer pending.
    """
    wanted = list(dict.fromkeys(ids))
    rows = {
        r.pk: r
        for r in NdaRequest.objects.select_for_update()
        .select_related("pitch", "requester", "owner")
        .filter(pk__in=wanted, owner=actor)
        .order_by("pk")
    }
    if len(rows) != len(wanted):
        raise NotFoundError("Some of these NDA requests do not exist or are not yours.")
    successful: list[int] = []
    failed: list[dict[str, Any]] = []
    for pk in wanted:
        try:
            with transaction.atomic():
                if approve:
                    _approve_locked(rows[pk], actor=actor, custom_terms="",
                                    expiry_days=DEFAULT_ACCESS_DAYS, notes="", ip_address=ip_address)  # fmt: skip
                else:
                    _reject_locked(rows[pk], actor=actor, reason=reason, ip_address=ip_address)
            successful.append(pk)
        except DomainError as exc:
            failed.append({"id": pk, "error": exc.message})
    return successful, failed


@transaction.atomic
def revoke_nda(
    *, nda_request: NdaRequest, actor: User, reason: str = "", ip_address: str | None = None
) -> NdaRequest:
    """End an approved NDA now (owner or staff): the grant is revoked, reads refuse at once."""
    _ensure_owner(nda_request, actor, staff_ok=True)
    locked = _lock(nda_request)
    if locked.status != NdaRequest.Status.APPROVED:
        raise Conflict(f"Only an approved NDA can be revoked; this one is {locked.status}.")
    nda = Nda.objects.select_for_update().get(pk=locked.pk)
    now = timezone.now()
    nda.status, nda.revoked_at, nda.revoked_by = Nda.Status.REVOKED, now, actor
    nda.revocation_reason = reason
    nda.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
    locked.status = NdaRequest.Status.REVOKED
    locked.save(update_fields=["status", "updated_at"])
    pitch_services.revoke_access(
        user=locked.requester, pitch=locked.pitch, source=PitchAccess.Source.NDA, source_id=nda.pk
    )
    _count(locked.pitch_id, -1)
    _audit(
        locked,
        "nda.revoked",
        actor,
        ip_address,
        reason=reason,
        by_staff=actor.pk != locked.owner_id,
    )
    notify(
        recipient=locked.requester_id,
        kind=NotificationKind.NDA_REVOKED,
        title=f"NDA access ended: {locked.pitch.title}",
        body="Your access to the protected material of this pitch has been revoked."
        + (f" Reason: {reason}" if reason else ""),
        link=_outbox_link(),
        data={"nda_id": locked.pk, "pitch_id": locked.pitch_id},
    )
    _push_status(locked)
    return locked


@transaction.atomic
def withdraw_nda_request(
    *, nda_request: NdaRequest, actor: User, ip_address: str | None = None
) -> NdaRequest:
    """The requester takes back a pending request."""
    if nda_request.requester_id != actor.pk:
        raise NotFoundError("No such NDA request.")
    locked = _lock(nda_request)
    if locked.status != NdaRequest.Status.PENDING:
        raise Conflict(f"Only a pending request can be withdrawn; this one is {locked.status}.")
    locked.status, locked.withdrawn_at = NdaRequest.Status.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _audit(locked, "request.withdrawn", actor, ip_address)
    _push_status(locked)
    return locked


@transaction.atomic
def remind_owner(
    *, nda_request: NdaRequest, actor: User, ip_address: str | None = None
) -> NdaRequest:
    """Remind the creator of a pending request; at most once per request per day."""
    if nda_request.requester_id != actor.pk and not actor.is_staff:
        raise NotFoundError("No such NDA request.")
    locked = _lock(nda_request)
    _ensure_pending(locked)
    if locked.last_reminded_at and locked.last_reminded_at > timezone.now() - REMINDER_INTERVAL:
        raise Conflict("The creator was reminded in the last 24 hours.")
    _send_reminder(locked)
    _audit(locked, "request.reminded", actor, ip_address)
    return locked
