"""The engagement panel of the pitch page: Pitchey Score, feedback and comments."""

from __future__ import annotations

from typing import Any

from django import template

from pitches.models import Pitch
from pitches.views_engagement import panel_context

register = template.Library()


@register.inclusion_tag("pitches/_engagement.html", takes_context=True)
def engagement_panel(context: dict[str, Any], pitch: Pitch) -> dict[str, Any]:
    request = context["request"]
    return {
        **panel_context(request, pitch),
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }
