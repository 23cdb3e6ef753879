"""Deciding on NDA requests: approve (executing the NDA once signed), reject, bulk, revoke,
withdraw, remind."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from analytics import track
from messaging import NotificationKind, notify
from ndas import documents
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
    _inbox_link,
    _lock,
    _outbox_link,
    _push_status,
    _send_reminder,
    require_nda_workflow,
)
from pitches import services as pitch_services
from pitches.models import PitchAccess
from pitchey.errors import Conflict, DomainError, NotFoundError
from pitchey.storage import save_file, sha256_of, unguessable_key

if TYPE_CHECKING:
    from accounts.models import User


def _execute(nda_request: NdaRequest, *, actor: User, ip_address: str | None) -> Nda:
    """Both approval and signature exist: write the agreement and its PDF, open access."""
    now = timezone.now()
    days = nda_request.access_days
    access_until = now + timedelta(days=days) if days else None
    nda = Nda.objects.create(
        request=nda_request,
        pitch_id=nda_request.pitch_id,
        signer_id=nda_request.requester_id,
        owner_id=nda_request.owner_id,
        custom_terms=nda_request.custom_terms,
        approved_at=now,
        access_expires_at=access_until,
    )
    data = documents.signed_nda_pdf(nda)
    nda.document_key = save_file(
        unguessable_key(f"ndas/signed/{nda.pk}", "nda.pdf"), io.BytesIO(data)
    )
    nda.document_sha256 = sha256_of(io.BytesIO(data))
    nda.save(update_fields=["document_key", "document_sha256"])
    pitch_services.grant_access(
        user=nda_request.requester,
        pitch=nda_request.pitch,
        source=PitchAccess.Source.NDA,
        source_id=nda.pk,
        expires_at=access_until,
    )
    _count(nda_request.pitch_id, +1)
    track(
        "nda_signed",
        user_id=nda_request.requester_id,
        pitch_id=nda_request.pitch_id,
        creator_id=nda_request.owner_id,
        data={"ndaId": nda.pk, "approvedBy": nda_request.decided_by_id},
    )
    _audit(
        nda_request,
        "nda.executed",
        actor,
        ip_address,
        access_days=days,
        document_sha256=nda.document_sha256,
    )
    pitch = nda_request.pitch
    requester_note = (
        f"{nda_request.owner.display_name} approved your NDA. The full pitch is open to you."
    )
    owner_note = f"{nda_request.requester.display_name} signed the NDA you approved."
    for recipient, kind, title, body, link in (
        (
            nda_request.requester_id,
            NotificationKind.NDA_APPROVED,
            f"NDA approved: {pitch.title}",
            requester_note,
            pitch.get_absolute_url(),
        ),
        (
            nda_request.owner_id,
            NotificationKind.NDA_SIGNED,
            f"NDA signed: {pitch.title}",
            owner_note,
            _inbox_link(),
        ),
    ):
        if recipient != actor.pk:
            notify(
                recipient=recipient,
                kind=kind,
                title=title,
                body=body,
                link=link,
                data={"nda_id": nda.pk, "pitch_id": pitch.pk},
            )
    _push_status(nda_request)
    return nda


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
    nda_request.status = NdaRequest.Status.APPROVED
    nda_request.decided_at, nda_request.decided_by, nda_request.notes = now, actor, notes
    nda_request.custom_terms, nda_request.access_days = custom_terms, expiry_days or None
    fields = ["status", "decided_at", "decided_by", "notes", "custom_terms", "access_days"]
    if not nda_request.is_signed:
        # The requester gets a fresh lifetime to sign what was approved.
        nda_request.expires_at = now + timedelta(days=REQUEST_LIFETIME_DAYS)
        fields.append("expires_at")
    nda_request.save(update_fields=[*fields, "updated_at"])
    _audit(
        nda_request,
        "request.approved",
        actor,
        ip_address,
        expiry_days=expiry_days,
        signed=nda_request.is_signed,
    )
    if nda_request.is_signed:
        _execute(nda_request, actor=actor, ip_address=ip_address)
        return nda_request
    notify(
        recipient=nda_request.requester_id,
        kind=NotificationKind.NDA_APPROVED,
        title=f"NDA approved: {nda_request.pitch.title}",
        body=f"{nda_request.owner.display_name} approved your request. Sign the NDA to open "
        "the full pitch.",
        link=reverse("ndas:request-access", args=[nda_request.pitch_id]),
        data={"nda_id": nda_request.pk, "pitch_id": nda_request.pitch_id},
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
    """Approve a pending request (owner only); access opens now if it is signed, else at signing.

    `expiry_days` None or 0 means access never ends; the days count from execution.
    """
    require_nda_workflow()
    _ensure_owner(nda_request, actor)
    locked = _lock(nda_request)
    return _approve_locked(
        locked,
        actor=actor,
        custom_terms=custom_terms,
        expiry_days=expiry_days,
        notes=notes,
        ip_address=ip_address,
    )


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
    if approve:
        require_nda_workflow()
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
                    _approve_locked(
                        rows[pk],
                        actor=actor,
                        custom_terms="",
                        expiry_days=DEFAULT_ACCESS_DAYS,
                        notes="",
                        ip_address=ip_address,
                    )
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
    """End an approved NDA now (owner or staff): the grant is revoked, reads refuse at once.

    An approval still waiting for the signature is withdrawn the same way.
    """
    _ensure_owner(nda_request, actor, staff_ok=True)
    locked = _lock(nda_request)
    if locked.status != NdaRequest.Status.APPROVED:
        raise Conflict(f"Only an approved NDA can be revoked; this one is {locked.status}.")
    nda = Nda.objects.select_for_update().filter(pk=locked.pk).first()
    now = timezone.now()
    locked.status = NdaRequest.Status.REVOKED
    locked.save(update_fields=["status", "updated_at"])
    if nda is not None:
        nda.status, nda.revoked_at, nda.revoked_by = Nda.Status.REVOKED, now, actor
        nda.revocation_reason = reason
        nda.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        pitch_services.revoke_access(
            user=locked.requester,
            pitch=locked.pitch,
            source=PitchAccess.Source.NDA,
            source_id=nda.pk,
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
    """The requester takes back a pending request, or an approval they have not signed."""
    if nda_request.requester_id != actor.pk:
        raise NotFoundError("No such NDA request.")
    locked = _lock(nda_request)
    if locked.status != NdaRequest.Status.PENDING and not locked.awaits_signature:
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
