"""Sealing a published pitch's content hash (provenance)."""

from __future__ import annotations

from django.db.models import Max
from django.utils import timezone

from pitches.models import Pitch, PitchSeal


def seal(*, pitch: Pitch, creator_name: str) -> PitchSeal:
    """Record the pitch's current content hash (once per hash); call inside the transaction
    that published or edited the pitch, with the pitch row locked."""
    found = PitchSeal.objects.filter(pitch=pitch, content_hash=pitch.content_hash).first()
    if found is not None:
        return found
    last = PitchSeal.objects.filter(pitch=pitch).aggregate(v=Max("version"))["v"] or 0
    return PitchSeal.objects.create(
        pitch=pitch,
        content_hash=pitch.content_hash,
        version=last + 1,
        title=pitch.title,
        creator_name=creator_name,
        sealed_at=timezone.now(),
    )
