"""Every state change of identity verification: start an attempt at the provider, and read its
outcome back when the person returns (refresh). Verification is kept on the user
(`identity_verified_at`) and never lowered by a later attempt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from accounts import display_changes
from accounts.identity import providers
from accounts.identity.models import IdentityVerification
from accounts.models import User
from analytics.services import record_activity
from pitchey.errors import Conflict, DomainError
from pitchey.ratelimit import hit_rate_limit, parse_rate

Status = IdentityVerification.Status
VerifiedHook = Callable[[User], None]
_ON_VERIFIED: dict[str, VerifiedHook] = {}


def on_verified(name: str, hook: VerifiedHook) -> None:
    """Have `hook(user)` run inside the transaction that first marks a user verified; apps above
    accounts (the trust tiers of pitches) register theirs from `AppConfig.ready()`."""
    _ON_VERIFIED[name] = hook


class RateLimited(DomainError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


def latest_attempt(user: User) -> IdentityVerification | None:
    return IdentityVerification.objects.owned_by(user).first()


def identity_state(user: User, attempt: IdentityVerification | None = None) -> dict[str, Any]:
    """What the identity card shows: `verified`, and the status of the last attempt (`none`
    before any), as the SPA's card reads them."""
    if attempt is None:
        attempt = latest_attempt(user)
    verified = user.identity_verified_at is not None
    return {
        "verified": verified,
        "status": Status.VERIFIED if verified else (attempt.status if attempt else "none"),
        "verified_at": user.identity_verified_at,
        "last_error_code": attempt.last_error_code if attempt and not verified else "",
        "available": providers.is_available(),
        "sandbox": providers.is_sandbox(),
    }


def _check_start_rate(user: User) -> None:
    limit, window = parse_rate(settings.IDENTITY_START_RATE)
    allowed, _, reset = hit_rate_limit(f"identity-start:u{user.pk}", limit, window)
    if not allowed:
        raise RateLimited(
            f"Too many verification attempts; try again in {reset} seconds.",
            details={"retry_after": reset},
        )


def start_verification(
    *, user: User, return_url: str, site_base: str
) -> tuple[IdentityVerification, str]:
    """Open a verification session at the provider for `user`; returns the attempt and the URL
    to send them to. Refused when already verified or while the last attempt is being checked."""
    if user.identity_verified_at is not None:
        raise Conflict("Your identity is already verified.", details={"verified": True})
    provider = providers.get_provider()
    last = latest_attempt(user)
    if last is not None and last.status == Status.PROCESSING:
        last = refresh_verification(user=user)
        if last is not None and last.status == Status.PROCESSING:
            raise Conflict(
                "Your last verification is still being checked; look again shortly.",
                details={"status": Status.PROCESSING},
            )
        if user.identity_verified_at is not None:
            raise Conflict("Your identity is already verified.", details={"verified": True})
    _check_start_rate(user)
    session = provider.create_session(user=user, return_url=return_url, site_base=site_base)
    if not session.url:
        raise providers.IdentityProviderError("The identity provider gave no verification link.")
    with transaction.atomic():
        attempt = IdentityVerification.objects.create(
            user=user,
            provider=provider.name,
            provider_session_id=session.id,
            status=session.status,
            last_error_code=session.last_error_code,
        )
        record_activity(
            attempt, "accounts.identity.started", actor=user, data={"provider": provider.name}
        )
    return attempt, session.url


def refresh_verification(*, user: User) -> IdentityVerification | None:
    """Ask the provider for the latest status of `user`'s last attempt and store it (idempotent:
    an unchanged status changes nothing but `checked_at`). Returns the attempt, or None."""
    attempt = latest_attempt(user)
    if attempt is None or not attempt.is_open:
        return attempt
    provider = providers.get_provider()
    if provider.name != attempt.provider:
        return attempt  # made with a provider no longer configured: nothing to ask
    session = provider.retrieve_session(attempt.provider_session_id)
    return _store_outcome(
        user=user, attempt_id=attempt.pk, status=session.status, error=session.last_error_code
    )


@transaction.atomic
def _store_outcome(*, user: User, attempt_id: int, status: str, error: str) -> IdentityVerification:
    attempt = IdentityVerification.objects.select_for_update().get(pk=attempt_id, user=user)
    now = timezone.now()
    changed = (attempt.status, attempt.last_error_code) != (status, error)
    attempt.checked_at = now
    if not changed or not attempt.is_open:
        attempt.save(update_fields=["checked_at", "updated_at"])
        return attempt
    attempt.status, attempt.last_error_code = status, error
    if status == Status.VERIFIED:
        attempt.verified_at = now
    attempt.save(
        update_fields=["status", "last_error_code", "verified_at", "checked_at", "updated_at"]
    )
    _record_outcome(user, attempt, now)
    return attempt


def _record_outcome(user: User, attempt: IdentityVerification, now: datetime) -> None:
    data = {"provider": attempt.provider, "status": attempt.status}
    if attempt.status == Status.VERIFIED:
        first = User.objects.filter(pk=user.pk, identity_verified_at__isnull=True).update(
            identity_verified_at=now
        )
        if first:
            user.identity_verified_at = now
            display_changes.changed(user.pk)  # cached pages showing the badge are rebuilt
            for hook in _ON_VERIFIED.values():
                hook(user)
        record_activity(attempt, "accounts.identity.verified", actor=user, data=data)
    elif attempt.status == Status.CANCELED or attempt.last_error_code:
        data["error"] = attempt.last_error_code
        record_activity(attempt, "accounts.identity.failed", actor=user, data=data)


def refresh_open_verifications(*, dry_run: bool = False, days: int = 7) -> dict[str, int]:
    """Re-check, at the provider, the last attempt of everyone whose verification is still open
    and was started in the last `days` days (for people who never came back to the page).
    A refusal of one attempt is counted and the rest go on. Returns checked/changed/failed
    counts (with `dry_run`, only how many would be checked)."""
    if not providers.is_available():
        return {"checked": 0, "changed": 0, "failed": 0}
    latest = IdentityVerification.objects.filter(user=OuterRef("user")).values("pk")[:1]
    open_ = IdentityVerification.objects.filter(
        status__in=[Status.REQUIRES_INPUT, Status.PROCESSING],
        created_at__gte=timezone.now() - timedelta(days=days),
        provider=providers.get_provider().name,
        pk=Subquery(latest),
    ).select_related("user")
    rows = list(open_)
    counts = {"checked": len(rows), "changed": 0, "failed": 0}
    if dry_run:
        return counts
    for attempt in rows:
        try:
            fresh = refresh_verification(user=attempt.user)
        except DomainError:
            counts["failed"] += 1
            continue
        if fresh is not None and (fresh.status, fresh.last_error_code) != (
            attempt.status,
            attempt.last_error_code,
        ):
            counts["changed"] += 1
    return counts
