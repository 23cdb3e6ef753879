"""Requesting an NDA and signing it (in either order with the approval, in `decisions`)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

import billing
from analytics import track
from messaging import NotificationKind, notify
from ndas import selectors, text
from ndas.models import (
    REQUEST_LIFETIME_DAYS,
    Nda,
    NdaRequest,
)
from ndas.services.common import (
    _audit,
    _expire_nda,
    _inbox_link,
    _lock,
    _push_status,
    require_nda_workflow,
)
from ndas.services.decisions import _execute
from pitches.models import Pitch
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError

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
    require_nda_workflow()
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
    require_nda_workflow()
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
