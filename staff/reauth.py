"""Recent authentication for destructive staff actions (ban, removal, credit revocation, erasure).

A login within `STAFF_REAUTH_MINUTES` counts (it passed the second factor); after that the staff
member confirms again with their password and, when MFA is on, a code. The confirmation is
kept per login session (the JWT session, or the Django session of the admin site).
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from accounts.authentication import resolve_jwt
from accounts.services import check_mfa_code
from accounts.services.mfa import mfa_enabled
from analytics import record_activity
from pitchey.errors import DomainError, NotAllowed

REAUTH_REQUIRED = "REAUTH_REQUIRED"


def recent_window_seconds() -> int:
    return int(settings.STAFF_REAUTH_MINUTES * 60)


_window = recent_window_seconds


def _session_key(request: Any) -> str | None:
    auth = _login_session(request)
    if auth is not None and getattr(auth, "pk", None) is not None:
        return f"jwt:{auth.pk}"
    django_request: HttpRequest = getattr(request, "_request", request)
    session = getattr(django_request, "session", None)
    key = getattr(session, "session_key", None)
    return f"dj:{key}" if key else None


def _login_session(request: Any) -> Any:
    """The JWT login session of an API request (`request.auth`) or of a page request."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        return auth
    django_request: HttpRequest = getattr(request, "_request", request)
    return resolve_jwt(django_request).session


def recently_authenticated(request: Any) -> bool:
    """True when the caller logged in, or confirmed again, within the re-auth window."""
    auth = _login_session(request)
    started = getattr(auth, "created_at", None)
    if started is not None and started >= timezone.now() - timedelta(seconds=_window()):
        return True
    key = _session_key(request)
    stamp = cache.get(f"staff-reauth:{key}") if key else None
    if stamp is None and auth is None:
        stamp = _django_session(request).get(SESSION_LOGIN_KEY)
    return stamp is not None and time.time() - float(stamp) <= _window()


SESSION_LOGIN_KEY = "staff_logged_in_at"


def _django_session(request: Any) -> Any:
    django_request: HttpRequest = getattr(request, "_request", request)
    return getattr(django_request, "session", None) or {}


def stamp_django_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A Django-session login (the admin's test client) counts as a fresh authentication."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_LOGIN_KEY] = time.time()


def require_recent_auth(request: Any) -> None:
    if not recently_authenticated(request):
        raise NotAllowed(
            "Confirm it is you (password and code) before this action.", code=REAUTH_REQUIRED
        )


def reauthenticate(request: Any, *, password: str, code: str = "", ip: str | None = None) -> None:
    """Check the password (and a second-factor code when MFA is on), then open the window."""
    user = request.user
    errors: dict[str, list[str]] = {}
    if not user.check_password(password or ""):
        errors["password"] = ["The password is incorrect."]
    elif mfa_enabled(user) and not check_mfa_code(user=user, code=code):
        errors["code"] = ["Enter a current code from your authenticator app."]
    if errors:
        raise DomainError("Re-authentication failed.", code="VALIDATION_ERROR", details=errors)
    key = _session_key(request)
    if key is None:
        raise NotAllowed("Log in again first.", code=REAUTH_REQUIRED)
    cache.set(f"staff-reauth:{key}", time.time(), timeout=_window())
    record_activity(user, "staff.reauthenticated", actor=user, ip_address=ip)
