"""Who is looking at a pitch: the identity a view is counted under, the same for the API and
the page, so one visitor is one view whichever door they come through."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from rest_framework.request import Request

from pitchey.ratelimit import client_ip


def anonymous_view_key(request: HttpRequest | Request) -> str:
    """The session key when there is one, else a hash of the client's IP and user agent."""
    session = getattr(request, "session", None)
    session_key = session.session_key if session is not None else None
    if session_key:
        return str(session_key)
    agent = request.META.get("HTTP_USER_AGENT", "")
    return "anon:" + hashlib.sha256(f"{client_ip(request)}|{agent}".encode()).hexdigest()[:40]
