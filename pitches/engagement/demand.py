"""Audience demand: what watchers back before the industry weighs in, and which genres and
formats are rising in views and saves. Public figures only: no protected field is read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, F, IntegerField, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from pitches.models import Pitch, PitchLike, PitchView, SavedPitch

AUDIENCE_DAYS = 30
RISING_DAYS = 7


def _watcher_count(model: type[Model], user_field: str, since: Any) -> Coalesce:
    rows = (
        model._default_manager.filter(
            pitch=OuterRef("pk"), created_at__gte=since, **{f"{user_field}__user_type": "viewer"}
        )
        .values("pitch")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def audience_pitches(limit: int) -> list[dict[str, Any]]:
    """Published pitches ranked by the last month's watcher likes (x2), saves (x3) and views,
    with the public part of each pitch (one query)."""
    since = timezone.now() - timedelta(days=AUDIENCE_DAYS)
    ranked = (
        Pitch.objects.published()
        .select_related("owner")
        .annotate(
            watcher_likes=_watcher_count(PitchLike, "user", since),
            watcher_saves=_watcher_count(SavedPitch, "user", since),
            watcher_views=_watcher_count(PitchView, "viewer", since),
        )
        .annotate(
            audience_score=F("watcher_likes") * 2 + F("watcher_saves") * 3 + F("watcher_views")
        )
        .filter(audience_score__gt=0)
        .order_by("-audience_score", "-id")[:limit]
    )
    return [_demand_card(pitch) for pitch in ranked]


def _demand_card(pitch: Any) -> dict[str, Any]:
    named = pitch.shows("show_creator_name")
    return {
        "id": pitch.pk,
        "slug": pitch.slug,
        "title": pitch.title,
        "genre": pitch.genre,
        "format": pitch.format_category or pitch.format,
        "cover_image": pitch.title_image if pitch.shows("show_media") else "",
        "creator_username": pitch.owner.username if named else None,
        "creator_name": pitch.owner.display_name if named else None,
        "watcher_likes": pitch.watcher_likes,
        "watcher_saves": pitch.watcher_saves,
        "watcher_views": pitch.watcher_views,
        "audience_score": pitch.audience_score,
    }


def rising(field: str) -> list[dict[str, Any]]:
    """Genres (`field="genre"`) or formats (`"format_category"`) whose views plus twice their
    saves grew most from the previous week to this one (two queries)."""
    now = timezone.now()
    week, fortnight = now - timedelta(days=RISING_DAYS), now - timedelta(days=2 * RISING_DAYS)
    totals: dict[str, dict[str, int]] = {}
    for model, factor in ((PitchView, 1), (SavedPitch, 2)):
        rows = (
            model._default_manager.filter(
                pitch__status=Pitch.Status.PUBLISHED, created_at__gte=fortnight
            )
            .exclude(**{f"pitch__{field}": ""})
            .values(f"pitch__{field}")
            .annotate(
                recent=Count("pk", filter=Q(created_at__gte=week)),
                previous=Count("pk", filter=Q(created_at__lt=week)),
            )
        )
        for row in rows:
            entry = totals.setdefault(row[f"pitch__{field}"], {"recent": 0, "previous": 0})
            entry["recent"] += row["recent"] * factor
            entry["previous"] += row["previous"] * factor
    ranked = [
        {
            "name": name,
            "recent": counts["recent"],
            "previous": counts["previous"],
            "growth": round(
                (counts["recent"] - counts["previous"]) / max(counts["previous"], 1), 2
            ),
        }
        for name, counts in totals.items()
        if counts["recent"] > counts["previous"]
    ]
    return sorted(ranked, key=lambda row: (-row["growth"], -row["recent"], row["name"]))
