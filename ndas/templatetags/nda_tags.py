"""The NDA panel on the pitch page: request access, pending/approved state, or the owner's inbox."""

from __future__ import annotations

from typing import Any

from django import template

from ndas import selectors
from pitches.models import Pitch

register = template.Library()


@register.inclusion_tag("ndas/_pitch_panel.html", takes_context=True)
def nda_panel(context: dict[str, Any], pitch: Pitch) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    state = selectors.pitch_status(user, pitch)
    return {
        "pitch": pitch,
        "user": user,
        "is_owner": user.is_authenticated and pitch.owner_id == user.pk,
        "can_access": state["can_access"],
        "latest": state["request"],
        "refusal": selectors.request_refusal(pitch=pitch, user=user),
        "csrf_token": context.get("csrf_token"),
    }
