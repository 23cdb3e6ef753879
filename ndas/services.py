"""Every NDA state change: request (with signature), approve, reject, revoke, withdraw, remind,
expire; plus the custom NDA upload and the stamped copies of protected PDFs.

Each change is one transaction that writes an audit entry; notifications and WebSocket pushes
happen on commit. Access is granted and revoked only through `pitches.services`, and read only
through `pitches.access` (which checks grant expiry at every read).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from typing import IO, TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from analytics.services import record_activity
from messaging import notify, realtime
from ndas import documents, policy, text
from ndas.models import (
    DEFAULT_ACCESS_DAYS,
    REQUEST_LIFETIME_DAYS,
    CustomNdaDocument,
    Nda,
    NdaRequest,
    StampedCopy,
)
from pitches import services as pitch_services
from pitches.models import Pitch, PitchAccess, PitchDocument
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from pitchey.storage import detect_content_type, save_file, sha256_of, unguessable_key

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

REQUESTER_TYPES = frozenset({"investor", "production", "viewer"})
WARN_DAYS_BEFORE_EXPIRY = 7
REMINDER_INTERVAL = timedelta(days=1)
STAMPED_COPY_LIFETIME = timedelta(hours=1)
MAX_CUSTOM_NDA_BYTES = 10 * 1024 * 1024
UNSET: Any = object()


# --- helpers -------------------------------------------------------------------------------------


def _audit(obj: Any, action: str, actor: Any, ip: str | None, **data: Any) -> None:
    record_activity(obj, f"ndas.{action}", actor=actor, ip_address=ip, data=data)


def _inbox_link() -> str:
    return reverse("ndas:inbox")


def _outbox_link() -> str:
    return reverse("ndas:list")


def status_event(nda_request: NdaRequest) -> dict[str, Any]:
    """The `nda_status_update` payload: ids, status and public display fields only."""
    return {
        "nda_id": nda_request.pk,
        "pitch_id": nda_request.pitch_id,
        "pitch_title": nda_request.pitch.title,
        "status": nda_request.status,
        "requester_name": nda_request.requester.display_name,
        "timestamp": timezone.now().isoformat(),
    }


def _push_status(nda_request: NdaRequest) -> None:
    """After commit, tell both parties the request changed (every open tab)."""
    event = status_event(nda_request)
    users = [nda_request.requester_id, nda_request.owner_id]
    transaction.on_commit(lambda: realtime.push_to_users(users, "nda_status_update", event))


def _count(pitch_id: int, delta: int) -> None:
    Pitch.objects.filter(pk=pitch_id).update(nda_count=Greatest(F("nda_count") + delta, Value(0)))


def _lock(nda_request: NdaRequest) -> NdaRequest:
    return (
        NdaRequest.objects.select_for_update()
        .select_related("pitch", "requester", "owner")
        .get(pk=nda_request.pk)
    )


def _ensure_owner(nda_request: NdaRequest, actor: User, *, staff_ok: bool = False) -> None:
    if nda_request.owner_id == actor.pk or (staff_ok and actor.is_staff):
        return
    raise NotFoundError("No such NDA request.")


def _ensure_pending(nda_request: NdaRequest) -> None:
    if nda_request.status != NdaRequest.Status.PENDING:
        raise Conflict(f"This request is already {nda_request.status}.")
    if nda_request.expires_at <= timezone.now():
        raise Conflict("This request expired before it was answered.")


# --- requesting ----------------------------------------------------------------------------------


def request_refusal(*, pitch: Pitch, user: User | AnonymousUser) -> str | None:
    """Why `user` may not request an NDA on `pitch` now (None when they may)."""
    if not user.is_authenticated:
        return "Log in to request access."
    if pitch.owner_id == user.pk:
        return "You cannot request an NDA for your own pitch."
    if getattr(user, "user_type", "") not in REQUESTER_TYPES:
        return "Only investors, production companies and watchers can request NDAs."
    if pitch.status != Pitch.Status.PUBLISHED:
        return "NDAs can only be requested for published pitches."
    if policy.is_blocked(pitch.owner_id, user.pk):
        return "You cannot request access to this pitch."
    return None


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
    refusal = request_refusal(pitch=pitch, user=requester)
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
    _audit(nda_request, "request.created", requester, ip_address, pitch_id=pitch.pk,
           text_sha256=signed.sha256)  # fmt: skip
    notify(
        pitch.owner_id,
        "nda_request",
        f"NDA request for {pitch.title}",
        f"{requester.display_name} signed an NDA and asks for access to {pitch.title}.",
        _inbox_link(),
        {"nda_id": nda_request.pk, "pitch_id": pitch.pk},
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
    _audit(nda_request, "request.approved", actor, ip_address, expiry_days=expiry_days,
           document_sha256=nda.document_sha256)  # fmt: skip
    notify(
        nda_request.requester_id,
        "nda_approved",
        f"NDA approved: {nda_request.pitch.title}",
        f"{nda_request.owner.display_name} approved your NDA. The full pitch is open to you.",
        nda_request.pitch.get_absolute_url(),
        {"nda_id": nda.pk, "pitch_id": nda_request.pitch_id},
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
        nda_request.requester_id,
        "nda_rejected",
        f"NDA declined: {nda_request.pitch.title}",
        f"{nda_request.owner.display_name} declined your NDA request."
        + (f" Reason: {reason}" if reason else ""),
        _outbox_link(),
        {"nda_id": nda_request.pk, "pitch_id": nda_request.pitch_id},
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
        locked.requester_id,
        "nda_revoked",
        f"NDA access ended: {locked.pitch.title}",
        "Your access to the protected material of this pitch has been revoked."
        + (f" Reason: {reason}" if reason else ""),
        _outbox_link(),
        {"nda_id": locked.pk, "pitch_id": locked.pitch_id},
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


def _send_reminder(nda_request: NdaRequest) -> None:
    nda_request.last_reminded_at = timezone.now()
    nda_request.save(update_fields=["last_reminded_at"])
    notify(
        nda_request.owner_id,
        "nda_reminder",
        f"NDA request waiting: {nda_request.pitch.title}",
        f"{nda_request.requester.display_name} is waiting for your answer.",
        _inbox_link(),
        {"nda_id": nda_request.pk, "pitch_id": nda_request.pitch_id},
    )


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


# --- jobs ----------------------------------------------------------------------------------------


def expire_stale_requests(*, dry_run: bool = False) -> int:
    """Mark pending requests unanswered for 30 days expired; returns how many."""
    ids = list(NdaRequest.objects.stale().values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    done = 0
    for pk in ids:
        with transaction.atomic():
            row = (
                NdaRequest.objects.select_for_update()
                .select_related("pitch", "requester")
                .get(pk=pk)
            )
            if row.status != NdaRequest.Status.PENDING or row.expires_at > timezone.now():
                continue
            row.status = NdaRequest.Status.EXPIRED
            row.save(update_fields=["status", "updated_at"])
            _audit(row, "request.expired", None, None)
            notify(row.requester_id, "nda_expired", f"NDA request expired: {row.pitch.title}",
                   "The creator did not answer within 30 days.", _outbox_link(),
                   {"nda_id": row.pk, "pitch_id": row.pitch_id})  # fmt: skip
            _push_status(row)
            done += 1
    return done


def _expire_nda(nda: Nda, *, actor: User | None) -> None:
    nda.status = Nda.Status.EXPIRED
    nda.save(update_fields=["status"])
    NdaRequest.objects.filter(pk=nda.pk, status=NdaRequest.Status.APPROVED).update(
        status=NdaRequest.Status.EXPIRED, updated_at=timezone.now()
    )
    _count(nda.pitch_id, -1)
    _audit(nda.request, "nda.expired", actor, None)


def expire_access(*, dry_run: bool = False) -> int:
    """Mark approved NDAs whose access ran out expired (reads already refuse them)."""
    due = Nda.objects.approved().filter(access_expires_at__lte=timezone.now())
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    done = 0
    for pk in ids:
        with transaction.atomic():
            nda = (
                Nda.objects.select_for_update()
                .select_related("request__pitch", "request__requester")
                .get(pk=pk)
            )
            if nda.status != Nda.Status.APPROVED:
                continue
            _expire_nda(nda, actor=None)
            _push_status(nda.request)
            done += 1
    return done


def send_expiry_warnings(*, dry_run: bool = False) -> int:
    """Warn both parties once, 7 days before an NDA's access ends."""
    now = timezone.now()
    due = Nda.objects.approved().filter(
        expiry_warned_at__isnull=True,
        access_expires_at__gt=now,
        access_expires_at__lte=now + timedelta(days=WARN_DAYS_BEFORE_EXPIRY),
    )
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    done = 0
    for pk in ids:
        with transaction.atomic():
            nda = Nda.objects.select_for_update().select_related("pitch").get(pk=pk)
            if nda.expiry_warned_at is not None or nda.status != Nda.Status.APPROVED:
                continue
            nda.expiry_warned_at = now
            nda.save(update_fields=["expiry_warned_at"])
            until = nda.access_expires_at.strftime("%Y-%m-%d") if nda.access_expires_at else ""
            for user_id, link in ((nda.signer_id, _outbox_link()), (nda.owner_id, _inbox_link())):
                notify(user_id, "nda_expiring", f"NDA access ends soon: {nda.pitch.title}",
                       f"Access under NDA {nda.pk} ends on {until}.", link,
                       {"nda_id": nda.pk, "pitch_id": nda.pitch_id})  # fmt: skip
            _audit(nda.request, "nda.expiry_warned", None, None)
            done += 1
    return done


def send_pending_reminders(*, dry_run: bool = False) -> int:
    """Remind creators of pending requests; at most one reminder per request per day."""
    now = timezone.now()
    cutoff = now - REMINDER_INTERVAL
    due = NdaRequest.objects.filter(
        status=NdaRequest.Status.PENDING, expires_at__gt=now, created_at__lte=cutoff
    ).exclude(last_reminded_at__gt=cutoff)
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    done = 0
    for pk in ids:
        with transaction.atomic():
            row = (
                NdaRequest.objects.select_for_update()
                .select_related("pitch", "requester")
                .get(pk=pk)
            )
            if row.status != NdaRequest.Status.PENDING or (
                row.last_reminded_at and row.last_reminded_at > cutoff
            ):
                continue
            _send_reminder(row)
            done += 1
    return done


def delete_old_stamped_copies(*, dry_run: bool = False) -> int:
    """Delete stamped copies older than an hour (their links lived at most 300 s)."""
    old = StampedCopy.objects.filter(created_at__lt=timezone.now() - STAMPED_COPY_LIFETIME)
    if dry_run:
        return old.count()
    from django.core.files.storage import default_storage

    done = 0
    for copy in old:
        default_storage.delete(copy.storage_key)
        copy.delete()
        done += 1
    return done


# --- files ---------------------------------------------------------------------------------------


@transaction.atomic
def upload_custom_nda(
    *, pitch: Pitch, actor: User, fileobj: IO[bytes], name: str, size: int,
    ip_address: str | None = None,
) -> CustomNdaDocument:  # fmt: skip
    """Store the creator's own NDA (a PDF, checked from its bytes) and switch the pitch to it."""
    if pitch.owner_id != actor.pk:
        raise NotFoundError("No such pitch.")
    if size > MAX_CUSTOM_NDA_BYTES:
        raise DomainError("The NDA must be at most 10 MB.", code="VALIDATION_ERROR",
                          details={"file": ["At most 10 MB."]})  # fmt: skip
    fileobj.seek(0)
    if detect_content_type(fileobj.read(16)) != "application/pdf":
        raise DomainError("The NDA must be a PDF.", code="VALIDATION_ERROR",
                          details={"file": ["Only PDF files are accepted."]})  # fmt: skip
    digest = sha256_of(fileobj)
    key = save_file(unguessable_key(f"ndas/custom/{pitch.pk}", "nda.pdf"), fileobj)
    document, _ = CustomNdaDocument.objects.update_or_create(
        pitch=pitch,
        defaults={"uploaded_by": actor, "original_name": name[:255], "storage_key": key,
                  "size": size, "sha256": digest},
    )  # fmt: skip
    Pitch.objects.filter(pk=pitch.pk).update(nda_type=Pitch.NdaType.CUSTOM, require_nda=True)
    _audit(document, "custom.uploaded", actor, ip_address, sha256=digest, pitch_id=pitch.pk)
    return document


def _stamp_reference(document: PitchDocument, user: User) -> tuple[str, Nda | None]:
    grants = PitchAccess.objects.live().filter(user=user, pitch_id=document.pitch_id)
    nda_grant = grants.filter(source=PitchAccess.Source.NDA).order_by("-granted_at").first()
    if nda_grant is not None:
        nda = Nda.objects.filter(pk=int(nda_grant.source_id or 0)).first()
        return str(nda_grant.source_id), nda
    other = grants.order_by("-granted_at").first()
    if other is not None:
        return f"{other.source}-{other.pk}", None
    return "staff" if user.is_staff else "none", None


def stamped_document_key(document: PitchDocument, user: User | AnonymousUser) -> str | None:
    """The storage key of a copy of `document` stamped for `user`, or None to serve the original.

    Only protected PDFs are stamped, and never for their owner. The caller has already applied
    the protection rule.
    """
    if not user.is_authenticated or not document.is_protected:
        return None
    if document.content_type != "application/pdf" or document.pitch.owner_id == user.pk:
        return None
    reference, nda = _stamp_reference(document, user)  # type: ignore[arg-type]
    stamped = documents.stamp_pdf(
        documents.read_bytes(document.storage_key),
        documents.stamp_text(viewer=user, nda_id=reference),  # type: ignore[arg-type]
    )
    if stamped is None:
        return None
    key = save_file(unguessable_key("ndas/stamped", "document.pdf"), io.BytesIO(stamped))
    StampedCopy.objects.create(document=document, viewer=user, nda=nda, storage_key=key)
    return key
