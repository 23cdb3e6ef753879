"""Helpers shared by the NDA services: audit, pushes, locking, the common expiry and reminder
steps."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind, notify, realtime
from ndas.models import Nda, NdaRequest
from pitches.models import Pitch
from pitchey import runtime
from pitchey.errors import Conflict, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

WARN_DAYS_BEFORE_EXPIRY = 7
REMINDER_INTERVAL = timedelta(days=1)
STAMPED_COPY_LIFETIME = timedelta(hours=1)

# --- helpers -------------------------------------------------------------------------------------


def require_nda_workflow() -> None:
    """Refuse (503) a new request, approval or signature while staff have switched the NDA
    workflow off. Access already granted stays: nothing is revoked, no evidence changes."""
    runtime.require_feature("nda_workflow", "The NDA workflow")


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
        "status": nda_request.shown_status,
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


def _expire_nda(nda: Nda, *, actor: User | None) -> None:
    nda.status = Nda.Status.EXPIRED
    nda.save(update_fields=["status"])
    NdaRequest.objects.filter(pk=nda.pk, status=NdaRequest.Status.APPROVED).update(
        status=NdaRequest.Status.EXPIRED, updated_at=timezone.now()
    )
    _count(nda.pitch_id, -1)
    _audit(nda.request, "nda.expired", actor, None)


def _send_reminder(nda_request: NdaRequest) -> None:
    nda_request.last_reminded_at = timezone.now()
    nda_request.save(update_fields=["last_reminded_at"])
    notify(
        recipient=nda_request.owner_id,
        kind=NotificationKind.NDA_REMINDER,
        title=f"NDA request waiting: {nda_request.pitch.title}",
        body=f"{nda_request.requester.display_name} is waiting for your answer.",
        link=_inbox_link(),
        data={"nda_id": nda_request.pk, "pitch_id": nda_request.pitch_id},
    )
