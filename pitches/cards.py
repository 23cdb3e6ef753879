"""Pitch cards for pages: the protected-field rule applied in bulk, plus the viewer's like state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest

from pitches import access
from pitches.api.serializers import PitchCardSerializer
from pitches.models import Pitch, PitchLike


def pitch_cards(request: HttpRequest, pitches: Sequence[Pitch]) -> list[dict[str, Any]]:
    """Card data `request.user` may see for `pitches` (at most two queries for any count)."""
    if not pitches:
        return []
    user = request.user
    ids = access.confidential_pitch_ids(user, pitches)
    cards = PitchCardSerializer(
        pitches, many=True, context={"request": request, "confidential_ids": ids}
    ).data
    liked: set[int] = set()
    if user.is_authenticated:
        liked = set(
            PitchLike.objects.filter(user=user, pitch__in=[p.pk for p in pitches]).values_list(
                "pitch_id", flat=True
            )
        )
    rows = []
    for card, pitch in zip(cards, pitches, strict=True):
        row = dict(card)
        row["liked"] = pitch.pk in liked
        row["own"] = user.is_authenticated and pitch.owner_id == user.pk
        row["poster_url"] = poster_url(pitch)
        rows.append(row)
    return rows


def poster_url(pitch: Pitch) -> str:
    """A signed URL of the pitch's cover image, or '' when it has none."""
    from pitchey.storage import signed_url

    key = getattr(pitch, "poster_key", "")
    return signed_url(key, max_age=POSTER_MAX_AGE) if key else ""


POSTER_MAX_AGE = 6 * 3600
