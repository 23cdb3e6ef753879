"""Reads behind the investment pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from pitches.models import Pitch, PitchAccess

if TYPE_CHECKING:
    from accounts.models import User


def investable_pitches(user: User, *, limit: int = 200) -> QuerySet[Pitch]:
    """Published pitches `user` may put money into: not their own, and an NDA pitch only with
    live access (the rules `record_investment` enforces), those seeking investment first."""
    granted = PitchAccess.objects.live().filter(user=user, pitch=OuterRef("pk"))
    return (
        Pitch.objects.published()
        .exclude(owner=user)
        .filter(Q(require_nda=False) | Q(Exists(granted)))
        .order_by("-seeking_investment", "title", "id")[:limit]
    )
