"""Scheduled NDA work: stale requests, access expiry, expiry warnings, reminders, stamped copies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from messaging import NotificationKind, notify
from ndas.models import (
    Nda,
    NdaRequest,
    StampedCopy,
)
from ndas.services.common import (
    REMINDER_INTERVAL,
    STAMPED_COPY_LIFETIME,
    WARN_DAYS_BEFORE_EXPIRY,
    _audit,
    _expire_nda,
    _inbox_link,
    _outbox_link,
    _push_status,
    _send_reminder,
)

# --- jobs ----------------------------------------------------------------------------------------

_T = TypeVar("_T", bound=Model)


def _run_locked(
    due: QuerySet[_T], *, dry_run: bool, lock: QuerySet[_T], step: Callable[[_T], bool]
) -> int:
    """Run `step` on each due row, one transaction each, on the row re-read under FOR UPDATE.

    `step` re-checks the row's state (another worker or a user may have acted since the
    selection) and returns False to skip it. Returns how many rows were (or would be) handled.
    """
    ids = list(due.values_list("pk", flat=True))
    if dry_run:
        return len(ids)
    done = 0
    for pk in ids:
        with transaction.atomic():
            if step(lock.select_for_update().get(pk=pk)):
                done += 1
    return done


def expire_stale_requests(*, dry_run: bool = False) -> int:
    """Expire requests unanswered for 30 days, and approvals left unsigned as long; returns how
    many."""

    def step(row: NdaRequest) -> bool:
        waiting = row.status == NdaRequest.Status.PENDING or row.awaits_signature
        if not waiting or row.expires_at > timezone.now():
            return False
        unsigned_approval = row.awaits_signature
        row.status = NdaRequest.Status.EXPIRED
        row.save(update_fields=["status", "updated_at"])
        _audit(row, "request.expired", None, None)
        notify(
            recipient=row.requester_id,
            kind=NotificationKind.NDA_EXPIRED,
            title=f"NDA request expired: {row.pitch.title}",
            body="The approved NDA was not signed within 30 days."
            if unsigned_approval
            else "The creator did not answer within 30 days.",
            link=_outbox_link(),
            data={"nda_id": row.pk, "pitch_id": row.pitch_id},
        )
        _push_status(row)
        return True

    lock = NdaRequest.objects.select_related("pitch", "requester")
    return _run_locked(NdaRequest.objects.stale(), dry_run=dry_run, lock=lock, step=step)


def expire_access(*, dry_run: bool = False) -> int:
    """Mark approved NDAs whose access ran out expired (reads already refuse them)."""

    def step(nda: Nda) -> bool:
        if nda.status != Nda.Status.APPROVED:
            return False
        _expire_nda(nda, actor=None)
        _push_status(nda.request)
        return True

    due = Nda.objects.approved().filter(access_expires_at__lte=timezone.now())
    lock = Nda.objects.select_related("request__pitch", "request__requester")
    return _run_locked(due, dry_run=dry_run, lock=lock, step=step)


def send_expiry_warnings(*, dry_run: bool = False) -> int:
    """Warn both parties once, 7 days before an NDA's access ends."""
    now = timezone.now()

    def step(nda: Nda) -> bool:
        if nda.expiry_warned_at is not None or nda.status != Nda.Status.APPROVED:
            return False
        nda.expiry_warned_at = now
        nda.save(update_fields=["expiry_warned_at"])
        until = nda.access_expires_at.strftime("%Y-%m-%d") if nda.access_expires_at else ""
        for user_id, link in ((nda.signer_id, _outbox_link()), (nda.owner_id, _inbox_link())):
            notify(
                recipient=user_id,
                kind=NotificationKind.NDA_EXPIRING,
                title=f"NDA access ends soon: {nda.pitch.title}",
                body=f"Access under NDA {nda.pk} ends on {until}.",
                link=link,
                data={"nda_id": nda.pk, "pitch_id": nda.pitch_id},
            )
        _audit(nda.request, "nda.expiry_warned", None, None)
        return True

    due = Nda.objects.approved().filter(
        expiry_warned_at__isnull=True,
        access_expires_at__gt=now,
        access_expires_at__lte=now + timedelta(days=WARN_DAYS_BEFORE_EXPIRY),
    )
    return _run_locked(due, dry_run=dry_run, lock=Nda.objects.select_related("pitch"), step=step)


def send_pending_reminders(*, dry_run: bool = False) -> int:
    """Remind creators of pending requests; at most one reminder per request per day."""
    now = timezone.now()
    cutoff = now - REMINDER_INTERVAL

    def step(row: NdaRequest) -> bool:
        if row.status != NdaRequest.Status.PENDING or (
            row.last_reminded_at and row.last_reminded_at > cutoff
        ):
            return False
        _send_reminder(row)
        return True

    due = NdaRequest.objects.filter(
        status=NdaRequest.Status.PENDING, expires_at__gt=now, created_at__lte=cutoff
    ).exclude(last_reminded_at__gt=cutoff)
    lock = NdaRequest.objects.select_related("pitch", "requester")
    return _run_locked(due, dry_run=dry_run, lock=lock, step=step)


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
