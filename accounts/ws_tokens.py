"""Short-lived signed tokens for the WebSocket handshake (`/ws?token=`)."""

from __future__ import annotations

from django.core import signing

from accounts.models import User

WS_TOKEN_MAX_AGE = 60
_SALT = "pitchey.ws-token"


def make_ws_token(user: User) -> str:
    """A token valid for one minute, bound to the user's current token version."""
    return signing.dumps({"uid": user.pk, "tv": user.token_version}, salt=_SALT, compress=True)


def user_for_ws_token(token: str) -> User | None:
    """The active user a token names, or None if it is tampered, expired or revoked."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=WS_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=payload.get("uid"), is_active=True).first()
    if user is None or user.token_version != payload.get("tv"):
        return None
    return user
