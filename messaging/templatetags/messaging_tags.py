from __future__ import annotations

from typing import Any

from django import template

from messaging.models import Notification

register = template.Library()


@register.inclusion_tag("messaging/partials/bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    """The bell with the unread count; realtime.js keeps the count live."""
    request = context.get("request")
    user = getattr(request, "user", None)
    count = Notification.objects.for_user(user).unread().count() if user is not None else 0
    return {"unread": count}
