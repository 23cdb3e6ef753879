"""Login sessions: starting one (a device record and its token pair), ending one, ending all.

Login (auth) and the second factor (mfa) both end in `start_session`; logout, password changes,
deactivation and deletion end sessions here, which also closes their sockets after commit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import tokens
from accounts.models import User, UserSession
from accounts.services.errors import AccountSuspended
from analytics import track, track_many
from messaging import realtime
from pitchey.errors import NotFoundError

if TYPE_CHECKING:
    from accounts.models import LoginChallenge


@dataclass(frozen=True)
class LoginOutcome:
    """Either a started session (`pair`) or a pending second step (`challenge`)."""

    user: User
    pair: tokens.TokenPair | None = None
    challenge: LoginChallenge | None = None


def hash_secret(raw: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()


def describe_device(user_agent: str) -> str:
    ua = user_agent.lower()
    browser = next(
        (
            name
            for key, name in (
                ("edg/", "Edge"),
                ("firefox", "Firefox"),
                ("chrome", "Chrome"),
                ("safari", "Safari"),
                ("curl", "curl"),
                ("python", "Python client"),
            )
            if key in ua
        ),
        "Unknown browser",
    )
    system = next(
        (
            name
            for key, name in (
                ("android", "Android"),
                ("iphone", "iOS"),
                ("ipad", "iOS"),
                ("windows", "Windows"),
                ("mac os", "macOS"),
                ("linux", "Linux"),
            )
            if key in ua
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


def refuse_if_suspended(user: User) -> None:
    """A suspended or banned account cannot start a session; its owner is told why."""
    status = user.moderation_status
    if status != "active":
        until = user.suspended_until.isoformat() if user.suspended_until else None
        raise AccountSuspended(status=status, reason=user.suspension_reason, until=until)


def start_session(*, user: User, user_agent: str = "", ip: str | None = None) -> tokens.TokenPair:
    """Record a login (device, IP) and issue its token pair (never for a suspended account)."""
    refuse_if_suspended(user)
    now = timezone.now()
    session = UserSession.objects.create(
        user=user,
        user_agent=user_agent[:500],
        device=describe_device(user_agent),
        ip_address=ip or None,
        created_at=now,
        last_seen_at=now,
    )
    User.objects.filter(pk=user.pk).update(last_login=now)
    track_many(
        [
            {"event_type": kind, "user_id": user.pk, "session_id": str(session.pk)}
            for kind in ("login", "session_start")
        ]
    )
    return tokens.issue_tokens(user=user, session=session)


def logout(*, raw_refresh: str | None, session_id: int | None) -> None:
    """End one session: its refresh token is blacklisted and its access tokens stop working."""
    if raw_refresh:
        session_id = tokens.blacklist_refresh(raw_refresh) or session_id
    if session_id is not None:
        ended = UserSession.objects.filter(pk=session_id, revoked_at__isnull=True)
        owner_id = ended.values_list("user_id", flat=True).first()
        if ended.update(revoked_at=timezone.now()):
            track("session_end", user_id=owner_id, session_id=str(session_id))
        _close_sockets(session_id=session_id)


def revoke_session(*, user: User, session_id: int) -> None:
    """End one of the user's own sessions (404 for anybody else's)."""
    ended = UserSession.objects.filter(pk=session_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not ended:
        raise NotFoundError("No such session.")
    track("session_end", user_id=user.pk, session_id=str(session_id))
    _close_sockets(session_id=session_id)


def end_all_sessions(*, user: User) -> None:
    """Log the user out everywhere: bump the token version and close every session record."""
    User.objects.filter(pk=user.pk).update(token_version=F("token_version") + 1)
    user.refresh_from_db(fields=["token_version"])
    open_sessions = UserSession.objects.filter(user=user, revoked_at__isnull=True)
    ended = list(open_sessions.values_list("pk", flat=True))
    open_sessions.filter(pk__in=ended).update(revoked_at=timezone.now())
    track_many(
        [{"event_type": "session_end", "user_id": user.pk, "session_id": str(pk)} for pk in ended]
    )
    _close_sockets(user_id=user.pk)


def _close_sockets(*, user_id: int | None = None, session_id: int | None = None) -> None:
    """After commit, close the open sockets of the ended session(s) on every server process."""
    transaction.on_commit(lambda: realtime.close_sockets(user_id=user_id, session_id=session_id))
