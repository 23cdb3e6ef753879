from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from pitchey import runtime


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    portal = getattr(user, "portal", None) if user is not None and user.is_authenticated else None
    values = runtime.current()
    announcement = values["announcement"] if values["announcement"].get("enabled") else None
    return {
        "site_url": settings.SITE_URL,
        "portal": portal,
        "debug": settings.DEBUG,
        "announcement": announcement,
        "maintenance": values["maintenance"] if values["maintenance"].get("enabled") else None,
        "feature_notices": runtime.feature_notices(),
    }
