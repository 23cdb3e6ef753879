"""Requesting (with the signature) and deciding: approve, reject, bulk, revoke, withdraw, remind."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
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
    """Mark the pair's too-old open rows and run-out NDAs expired so they stop counting as open."""
    now = timezone.now()
    NdaRequest.objects.stale().filter(pitch=pitch, requester=requester).update(
        status=NdaRequest.Status.EXPIRED
    )
    for nda in Nda.objects.approved().filter(
        pitch=pitch, signer=requester, access_expires_at__lte=now
    ):
        _expire_nda(nda, actor=None)


def _apply_signature(
    nda_request: NdaRequest,
    *,
    full_name: str,
    consent: bool,
    text_sha256: str,
    ip_address: str | None,
    user_agent: str,
) -> None:
    """Record the requester's signature of the exact current NDA text on an unsaved/locked row."""
    full_name = " ".join(full_name.split())
    if not consent or len(full_name) < 2:
        raise DomainError(
            "Type your full legal name and tick the consent box to sign.",
            code="VALIDATION_ERROR",
            details={"signature": ["Full name and consent are required."]},
        )
    signed = text.text_for(
        pitch=nda_request.pitch, recipient_name=nda_request.requester.display_name
    )
    if text_sha256 and text_sha256 != signed.sha256:
        raise DomainError(
            "The NDA text changed since you opened it; reload and sign again.",
            code="VALIDATION_ERROR",
            details={"text_sha256": ["Does not match the current NDA text."]},
        )
    nda_request.nda_type = signed.nda_type
    nda_request.signer_name, nda_request.signed_at = full_name, timezone.now()
    nda_request.signer_ip, nda_request.signer_user_agent = ip_address or None, user_agent[:500]
    # Sealed with a random reference, so the hash cannot be rebuilt from public facts.
    nda_request.signature_nonce, nda_request.signed_text = text.sealed(signed.content)
    nda_request.text_sha256 = text.sha256_text(nda_request.signed_text)
    nda_request.template = signed.template
    nda_request.template_version = signed.template.version if signed.template else None
    custom = signed.custom_document
    nda_request.custom_document_sha256 = custom.sha256 if custom else ""


SIGNATURE_FIELDS = [
    "nda_type",
    "signer_name",
    "signed_at",
    "signer_ip",
    "signer_user_agent",
    "signed_text",
    "text_sha256",
    "signature_nonce",
    "template",
    "template_version",
    "custom_document_sha256",
    "updated_at",
]


@transaction.atomic
def request_nda(
    *,
    pitch: Pitch,
    requester: User,
    full_name: str = "",
    consent: bool = False,
    message: str = "",
    company_info: dict[str, Any] | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    text_sha256: str = "",
) -> NdaRequest:
    """Ask the owner for access; with a name or consent the exact NDA text is signed now too.

    Without them the request waits for approval and then for `sign_nda`. 409 if the pair
    already has a pending or approved request.
    """
    refusal = selectors.request_refusal(pitch=pitch, user=requester)
    if refusal is not None:
        raise NotAllowed(refusal)
    now = timezone.now()
    nda_request = NdaRequest(
        pitch=pitch,
        requester=requester,
        owner_id=pitch.owner_id,
        message=message,
        company_info=company_info or {},
        expires_at=now + timedelta(days=REQUEST_LIFETIME_DAYS),
        nda_type=text.nda_type_of(pitch),
    )
    signs_now = bool(full_name.strip()) or consent
    if signs_now:
        _apply_signature(
            nda_request,
            full_name=full_name,
            consent=consent,
            text_sha256=text_sha256,
            ip_address=ip_address,
            user_agent=user_agent,
        )
    _close_lapsed(pitch, requester)
    try:
        with transaction.atomic():
            nda_request.save()
    except IntegrityError:
        raise Conflict("You already have a pending or approved NDA for this pitch.") from None
    # Charged in this transaction: a request that fails or rolls back costs nothing.
    billing.spend(user=requester, action="nda_request", subject=nda_request)
    _audit(
        nda_request,
        "request.created",
        requester,
        ip_address,
        pitch_id=pitch.pk,
        text_sha256=nda_request.text_sha256,
        signed=signs_now,
    )
    track(
        "nda_request",
        user_id=requester.pk,
        pitch_id=pitch.pk,
        creator_id=pitch.owner_id,
        data={"ndaRequestId": nda_request.pk},
    )
    verb = "signed an NDA and asks" if signs_now else "asks"
    notify(
        recipient=pitch.owner_id,
        kind=NotificationKind.NDA_REQUEST,
        title=f"NDA request for {pitch.title}",
        body=f"{requester.display_name} {verb} for access to {pitch.title}.",
        link=_inbox_link(),
        data={"nda_id": nda_request.pk, "pitch_id": pitch.pk},
    )
    _push_status(nda_request)
    return nda_request


@transaction.atomic
def sign_nda(
    *,
    nda_request: NdaRequest,
    actor: User,
    full_name: str,
    consent: bool,
    text_sha256: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> NdaRequest:
    """The requester signs their open, unsigned request; access opens if it is already approved."""
    if nda_request.requester_id != actor.pk:
        raise NotFoundError("No such NDA request.")
    locked = _lock(nda_request)
    if locked.status not in (NdaRequest.Status.PENDING, NdaRequest.Status.APPROVED):
        raise Conflict(f"This request is {locked.status}; it can no longer be signed.")
    if locked.is_signed:
        raise Conflict("You already signed this NDA.")
    if locked.expires_at <= timezone.now():
        raise Conflict("This request expired; request access again.")
    _apply_signature(
        locked,
        full_name=full_name,
        consent=consent,
        text_sha256=text_sha256,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    locked.save(update_fields=SIGNATURE_FIELDS)
    _audit(locked, "request.signed", actor, ip_address, text_sha256=locked.text_sha256)
    if locked.status == NdaRequest.Status.APPROVED:
        _execute(locked, actor=actor, ip_address=ip_address)
        return locked
    notify(
        recipient=locked.owner_id,
        kind=NotificationKind.NDA_SIGNED,
        title=f"NDA signed: {locked.pitch.title}",
        body=f"{locked.requester.display_name} signed the NDA and awaits your answer.",
        link=_inbox_link(),
        data={"nda_id": locked.pk, "pitch_id": locked.pitch_id},
    )
    _push_status(locked)
    return locked


# --- deciding ------------------------------------------------------------------------------------


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
