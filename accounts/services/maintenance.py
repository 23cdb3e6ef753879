"""Daily clean-up of authentication records nobody needs any more."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import LoginChallenge, OneTimeToken, UserSession

KEEP_ENDED_SESSIONS = timedelta(days=30)


def purge_auth_records(*, dry_run: bool = False) -> dict[str, int]:
    """Delete sessions ended (or idle past the refresh lifetime) over 30 days ago, spent or
    expired one-time tokens and login challenges, and expired JWT records. Returns the counts."""
    now = timezone.now()
    cutoff = now - KEEP_ENDED_SESSIONS
    idle = now - settings.REFRESH_TOKEN_LIFETIME - KEEP_ENDED_SESSIONS
    querysets = {
        "sessions": UserSession.objects.filter(
            Q(revoked_at__lt=cutoff) | Q(revoked_at__isnull=True, last_seen_at__lt=idle)
        ),
        "one_time_tokens": OneTimeToken.objects.filter(
            Q(used_at__lt=cutoff) | Q(expires_at__lt=cutoff)
        ),
        "login_challenges": LoginChallenge.objects.filter(expires_at__lt=now - timedelta(days=1)),
        "jwt_records": OutstandingToken.objects.filter(expires_at__lt=now),
    }
    counts = {name: qs.count() for name, qs in querysets.items()}
    if not dry_run:
        for qs in querysets.values():
            qs.delete()
    return counts
