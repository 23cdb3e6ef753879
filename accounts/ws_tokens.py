"""WebSocket tickets (`/ws?token=`): signed, one minute, single use, bound to a user and a session.

A ticket names the user, their token version and the login session it was issued to; redeeming it
spends it (a marker in the shared cache, so a second connect anywhere is refused), and a ticket of
a session that has ended, or of a user whose sessions were all revoked, is refused too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

from accounts.models import User, UserSession

WS_TOKEN_MAX_AGE = 60
_SALT = "pitchey.ws-token"


@dataclass(frozen=True)
class WsTicket:
    user: User
    session_id: int | None


def make_ws_token(user: User, *, session_id: int | None = None) -> str:
    """A single-use ticket valid for one minute, bound to the user's token version and session."""
    payload: dict[str, object] = {"uid": user.pk, "tv": user.token_version, "sid": session_id}
    payload["n"] = secrets.token_urlsafe(12)
    return signing.dumps(payload, salt=_SALT, compress=True)


def redeem_ws_ticket(token: str) -> WsTicket | None:
    """Spend a ticket: its live user and session, or None if tampered, expired, used or revoked."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=WS_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str):
        return None
    user = User.objects.active().filter(pk=payload.get("uid")).first()
    if user is None or user.token_version != payload.get("tv"):
        return None
    session_id = payload.get("sid")
    if session_id is not None and not (
        UserSession.objects.filter(pk=session_id, user=user, revoked_at__isnull=True).exists()
    ):
        return None
    if not cache.add(f"ws-ticket:{payload['n']}", 1, timeout=WS_TOKEN_MAX_AGE + 5):
        return None
    return WsTicket(user, session_id if isinstance(session_id, int) else None)


def session_is_live(*, user_id: int, token_version: int, session_id: int | None) -> bool:
    """Whether a socket opened for this user, token version and session may stay open."""
    user = User.objects.active().filter(pk=user_id).only("token_version").first()
    if user is None or user.token_version != token_version:
        return False
    if session_id is None:
        return True
    return UserSession.objects.filter(pk=session_id, revoked_at__isnull=True).exists()
