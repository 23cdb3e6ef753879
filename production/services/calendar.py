"""Calendar and meetings (X13): events per user; a meeting an investor or a company asks a
creator for, with proposed times the other side accepts, declines or answers with others;
reminders the day before; each user's ICS feed behind a secret URL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind
from pitchey.errors import Conflict, NotAllowed
from production.models import CalendarEvent, CalendarFeed, Meeting
from production.models.calendar import feed_token
from production.services.common import invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

MAX_TIMES = 5
REMIND_AHEAD = timedelta(hours=24)
MEETINGS_LINK = "/calendar/"


@transaction.atomic
def create_event(
    *,
    owner: User,
    title: str,
    start: datetime,
    end: datetime | None = None,
    event_type: str = "other",
    description: str = "",
    location: str = "",
    pitch: Pitch | None = None,
) -> CalendarEvent:
    """An event in the owner's calendar (an hour long unless an end is given)."""
    title = title.strip()[:200]
    if not title:
        raise invalid("title", "Give the event a title.")
    if event_type not in CalendarEvent.Type.values:
        raise invalid("type", "meeting, shoot, deadline, screening or other.")
    end = end or start + timedelta(hours=1)
    if end < start:
        raise invalid("end", "The end comes after the start.")
    event = CalendarEvent.objects.create(
        owner=owner,
        title=title,
        start=start,
        end=end,
        event_type=event_type,
        description=description.strip()[:2000],
        location=location.strip()[:255],
        pitch=pitch,
    )
    record_activity(event, "production.calendar.event_created", actor=owner)
    return event


@transaction.atomic
def delete_event(*, event: CalendarEvent, actor: User) -> None:
    if event.owner_id != actor.pk:
        raise NotAllowed("Only the owner deletes an event.")
    if event.meeting_id:
        raise Conflict("Cancel the meeting instead.")
    record_activity(event, "production.calendar.event_deleted", actor=actor)
    event.delete()


def _times(times: Sequence[datetime]) -> list[str]:
    now = timezone.now()
    if not times or len(times) > MAX_TIMES:
        raise invalid("times", f"Propose 1 to {MAX_TIMES} times.")
    if any(t <= now for t in times):
        raise invalid("times", "Proposed times are in the future.")
    return [t.isoformat() for t in sorted(set(times))]


def _title(meeting: Meeting) -> str:
    about = f" about “{meeting.pitch.title}”" if meeting.pitch else ""
    return f"Meeting{about}"


@transaction.atomic
def request_meeting(
    *,
    requester: User,
    creator: User,
    times: Sequence[datetime],
    pitch: Pitch | None = None,
    meeting_type: str = "video",
    duration: int = 30,
    message: str = "",
) -> Meeting:
    """An investor or a company asks a creator to meet at one of the proposed times."""
    if requester.user_type not in ("investor", "production") and not requester.is_staff:
        raise NotAllowed("Investors and production companies ask creators to meet.")
    if creator.user_type != "creator" or creator.pk == requester.pk or not creator.is_active:
        raise invalid("creator_id", "Meetings are requested from a creator.")
    if pitch is not None and pitch.owner_id != creator.pk:
        raise invalid("pitch_id", "The pitch is not this creator's.")
    if meeting_type not in Meeting.Kind.values:
        raise invalid("meeting_type", "video, phone or in_person.")
    if not 15 <= duration <= 480:
        raise invalid("duration", "15 to 480 minutes.")
    meeting = Meeting.objects.create(
        requester=requester,
        creator=creator,
        pitch=pitch,
        meeting_type=meeting_type,
        duration_minutes=duration,
        message=message.strip()[:2000],
        proposed_times=_times(times),
        proposed_by=requester,
    )
    record_activity(meeting, "production.meeting.requested", actor=requester)
    name = requester.company_name or requester.display_name
    notify_after_commit(
        creator.pk,
        NotificationKind.MEETING_REQUEST,
        f"{name} would like to meet" + (f" about “{pitch.title}”" if pitch else ""),
        body=meeting.message[:200],
        link=MEETINGS_LINK,
        data={"meeting_id": meeting.pk},
    )
    return meeting


def _locked_for_answer(meeting: Meeting, actor: User) -> Meeting:
    locked = (
        Meeting.objects.select_for_update(of=("self",)).select_related("pitch").get(pk=meeting.pk)
    )
    if actor.pk not in (locked.requester_id, locked.creator_id):
        raise NotAllowed("This meeting is not yours.")
    if locked.status != Meeting.Status.PROPOSED:
        raise Conflict(f"This meeting is already {locked.status}.")
    if locked.proposed_by_id == actor.pk:
        raise Conflict("The other side answers your proposal.")
    return locked


def _tell(meeting: Meeting, actor: User, title: str) -> None:
    notify_after_commit(
        meeting.other_party_id(actor),
        NotificationKind.MEETING_UPDATE,
        title,
        link=MEETINGS_LINK,
        data={"meeting_id": meeting.pk, "status": meeting.status},
    )


@transaction.atomic
def accept_meeting(*, meeting: Meeting, actor: User, time: datetime | None = None) -> Meeting:
    """Accept one of the proposed times (the first unless one is named); both calendars get
    the meeting."""
    locked = _locked_for_answer(meeting, actor)
    offered = [datetime.fromisoformat(t) for t in locked.proposed_times]
    chosen = time or offered[0]
    if chosen not in offered:
        raise invalid("time", "Choose one of the proposed times.")
    if chosen <= timezone.now():
        raise Conflict("That time has passed; propose another.")
    locked.status = Meeting.Status.ACCEPTED
    locked.scheduled_at = chosen
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "scheduled_at", "responded_at"])
    end = chosen + timedelta(minutes=locked.duration_minutes)
    CalendarEvent.objects.bulk_create(
        CalendarEvent(
            owner_id=owner_id,
            title=_title(locked),
            description=locked.message,
            event_type=CalendarEvent.Type.MEETING,
            start=chosen,
            end=end,
            location=locked.get_meeting_type_display(),
            pitch=locked.pitch,
            meeting=locked,
        )
        for owner_id in (locked.requester_id, locked.creator_id)
    )
    record_activity(locked, "production.meeting.accepted", actor=actor)
    _tell(locked, actor, f"{actor.display_name} accepted the meeting on {chosen:%d %b %H:%M}")
    return locked


@transaction.atomic
def decline_meeting(*, meeting: Meeting, actor: User, reason: str = "") -> Meeting:
    locked = _locked_for_answer(meeting, actor)
    locked.status = Meeting.Status.DECLINED
    locked.note = reason.strip()[:500]
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "note", "responded_at"])
    record_activity(locked, "production.meeting.declined", actor=actor)
    _tell(locked, actor, f"{actor.display_name} declined the meeting")
    return locked


@transaction.atomic
def propose_times(*, meeting: Meeting, actor: User, times: Sequence[datetime]) -> Meeting:
    """Answer a proposal with other times; the other side answers next."""
    locked = _locked_for_answer(meeting, actor)
    locked.proposed_times = _times(times)
    locked.proposed_by = actor
    locked.save(update_fields=["proposed_times", "proposed_by"])
    record_activity(locked, "production.meeting.reproposed", actor=actor)
    _tell(locked, actor, f"{actor.display_name} proposed other times for the meeting")
    return locked


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User) -> Meeting:
    """Either side calls off a proposed or accepted meeting; it leaves both calendars."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if actor.pk not in (locked.requester_id, locked.creator_id):
        raise NotAllowed("This meeting is not yours.")
    if locked.status not in (Meeting.Status.PROPOSED, Meeting.Status.ACCEPTED):
        raise Conflict(f"This meeting is already {locked.status}.")
    locked.status = Meeting.Status.CANCELLED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    CalendarEvent.objects.filter(meeting=locked).delete()
    record_activity(locked, "production.meeting.cancelled", actor=actor)
    _tell(locked, actor, f"{actor.display_name} cancelled the meeting")
    return locked


def send_meeting_reminders(*, dry_run: bool = False) -> int:
    """Remind both sides of accepted meetings in the next 24 hours (once per meeting)."""
    now = timezone.now()
    due = Meeting.objects.filter(
        status=Meeting.Status.ACCEPTED,
        reminded_at__isnull=True,
        scheduled_at__gt=now,
        scheduled_at__lte=now + REMIND_AHEAD,
    ).select_related("pitch")
    if dry_run:
        return due.count()
    count = 0
    for meeting in due:
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue
            for user_id in (meeting.requester_id, meeting.creator_id):
                notify_after_commit(
                    user_id,
                    NotificationKind.MEETING_REMINDER,
                    f"Reminder: {_title(meeting)} at {meeting.scheduled_at:%d %b %H:%M} UTC",
                    link=MEETINGS_LINK,
                    data={"meeting_id": meeting.pk},
                )
            count += 1
    return count


def feed_for(user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def rotate_feed(*, user: User) -> CalendarFeed:
    """A new secret feed URL; the old one stops working."""
    feed, _ = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    feed.token = feed_token()
    feed.save(update_fields=["token"])
    record_activity(feed, "production.calendar.feed_rotated", actor=user)
    return feed
