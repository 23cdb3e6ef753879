"""Outgoing pitch events: the single hook for real-time pushes (`pitch_published`,
`pitch_view_update`) and follower notifications. Services call these through
`transaction.on_commit`; they hand over to messaging. Payloads carry ids and public display fields
only (the title is public; the creator only when the pitch shows the creator's name); clients fetch
details over REST, where the protection rule applies."""

from __future__ import annotations

import logging

from messaging import services as messaging
from pitches import selectors
from pitches.models import Pitch

logger = logging.getLogger(__name__)


def pitch_published(*, pitch_id: int, owner_id: int, title: str) -> None:
    """Tell the followers of the pitch and of its creator (push and notification)."""
    pitch = Pitch.objects.select_related("owner").filter(pk=pitch_id).first()
    if pitch is None or not pitch.is_published:
        return
    messaging.announce_pitch_published(
        recipients=selectors.publish_audience(pitch),
        pitch_id=pitch_id,
        title=title,
        creator_id=owner_id if pitch.shows("show_creator_name") else None,
        creator_name=pitch.owner.display_name,
        link=pitch.get_absolute_url(),
    )


def pitch_view_update(*, pitch_id: int, owner_id: int, view_count: int) -> None:
    """Tell the owner's open tabs (and the pitch's live channel) about a new view."""
    row = Pitch.objects.filter(pk=pitch_id).values_list("title", "view_count").first()
    if row is None:
        return
    title, current = row
    messaging.announce_pitch_view(
        pitch_id=pitch_id, owner_id=owner_id, title=title, view_count=max(current, view_count)
    )


def pitch_changed(*, pitch_id: int) -> None:
    logger.debug("pitch_changed pitch=%s", pitch_id)
