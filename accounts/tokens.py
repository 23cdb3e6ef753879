"""JWT access/refresh pairs bound to a login session (`sid`) and the user's token version (`tv`).

An access token is accepted only while its session is live and its `tv` equals the user's current
`token_version`; bumping the version (logout everywhere, password change, deactivation) therefore
ends every session at once, access tokens included. Refresh tokens rotate: each is blacklisted on
its first use, and a second use is refused.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.exceptions import (
    TokenBackendError,
    TokenBackendExpiredToken,
    TokenError,
)
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken as SimpleAccessToken
from rest_framework_simplejwt.tokens import RefreshToken as SimpleRefreshToken

from accounts.models import User, UserSession
from analytics.services import record_activity
from messaging import realtime
from pitchey.prepared import Prepared

logger = logging.getLogger(__name__)

LAST_SEEN_EVERY = timedelta(minutes=5)


class RotatingTokenBackend(TokenBackend):
    """Signs with JWT_SIGNING_KEY; during a rotation also accepts JWT_SIGNING_KEY_PREVIOUS."""

    def __init__(self, key: str, previous: tuple[str, ...]) -> None:
        super().__init__("HS256", key)
        self.previous = [TokenBackend("HS256", old) for old in previous]

    def decode(self, token: Any, verify: bool = True) -> dict[str, Any]:
        try:
            return super().decode(token, verify)
        except TokenBackendExpiredToken:
            raise
        except TokenBackendError:
            for backend in self.previous:
                try:
                    return backend.decode(token, verify)
                except TokenBackendError:
                    continue
            raise


@cache
def _backend(key: str, previous: tuple[str, ...]) -> RotatingTokenBackend:
    return RotatingTokenBackend(key, previous)


def jwt_backend() -> RotatingTokenBackend:
    return _backend(settings.JWT_SIGNING_KEY, tuple(settings.JWT_SIGNING_KEYS_PREVIOUS))


class AccessToken(SimpleAccessToken):
    def get_token_backend(self) -> TokenBackend:
        return jwt_backend()


class RefreshToken(SimpleRefreshToken):
    access_token_class = AccessToken

    def get_token_backend(self) -> TokenBackend:
        return jwt_backend()


class InvalidToken(Exception):
    """The token is malformed, tampered, expired, blacklisted, or its session has ended."""


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    access_expires_at: datetime
    session_id: int


def issue_tokens(*, user: User, session: UserSession) -> TokenPair:
    """A fresh refresh token (recorded as outstanding) and its access token for `session`."""
    refresh = RefreshToken.for_user(user)
    refresh["sid"] = session.pk
    refresh["tv"] = user.token_version
    refresh["portal"] = user.portal
    access = refresh.access_token
    expires = datetime.fromtimestamp(int(access["exp"]), tz=UTC)
    return TokenPair(str(access), str(refresh), expires, session.pk)


def _open_session(session_id: int, user_id: int) -> QuerySet[UserSession]:
    return UserSession.objects.select_related("user").filter(
        pk=session_id, user_id=user_id, revoked_at__isnull=True
    )[:1]


# Every logged-in request asks it: compiled once per process (pitchey.prepared).
_OPEN_SESSION = Prepared(_open_session, arg_types=(int, int))
_BIGINT = 2**63 - 1


def _live_session(*, session_id: object, user_id: int | None, version: object) -> UserSession:
    if not isinstance(session_id, int) or user_id is None:
        raise InvalidToken("token without a session")
    if not (0 < session_id <= _BIGINT and 0 < user_id <= _BIGINT):
        raise InvalidToken("session ended")
    session = _OPEN_SESSION.first(session_id, user_id)
    if session is None or not session.user.is_active or session.user.token_version != version:
        raise InvalidToken("session ended")
    return session


@dataclass(frozen=True)
class _AccessClaims:
    session_id: object
    user_id: int | None
    version: object
    expires_at: float


@lru_cache(maxsize=4096)
def _access_claims(raw: str, keys: tuple[str, ...]) -> _AccessClaims:
    """What `session_for_access` reads of a genuine access token, checked once per process:
    a token's signature and claims never change, so later requests with the same token only
    compare its expiry with the clock. Refused tokens are not kept. `keys` (the signing keys
    accepted) keep a rotation from reusing an earlier check."""
    try:
        token = AccessToken(raw)  # type: ignore[arg-type]
    except TokenError as exc:
        raise InvalidToken(str(exc)) from exc
    return _AccessClaims(
        session_id=token.get("sid"),
        user_id=_int(token.get("user_id")),
        version=token.get("tv"),
        expires_at=float(token["exp"]),
    )


def session_for_access(raw: str) -> UserSession:
    """The live session an access token belongs to (its user is `session.user`)."""
    keys = (settings.JWT_SIGNING_KEY, *settings.JWT_SIGNING_KEYS_PREVIOUS)
    claims = _access_claims(raw, keys)
    if claims.expires_at <= time.time():
        raise InvalidToken("Token is expired")
    session = _live_session(
        session_id=claims.session_id, user_id=claims.user_id, version=claims.version
    )
    now = timezone.now()
    if now - session.last_seen_at > LAST_SEEN_EVERY:
        UserSession.objects.filter(pk=session.pk).update(last_seen_at=now)
    return session


def rotate(raw_refresh: str) -> tuple[UserSession, TokenPair]:
    """Spend a refresh token once and return its session with a new pair.

    The blacklist row is the lock: of two concurrent uses, only the one that creates it wins.
    A second use of a spent token means it was copied: the whole family (its login session, so
    the successor too) is revoked, and the reuse is logged.
    """
    try:
        refresh = RefreshToken(raw_refresh)  # type: ignore[arg-type]
    except TokenError as exc:
        _revoke_if_reused(raw_refresh)
        raise InvalidToken(str(exc)) from exc
    session = _live_session(
        session_id=refresh.get("sid"),
        user_id=_int(refresh.get("user_id")),
        version=refresh.get("tv"),
    )
    with transaction.atomic():
        outstanding, _ = OutstandingToken.objects.get_or_create(
            jti=refresh["jti"],
            defaults={
                "user": session.user,
                "token": raw_refresh,
                "expires_at": datetime.fromtimestamp(int(refresh["exp"]), tz=UTC),
            },
        )
        _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
        if created:
            UserSession.objects.filter(pk=session.pk).update(last_seen_at=timezone.now())
            return session, issue_tokens(user=session.user, session=session)
    _revoke_family(session, jti=str(refresh["jti"]))
    raise InvalidToken("refresh token reused; its session is revoked")


def _revoke_if_reused(raw_refresh: str) -> None:
    """A genuine, unexpired refresh token that is already spent: revoke its family."""
    try:
        payload = jwt_backend().decode(raw_refresh, verify=True)  # type: ignore[arg-type]
    except TokenBackendError:
        return
    jti, sid, user_id = payload.get("jti"), payload.get("sid"), _int(payload.get("user_id"))
    if payload.get("token_type") != "refresh" or not isinstance(sid, int) or user_id is None:
        return
    if not BlacklistedToken.objects.filter(token__jti=jti).exists():
        return
    session = UserSession.objects.select_related("user").filter(
        pk=sid, user_id=user_id, revoked_at__isnull=True
    )
    for live in session:
        _revoke_family(live, jti=str(jti))


def _revoke_family(session: UserSession, *, jti: str) -> None:
    """End the login session of a reused refresh token, log it, and close its sockets."""
    with transaction.atomic():
        ended = UserSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        record_activity(
            session, "accounts.session.refresh_reused", actor=session.user, data={"jti": jti}
        )
        transaction.on_commit(lambda: realtime.close_sockets(session_id=session.pk))
    logger.warning(
        "refresh token reuse: session %s of user %s revoked",
        session.pk,
        session.user_id,
        extra={"event": "refresh_token_reuse", "session_id": session.pk, "ended": ended},
    )


def blacklist_refresh(raw_refresh: str) -> int | None:
    """Blacklist a refresh token if it is genuine; returns its session id (None if unusable)."""
    try:
        refresh = RefreshToken(raw_refresh)  # type: ignore[arg-type]
    except TokenError:
        return None
    refresh.blacklist()
    sid = refresh.get("sid")
    return sid if isinstance(sid, int) else None


def session_id_of(raw: str | None) -> int | None:
    """The `sid` claim of a valid access or refresh token (None otherwise)."""
    if not raw:
        return None
    for cls in (AccessToken, RefreshToken):
        try:
            sid = cls(raw).get("sid")  # type: ignore[arg-type]
        except TokenError:
            continue
        return sid if isinstance(sid, int) else None
    return None


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def set_auth_cookies(response: HttpResponse, pair: TokenPair) -> None:
    common = {
        "httponly": True,
        "secure": settings.SECURE_HTTPS,
        "samesite": settings.AUTH_COOKIE_SAMESITE,
        "domain": settings.AUTH_COOKIE_DOMAIN,
        "path": "/",
    }
    response.set_cookie(
        settings.AUTH_ACCESS_COOKIE,
        pair.access,
        max_age=int(settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
        **common,  # type: ignore[arg-type]
    )
    response.set_cookie(
        settings.AUTH_REFRESH_COOKIE,
        pair.refresh,
        max_age=int(settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        **common,  # type: ignore[arg-type]
    )


def clear_auth_cookies(response: HttpResponse) -> None:
    for name in (settings.AUTH_ACCESS_COOKIE, settings.AUTH_REFRESH_COOKIE):
        response.delete_cookie(
            name,
            path="/",
            domain=settings.AUTH_COOKIE_DOMAIN,
            samesite=settings.AUTH_COOKIE_SAMESITE,  # type: ignore[arg-type]
        )
