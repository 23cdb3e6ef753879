"""Confidential access grants, written by the NDA workflow and staff."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from pitches import cache as list_cache
from pitches.models import (
    Pitch,
    PitchAccess,
)

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def grant_access(
    *,
    user: User,
    pitch: Pitch,
    source: str,
    source_id: str | int = "",
    expires_at: datetime | None = None,
) -> PitchAccess:
    """Give `user` the confidential view of `pitch` until `expires_at` (None: no expiry).

    Idempotent per (user, pitch, source, source_id): an open grant is updated, not duplicated.
    """
    grant, created = PitchAccess.objects.select_for_update().get_or_create(
        user=user,
        pitch=pitch,
        source=source,
        source_id=str(source_id),
        revoked_at=None,
        defaults={"expires_at": expires_at},
    )
    if not created and grant.expires_at != expires_at:
        grant.expires_at = expires_at
        grant.save(update_fields=["expires_at"])
    # Cached marketplace pages are served after a check against the grants remembered for the
    # user: they are asked of the database again now and once more after commit.
    user_id = user.pk
    list_cache.forget_grants(user_id)
    transaction.on_commit(lambda: list_cache.forget_grants(user_id))
    return grant


@transaction.atomic
def revoke_access(
    *, user: User, pitch: Pitch, source: str | None = None, source_id: str | int | None = None
) -> int:
    """Revoke the open grants of `user` on `pitch` (narrowed by source/source_id); returns count."""
    grants = PitchAccess.objects.filter(user=user, pitch=pitch, revoked_at__isnull=True)
    if source is not None:
        grants = grants.filter(source=source)
    if source_id is not None:
        grants = grants.filter(source_id=str(source_id))
    return grants.update(revoked_at=timezone.now())
