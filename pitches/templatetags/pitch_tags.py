"""Template tags other apps' pages use to show pitches without importing pitches code."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q

from pitches.models import Pitch

register = template.Library()


@register.simple_tag(takes_context=True)
def public_pitches_of(context: dict[str, Any], owner: Any, limit: int = 12) -> list[Pitch]:
    """The owner's published pitches that name their creator (the owner also sees the rest)."""
    rows = Pitch.objects.published().filter(owner=owner).order_by("-published_at", "-id")
    viewer = context["request"].user
    if not (viewer.is_authenticated and viewer.pk == owner.pk):
        # A pitch published without the creator's name must not be tied to them here.
        rows = rows.filter(~Q(visibility_settings__show_creator_name=False))
    return list(rows.only("id", "slug", "title", "logline", "genre", "format")[:limit])
