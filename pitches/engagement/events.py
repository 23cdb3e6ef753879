"""Live events of ratings, feedback and comments. Services call these through
`transaction.on_commit`; they carry ids and counts only, and pages fetch the rest over HTTP where
the access checks (and the anonymity of authors) apply."""

from __future__ import annotations

from messaging import realtime
from pitches.models import Pitch


def engagement_changed(*, pitch_id: int, kind: str) -> None:
    """Tell the owner's live pitch view that a rating, feedback or comment changed."""
    row = Pitch.objects.filter(pk=pitch_id).values("rating_average", "rating_count").first()
    if row is None:
        return
    event = {
        "pitch_id": pitch_id,
        "kind": kind,
        "rating_average": float(row["rating_average"]),
        "rating_count": row["rating_count"],
    }
    realtime.push_to_group(realtime.pitch_group(pitch_id), "pitch_engagement", event)


def comment_changed(*, pitch_id: int, comment_id: int, parent_id: int | None, action: str) -> None:
    """Tell everyone reading the pitch's thread that a comment was posted, edited or removed."""
    event = {
        "pitch_id": pitch_id,
        "comment_id": comment_id,
        "parent_id": parent_id,
        "action": action,
    }
    realtime.push_to_group(realtime.comments_group(pitch_id), "pitch_comment", event)
