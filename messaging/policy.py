"""Who may message, watch presence and subscribe to whom: a seam onto other apps' models.

Blocks and follows belong to accounts (`Block(blocker, blocked)`, `Follow(follower, following)`),
pitches to pitches. Messaging imports no other app's code, so the rules look the models up by name
with `apps.get_model`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model, Q

from messaging.models import ConversationParticipant


def _model(app_label: str, name: str) -> type[Model]:
    return apps.get_model(app_label, name)


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either user blocks the other (accounts.Block), so they may not message."""
    block: Any = _model("accounts", "Block")
    pair = Q(blocker_id=a_id, blocked_id=b_id) | Q(blocker_id=b_id, blocked_id=a_id)
    return bool(block.objects.filter(pair).exists())


def followers_of(user_id: int) -> list[int]:
    """Ids of the users following `user_id` (accounts.Follow)."""
    follow: Any = _model("accounts", "Follow")
    return list(follow.objects.filter(following_id=user_id).values_list("follower_id", flat=True))


def pitch_followers_of(pitch_id: int) -> list[int]:
    """Ids of the users following a pitch (pitches.PitchFollow)."""
    follow: Any = _model("pitches", "PitchFollow")
    return list(follow.objects.filter(pitch_id=pitch_id).values_list("user_id", flat=True))


def blocked_with(user_id: int, others: set[int]) -> set[int]:
    """Those of `others` who block `user_id` or are blocked by them."""
    if not others:
        return set()
    block: Any = _model("accounts", "Block")
    rows = block.objects.filter(
        Q(blocker_id=user_id, blocked_id__in=others) | Q(blocked_id=user_id, blocker_id__in=others)
    ).values_list("blocker_id", "blocked_id")
    return {a if b == user_id else b for a, b in rows}


def _mutual_follows(user_id: int) -> set[int]:
    follow: Any = _model("accounts", "Follow")
    following = follow.objects.filter(follower_id=user_id).values("following_id")
    return set(
        follow.objects.filter(following_id=user_id, follower_id__in=following).values_list(
            "follower_id", flat=True
        )
    )


def conversation_partners(user_id: int) -> set[int]:
    """Users who share at least one live conversation with `user_id`."""
    mine = ConversationParticipant.objects.filter(user_id=user_id, left_at__isnull=True)
    partners = ConversationParticipant.objects.filter(
        conversation_id__in=mine.values("conversation_id"), left_at__isnull=True
    ).exclude(user_id=user_id)
    return set(partners.values_list("user_id", flat=True))


def presence_audience(user_id: int) -> set[int]:
    """Everyone allowed to see `user_id`'s presence: conversation partners and mutual follows."""
    return conversation_partners(user_id) | _mutual_follows(user_id)


def can_see_presence(viewer_id: int, subject_id: int) -> bool:
    return viewer_id == subject_id or subject_id in presence_audience(viewer_id)


def can_subscribe_pitch(user: Any, pitch_id: int) -> bool:
    """Only the owner (or staff) may follow a pitch's live channel."""
    if not getattr(user, "is_authenticated", False):
        return False
    pitch: Any = _model("pitches", "Pitch")
    rows = pitch.objects.filter(pk=pitch_id)
    if not user.is_staff:
        rows = rows.filter(owner_id=user.pk)
    return bool(rows.exists())


def pitch_summary(pitch_id: int) -> dict[str, Any] | None:
    """Owner id, title and view count of a pitch, or None when there is no such pitch."""
    pitch: Any = _model("pitches", "Pitch")
    row = pitch.objects.filter(pk=pitch_id).values("owner_id", "title", "view_count").first()
    if row is None:
        return None
    return {"owner_id": row["owner_id"], "title": row["title"], "view_count": row["view_count"]}
