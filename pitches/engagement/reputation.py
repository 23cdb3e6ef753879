"""Creator trust tiers, earned from facts the platform holds and never lowered by the job.

    silver: a verified identity (accounts.identity), or at least one sealed pitch (published with
            a provenance hash) and one honoured NDA
    gold:   at least two sealed pitches and three honoured NDAs, or one closed deal

A fact is a count per creator. Pitches counts sealed pitches itself; the apps that own the other
facts (NDAs honoured, deals closed) sit above pitches, so they hand their counters over at start-up
with `provide_fact(...)` from `AppConfig.ready()`. A fact nobody provides counts 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from analytics.services import record_activity
from pitches.engagement.models import CreatorReputation
from pitches.models import Pitch
from pitchey.errors import DomainError, NotAllowed

if TYPE_CHECKING:
    from collections.abc import Sequence

FactReader = Callable[[list[int]], dict[int, int]]
FACTS: dict[str, FactReader] = {}
RANK = {
    CreatorReputation.Tier.GREY: 0,
    CreatorReputation.Tier.SILVER: 1,
    CreatorReputation.Tier.GOLD: 2,
}


def provide_fact(name: str, reader: FactReader) -> None:
    """Register the counter of one fact (`honoured_ndas`, `closed_deals`); called once per app."""
    FACTS[name] = reader


def sealed_pitches(creator_ids: list[int]) -> dict[int, int]:
    """Published pitches with a provenance hash, per creator."""
    rows = (
        Pitch.objects.published()
        .filter(owner_id__in=creator_ids)
        .exclude(content_hash="")
        .values("owner_id")
        .annotate(n=Count("pk"))
    )
    return {row["owner_id"]: row["n"] for row in rows}


provide_fact("sealed_pitches", sealed_pitches)


def identity_verified(creator_ids: list[int]) -> dict[int, int]:
    """1 for each creator whose identity is verified."""
    verified = User.objects.filter(pk__in=creator_ids, identity_verified_at__isnull=False)
    return dict.fromkeys(verified.values_list("pk", flat=True), 1)


provide_fact("identity_verified", identity_verified)


def tier_for(facts: dict[str, int]) -> str:
    """The tier the facts earn."""
    sealed, ndas = facts.get("sealed_pitches", 0), facts.get("honoured_ndas", 0)
    if (sealed >= 2 and ndas >= 3) or facts.get("closed_deals", 0) >= 1:
        return CreatorReputation.Tier.GOLD
    if (sealed >= 1 and ndas >= 1) or facts.get("identity_verified", 0) >= 1:
        return CreatorReputation.Tier.SILVER
    return CreatorReputation.Tier.GREY


def facts_of(creator_ids: list[int]) -> dict[int, dict[str, int]]:
    """Every provided fact of every creator (one query per fact)."""
    facts: dict[int, dict[str, int]] = {pk: dict.fromkeys(FACTS, 0) for pk in creator_ids}
    for name, reader in FACTS.items():
        for pk, count in reader(creator_ids).items():
            if pk in facts:
                facts[pk][name] = count
    return facts


def recompute_reputation(*, dry_run: bool = False) -> dict[str, int]:
    """Promote every active creator whose facts earn a higher tier; never demote. Returns how
    many were checked and promoted (with `dry_run`, would be)."""
    creator_ids = list(
        User.objects.active().filter(user_type=User.Type.CREATOR).values_list("pk", flat=True)
    )
    facts = facts_of(creator_ids)
    current = {r.user_id: r for r in CreatorReputation.objects.filter(user_id__in=creator_ids)}
    promoted = [pk for pk in creator_ids if _rank_up(current.get(pk), tier_for(facts[pk]))]
    if not dry_run:
        _store(creator_ids, facts, current, set(promoted))
    return {"checked": len(creator_ids), "promoted": len(promoted)}


def _rank_up(record: CreatorReputation | None, earned: str) -> bool:
    held = record.tier if record is not None else CreatorReputation.Tier.GREY
    return RANK[CreatorReputation.Tier(earned)] > RANK[CreatorReputation.Tier(held)]


@transaction.atomic
def _store(
    creator_ids: Sequence[int],
    facts: dict[int, dict[str, int]],
    current: dict[int, CreatorReputation],
    promoted: set[int],
) -> None:
    now = timezone.now()
    rows = []
    for pk in creator_ids:
        record = current.get(pk) or CreatorReputation(user_id=pk)
        record.facts, record.checked_at = facts[pk], now
        if pk in promoted:
            record.tier, record.granted_at = tier_for(facts[pk]), now
        rows.append(record)
    CreatorReputation.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["tier", "facts", "granted_at", "checked_at"],
    )
    for pk in promoted:
        record_activity(current.get(pk) or _reloaded(pk), "pitches.reputation.promoted")


def _reloaded(user_id: int) -> CreatorReputation:
    return CreatorReputation.objects.get(user_id=user_id)


def promote_verified(user: User) -> None:
    """Silver at once for a creator whose identity was just verified (a higher tier stays); runs
    inside the transaction of the verification (accounts.identity.services.on_verified)."""
    if user.user_type != User.Type.CREATOR:
        return
    record, _ = CreatorReputation.objects.select_for_update().get_or_create(user=user)
    if not _rank_up(record, CreatorReputation.Tier.SILVER):
        return
    record.tier, record.granted_at = CreatorReputation.Tier.SILVER, timezone.now()
    record.save(update_fields=["tier", "granted_at"])
    record_activity(record, "pitches.reputation.promoted", data={"reason": "identity_verified"})


@transaction.atomic
def set_trust_tier(*, user: User, tier: str, actor: User) -> CreatorReputation:
    """Staff set a creator's tier by hand (the only way a tier goes down)."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can set a trust tier.")
    if tier not in CreatorReputation.Tier.values:
        raise DomainError("Unknown trust tier.", code="VALIDATION_ERROR")
    record, _ = CreatorReputation.objects.select_for_update().get_or_create(user=user)
    record.tier, record.granted_at, record.set_by_staff = tier, timezone.now(), True
    record.save(update_fields=["tier", "granted_at", "set_by_staff"])
    record_activity(record, "pitches.reputation.set", actor=actor, data={"tier": tier})
    return record


def tiers_of(user_ids: Iterable[int]) -> dict[int, str]:
    """The tier of each user (grey when none was earned); one query."""
    ids = list(user_ids)
    held = dict(CreatorReputation.objects.filter(user_id__in=ids).values_list("user_id", "tier"))
    return {pk: held.get(pk, CreatorReputation.Tier.GREY) for pk in ids}


def badge_label(tier: str) -> dict[str, Any]:
    return {"tier": tier, "label": CreatorReputation.Tier(tier).label}
