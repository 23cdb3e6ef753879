"""Helpers the pitch services share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from pitches import cache as list_cache
from pitches import events
from pitches.models import (
    Pitch,
)
from pitchey.errors import NotAllowed

if TYPE_CHECKING:
    from accounts.models import User


def _ensure_owner(pitch: Pitch, actor: User) -> None:
    if pitch.owner_id != actor.pk:
        raise NotAllowed("Only the pitch's creator can change it.")


def _changed(pitch: Pitch) -> None:
    transaction.on_commit(list_cache.invalidate_lists)
    pitch_id = pitch.pk
    transaction.on_commit(lambda: events.pitch_changed(pitch_id=pitch_id))
