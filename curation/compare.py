"""Side-by-side comparison of two to four pitches, creators or slates. Every figure comes from the
public part of published pitches: a hidden budget, hidden media or a hidden creator name never
enters a comparison, and the same comparison is what its share link shows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Max, Q, Sum

from accounts.models import User
from curation.models import SavedComparison
from curation.selectors import comparable_slates
from pitches.engagement.reputation import tiers_of
from pitches.models import Pitch

KINDS = SavedComparison.Kind.values
PUBLIC_BUDGET = Q(visibility_settings__show_budget=True)


def _budget(pitch: Pitch) -> float | None:
    if not pitch.shows("show_budget") or pitch.estimated_budget_usd is None:
        return None
    return float(pitch.estimated_budget_usd)


def _pitch_subjects(viewer: User | AnonymousUser, ids: list[int]) -> dict[int, dict[str, Any]]:
    rows = Pitch.objects.published().filter(pk__in=ids).select_related("owner")
    pitches = list(rows)
    tiers = tiers_of(p.owner_id for p in pitches if p.shows("show_creator_name"))
    subjects = {}
    for pitch in pitches:
        named, budget = pitch.shows("show_creator_name"), _budget(pitch)
        subjects[pitch.pk] = {
            "subject_id": pitch.pk,
            "name": pitch.title,
            "subtitle": pitch.owner.display_name if named else None,
            "thumbnail": (pitch.title_image or None) if pitch.shows("show_media") else None,
            "verification_tier": tiers.get(pitch.owner_id) if named else None,
            "genre": pitch.genre,
            "format": pitch.format_category or pitch.format,
            "logline": pitch.logline,
            "pitch_count": None,
            "avg_heat": round(pitch.trending_score, 1),
            "avg_pitchey": float(pitch.rating_average) if pitch.rating_count else None,
            "rating_count": pitch.rating_count,
            "total_views": pitch.view_count,
            "total_likes": pitch.like_count,
            "budget_min": budget,
            "budget_max": budget,
            "newest_at": pitch.published_at,
            "genres": [pitch.genre] if pitch.genre else [],
            "url": pitch.get_absolute_url(),
        }
    return subjects


def _aggregates(prefix: str) -> dict[str, Any]:
    live = Q(**{f"{prefix}status": Pitch.Status.PUBLISHED})
    rated = live & Q(**{f"{prefix}rating_count__gt": 0})
    shown = live & Q(**{f"{prefix}visibility_settings__show_budget": True})
    return {
        "pitch_count": Count(f"{prefix}pk", filter=live, distinct=True),
        "avg_heat": Avg(f"{prefix}trending_score", filter=live),
        "avg_pitchey": Avg(f"{prefix}rating_average", filter=rated),
        "total_views": Sum(f"{prefix}view_count", filter=live),
        "total_likes": Sum(f"{prefix}like_count", filter=live),
        "newest_at": Max(f"{prefix}published_at", filter=live),
        "budget_max": Max(f"{prefix}estimated_budget_usd", filter=shown),
    }


def _figures(row: Any) -> dict[str, Any]:
    return {
        "pitch_count": row.pitch_count,
        "avg_heat": round(float(row.avg_heat), 1) if row.avg_heat is not None else None,
        "avg_pitchey": round(float(row.avg_pitchey), 1) if row.avg_pitchey is not None else None,
        "total_views": row.total_views or 0,
        "total_likes": row.total_likes or 0,
        "budget_max": float(row.budget_max) if row.budget_max is not None else None,
        "newest_at": row.newest_at,
    }


def _creator_subjects(viewer: User | AnonymousUser, ids: list[int]) -> dict[int, dict[str, Any]]:
    people = list(
        User.objects.visible_to(viewer)
        .filter(pk__in=ids, user_type__in=[User.Type.CREATOR, User.Type.PRODUCTION])
        .annotate(**_aggregates("pitches__"))
    )
    genres = _genres(Pitch.objects.published().filter(owner_id__in=ids), "owner_id")
    tiers = tiers_of(u.pk for u in people)
    return {
        u.pk: {
            "subject_id": u.pk,
            "name": u.display_name,
            "username": u.username,
            "user_type": u.user_type,
            "avatar": u.profile_image_url or u.avatar_url or None,
            "verification_tier": tiers[u.pk],
            **_figures(u),
            "budget_min": genres.get(u.pk, {}).get("budget_min"),
            "genres": genres.get(u.pk, {}).get("genres", []),
            "url": f"/portfolio/{u.pk}/",
        }
        for u in people
    }


def _genres(pitches: Any, key: str) -> dict[int, dict[str, Any]]:
    """Genres and the lowest shown budget per `key` (one query)."""
    result: dict[int, dict[str, Any]] = {}
    rows = pitches.values(key, "genre", "estimated_budget_usd", "visibility_settings")
    for row in rows:
        entry = result.setdefault(row[key], {"genres": [], "budget_min": None})
        if row["genre"] and row["genre"] not in entry["genres"]:
            entry["genres"].append(row["genre"])
        shown = (row["visibility_settings"] or {}).get("show_budget")
        budget = row["estimated_budget_usd"]
        if shown and budget is not None and budget > 0:
            low = entry["budget_min"]
            entry["budget_min"] = float(budget) if low is None else min(low, float(budget))
    for entry in result.values():
        entry["genres"].sort()
    return result


def _slate_subjects(viewer: User | AnonymousUser, ids: list[int]) -> dict[int, dict[str, Any]]:
    slates = list(
        comparable_slates(viewer)
        .filter(pk__in=ids)
        .select_related("owner")
        .annotate(**_aggregates("entries__pitch__"))
    )
    pitches = Pitch.objects.published().filter(slate_entries__slate_id__in=ids)
    genres = _genres(pitches.annotate(slate_key=F("slate_entries__slate_id")), "slate_key")
    tiers = tiers_of(s.owner_id for s in slates)
    return {
        s.pk: {
            "subject_id": s.pk,
            "name": s.title,
            "subtitle": s.owner.display_name,
            "thumbnail": s.cover_image or None,
            "verification_tier": tiers[s.owner_id],
            **_figures(s),
            "budget_min": genres.get(s.pk, {}).get("budget_min"),
            "genres": genres.get(s.pk, {}).get("genres", []),
            "url": s.get_absolute_url(),
        }
        for s in slates
    }


def subjects(
    kind: str, ids: list[int], viewer: User | AnonymousUser | None = None
) -> list[dict[str, Any]]:
    """The subjects in the order asked for (at most four, unknown or hidden ones left out), in a
    fixed number of queries whatever their number."""
    unique = list(dict.fromkeys(ids))[: SavedComparison.MAX_SUBJECTS]
    if not unique:
        return []
    reader = {"pitch": _pitch_subjects, "creator": _creator_subjects, "slate": _slate_subjects}[
        kind
    ]
    found = reader(viewer or AnonymousUser(), unique)
    return [found[pk] for pk in unique if pk in found]
