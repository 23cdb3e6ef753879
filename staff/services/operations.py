"""Operations shared by the staff API, the admin site and management commands: heat/trending
and reputation recomputation, credit grants and revocations. Each calls the owning app's
service and leaves an audit entry naming the staff member."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from analytics import record_activity
from billing import services as billing_services
from billing.models import CreditEntry
from pitches.engagement.heat import refresh_heat_scores
from pitches.engagement.reputation import recompute_reputation


def recalculate_heat(*, actor: User | None, dry_run: bool = False) -> dict[str, Any]:
    """Recompute every published pitch's heat (and so the trending order) now."""
    hot = refresh_heat_scores(dry_run=dry_run)
    if actor is not None and not dry_run:
        record_activity(actor, "staff.operations.heat_recalculated", actor=actor, data={"hot": hot})
    return {"pitches_with_heat": hot, "dry_run": dry_run}


def recompute_reputations(*, actor: User | None, dry_run: bool = False) -> dict[str, Any]:
    """Promote creators whose facts earn a higher trust tier (never demotes)."""
    result = dict(recompute_reputation(dry_run=dry_run))
    if actor is not None and not dry_run:
        record_activity(actor, "staff.operations.reputation_recomputed", actor=actor, data=result)
    return {**result, "dry_run": dry_run}


def grant_credits(*, user: User, amount: int, reason: str, actor: User) -> CreditEntry | None:
    return billing_services.grant_credits(user=user, amount=amount, reason=reason, actor=actor)


def revoke_credits(*, user: User, amount: int, reason: str, actor: User) -> CreditEntry:
    return billing_services.revoke_credits(user=user, amount=amount, reason=reason, actor=actor)
