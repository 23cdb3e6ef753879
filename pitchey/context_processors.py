from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    portal = getattr(user, "portal", None) if user is not None and user.is_authenticated else None
    return {"site_url": settings.SITE_URL, "portal": portal, "debug": settings.DEBUG}
