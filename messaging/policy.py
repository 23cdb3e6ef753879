"""Who may message, watch presence and subscribe to whom: a seam onto other apps' models.

Blocks and follows belong to accounts, pitches to pitches. Messaging imports no other app's code,
so the rules look the models up by name when those apps provide them and otherwise fall back to
safe defaults: nobody is blocked, presence is shared only between conversation partners, pitch
channels are refused.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Model, Q

from messaging.models import ConversationParticipant


def _model(app_label: str, name: str) -> type[Model] | None:
    try:
        return apps.get_model(app_label, name)
    except (LookupError, ValueError):
        return None


def _field_names(model: type[Model]) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either user blocks the other (accounts.Block), so they may not message."""
    block = _model("accounts", "Block")
    if block is None:
        return False
    fields = _field_names(block)
    blocker, blocked = ("blocker", "blocked") if "blocker" in fields else ("user", "blocked_user")
    pair = Q(**{f"{blocker}_id": a_id, f"{blocked}_id": b_id}) | Q(
        **{f"{blocker}_id": b_id, f"{blocked}_id": a_id}
    )
    return bool(block._default_manager.filter(pair).exists())


def _follow_pairs() -> tuple[type[Model], str, str] | None:
    follow = _model("accounts", "Follow")
    if follow is None:
        return None
    fields = _field_names(follow)
    target = next((n for n in ("following", "followed", "creator") if n in fields), None)
    if "follower" not in fields or target is None:
        return None
    return follow, "follower", target


def followers_of(user_id: int) -> list[int]:
    """Ids of the users following `user_id` (empty until accounts provides follows)."""
    found = _follow_pairs()
    if found is None:
        return []
    follow, follower, target = found
    rows = follow._default_manager.filter(**{f"{target}_id": user_id})
    return list(rows.values_list(f"{follower}_id", flat=True))


def _mutual_follows(user_id: int) -> set[int]:
    found = _follow_pairs()
    if found is None:
        return set()
    follow, follower, target = found
    manager: Any = follow._default_manager
    following = set(manager.filter(**{f"{follower}_id": user_id}).values_list(f"{target}_id", flat=True))
    return following & set(followers_of(user_id))


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
    """Only the owner (or staff) may follow a pitch's live channel; refused without pitches."""
    pitch = _model("pitches", "Pitch")
    if pitch is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return bool(pitch._default_manager.filter(pk=pitch_id).exists())
    owner_field = "owner" if "owner" in _field_names(pitch) else "user"
    return bool(pitch._default_manager.filter(pk=pitch_id, **{f"{owner_field}_id": user.pk}).exists())


def pitch_summary(pitch_id: int) -> dict[str, Any] | None:
    """Owner id, title and view count of a pitch, or None when pitches are not installed."""
    pitch = _model("pitches", "Pitch")
    if pitch is None:
        return None
    fields = _field_names(pitch)
    owner_field = "owner" if "owner" in fields else "user"
    wanted = [f"{owner_field}_id", "title"] + (["view_count"] if "view_count" in fields else [])
    row = pitch._default_manager.filter(pk=pitch_id).values(*wanted).first()
    if row is None:
        return None
    return {
        "owner_id": row[f"{owner_field}_id"],
        "title": row["title"],
        "view_count": row.get("view_count", 0),
    }
