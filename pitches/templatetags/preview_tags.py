"""Open Graph and Twitter meta tags for pages that get shared: pitches, profiles, slates and
portfolios."""

from __future__ import annotations

from typing import Any

from django import template

from pitches import previews
from pitches.models import Pitch

register = template.Library()


@register.inclusion_tag("partials/og_meta.html", takes_context=True)
def og_meta(
    context: dict[str, Any], title: str, description: str = "", path: str = "", image: str = ""
) -> dict[str, Any]:
    request = context["request"]
    og = previews.meta(
        request,
        title=title,
        description=description or "On Pitchey, the marketplace for film and TV pitches.",
        path=path or request.path,
        image_path=image,
    )
    return {"og": og}


@register.inclusion_tag("partials/og_meta.html", takes_context=True)
def pitch_og_meta(context: dict[str, Any], pitch: Pitch) -> dict[str, Any]:
    return {"og": previews.pitch_meta(context["request"], pitch)}
