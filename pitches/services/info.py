"""Information requests on a pitch: ask the creator, the creator answers, either side closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind, notify
from pitches.models import InfoRequest, Pitch
from pitchey.errors import Conflict, NotAllowed, NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

ASKERS = frozenset({"investor", "production"})
OPEN_PER_REQUESTER = 20


@transaction.atomic
def request_info(
    *, pitch: Pitch, requester: User, message: str, categories: list[str]
) -> InfoRequest:
    """An investor or production company asks a published pitch's creator for material; one
    open request per pitch each, at most 20 open at once."""
    if requester.pk == pitch.owner_id:
        raise NotAllowed("You cannot ask yourself for information.")
    if requester.user_type not in ASKERS:
        raise NotAllowed("Only investors and production companies ask for information.")
    if not pitch.is_published:
        raise NotFoundError("No such pitch.")
    open_count = InfoRequest.objects.filter(
        requester=requester, status=InfoRequest.Status.OPEN
    ).count()
    if open_count >= OPEN_PER_REQUESTER:
        raise Conflict(
            f"You have {OPEN_PER_REQUESTER} open requests; wait for answers or close some."
        )
    try:
        with transaction.atomic():
            row = InfoRequest.objects.create(
                pitch=pitch,
                requester=requester,
                owner_id=pitch.owner_id,
                message=message,
                categories=sorted(set(categories)),
            )
    except IntegrityError:
        raise Conflict(
            "You already have an open request on this pitch.",
            details={"pitch_id": ["Already asked; wait for the answer or close it."]},
        ) from None
    record_activity(row, "pitches.info_request.created", actor=requester)
    notify(
        recipient=pitch.owner_id,
        kind=NotificationKind.PITCH_INFO_REQUEST,
        title=f"{requester.display_name} asks about {pitch.title}",
        body=message[:200],
        link="/creator/info-requests/",
        data={"infoRequestId": row.pk, "pitchId": pitch.pk},
    )
    return row


@transaction.atomic
def respond_to_info_request(
    *, info_request: InfoRequest, actor: User, response: str
) -> InfoRequest:
    """The creator answers (again, if they wish) while the request is not closed."""
    row = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    if row.owner_id != actor.pk:
        raise NotFoundError("No such request.")
    if row.status == InfoRequest.Status.CLOSED:
        raise Conflict("This request is closed.")
    row.response, row.status, row.responded_at = (
        response,
        InfoRequest.Status.RESPONDED,
        timezone.now(),
    )
    row.save(update_fields=["response", "status", "responded_at", "updated_at"])
    record_activity(row, "pitches.info_request.responded", actor=actor)
    notify(
        recipient=row.requester_id,
        kind=NotificationKind.PITCH_INFO_RESPONSE,
        title=f"{actor.display_name} answered your request",
        body=response[:200],
        link="/info-requests/",
        data={"infoRequestId": row.pk, "pitchId": row.pitch_id},
    )
    return row


@transaction.atomic
def close_info_request(*, info_request: InfoRequest, actor: User) -> InfoRequest:
    """Either side closes a request; closing twice changes nothing."""
    row = InfoRequest.objects.select_for_update().get(pk=info_request.pk)
    if actor.pk not in (row.owner_id, row.requester_id):
        raise NotFoundError("No such request.")
    if row.status != InfoRequest.Status.CLOSED:
        row.status, row.closed_at, row.closed_by = InfoRequest.Status.CLOSED, timezone.now(), actor
        row.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
        record_activity(row, "pitches.info_request.closed", actor=actor)
    return row
