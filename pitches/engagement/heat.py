"""Heat: how much attention a pitch draws right now, 0 to 100. It is the one trending mechanism:
the job stores it in `Pitch.trending_score`, which the trending tab, `/api/pitches/hot` and
the badges read.

    heat = 0.45 engagement + 0.25 rating + 0.20 interest + 0.10 freshness

engagement: views (1), likes (1.5), saves (2), comments (2) and feedback (3) of the last 90 days,
each times its author's role weight (the Pitchey Score's: production 4 ... visitor 0.25) and
halved every 14 days, capped at 100; the owner's own activity does not count.
rating: the Pitchey Score times 10 (0 until someone rates). interest: 10 per NDA, capped at 100.
freshness: 100 at publication, falling to 0 over 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    Model,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Power
from django.utils import timezone

from pitches import cache as list_cache
from pitches.engagement import scores
from pitches.engagement.models import PitchComment, PitchFeedback
from pitches.models import Pitch, PitchLike, PitchView, SavedPitch

HALF_LIFE_DAYS = 14
WINDOW_DAYS = 90
FRESHNESS_DAYS = 90
WEIGHTS = {"engagement": 0.45, "rating": 0.25, "interest": 0.20, "freshness": 0.10}
HOT = 60.0
TRENDING = 35.0


@dataclass(frozen=True)
class Source:
    model: type[Model]
    user_field: str
    weight: float
    live: Q | None = None


SOURCES = (
    Source(PitchView, "viewer", 1.0),
    Source(PitchLike, "user", 1.5),
    Source(SavedPitch, "user", 2.0),
    Source(PitchComment, "author", 2.0, Q(removed_at__isnull=True)),
    Source(PitchFeedback, "author", 3.0),
)


def badge(score: float) -> str | None:
    """ "hot", "trending" or None for a heat score."""
    if score >= HOT:
        return "hot"
    if score >= TRENDING:
        return "trending"
    return None


def _age_seconds(now: datetime) -> Func:
    return Func(
        Value(now) - F("created_at"),
        template="EXTRACT(EPOCH FROM %(expressions)s)",
        output_field=FloatField(),
    )


def _role_weight(user_field: str) -> Case:
    role = f"{user_field}__user_type"
    return Case(
        *(When(**{role: name}, then=Value(float(w))) for name, w in scores.ROLE_WEIGHTS.items()),
        When(
            **{f"{user_field}__isnull": True}, then=Value(float(scores.ROLE_WEIGHTS["anonymous"]))
        ),
        default=Value(float(scores.ROLE_WEIGHTS["viewer"])),
        output_field=FloatField(),
    )


def _decayed(source: Source, pitches: QuerySet[Pitch], now: datetime) -> dict[int, float]:
    decay = Power(Value(0.5), _age_seconds(now) / Value(HALF_LIFE_DAYS * 86400.0))
    rows = (
        source.model._default_manager.filter(
            source.live or Q(),
            pitch__in=pitches,
            created_at__gte=now - timedelta(days=WINDOW_DAYS),
        )
        .exclude(**{f"{source.user_field}_id": F("pitch__owner_id")})
        .values("pitch_id")
        .annotate(heat=Sum(_role_weight(source.user_field) * decay * Value(source.weight)))
    )
    return {row["pitch_id"]: float(row["heat"] or 0) for row in rows}


def components(
    pitches: QuerySet[Pitch], now: datetime | None = None
) -> dict[int, dict[str, float]]:
    """The four parts of heat (each 0-100) of every pitch in `pitches` (one query per source)."""
    now = now or timezone.now()
    engagement: dict[int, float] = {}
    for source in SOURCES:
        for pitch_id, value in _decayed(source, pitches, now).items():
            engagement[pitch_id] = engagement.get(pitch_id, 0.0) + value
    rows = pitches.annotate(
        score=Cast("rating_average", FloatField()),
    ).values_list("pk", "score", "rating_count", "nda_count", "published_at")
    parts = {}
    for pk, score, rated, ndas, published in rows:
        age_days = (now - published).total_seconds() / 86400 if published else FRESHNESS_DAYS
        parts[pk] = {
            "engagement": min(100.0, engagement.get(pk, 0.0)),
            "rating": score * 10 if rated else 0.0,
            "interest": min(100.0, ndas * 10.0),
            "freshness": max(0.0, 1 - age_days / FRESHNESS_DAYS) * 100,
        }
    return parts


def heat_of(parts: dict[str, float]) -> float:
    return round(sum(WEIGHTS[name] * value for name, value in parts.items()), 2)


def refresh_heat_scores(*, dry_run: bool = False, now: datetime | None = None) -> int:
    """Recompute the heat of every published pitch (others drop to 0); returns how many
    published pitches have heat above 0. With `dry_run`, counts and writes nothing."""
    now = now or timezone.now()
    published = Pitch.objects.published()
    heats = {pk: heat_of(parts) for pk, parts in components(published, now).items()}
    if dry_run:
        return sum(1 for value in heats.values() if value > 0)
    with transaction.atomic():
        Pitch.objects.exclude(status=Pitch.Status.PUBLISHED).filter(trending_score__gt=0).update(
            trending_score=0
        )
        batch = [Pitch(pk=pk, trending_score=value) for pk, value in heats.items()]
        Pitch.objects.bulk_update(batch, ["trending_score"], batch_size=1000)
        transaction.on_commit(list_cache.invalidate_lists)
    return sum(1 for value in heats.values() if value > 0)


def breakdown(pitch: Pitch) -> dict[str, Any]:
    """One pitch's heat as stored, what it is made of right now, and its last week's counts."""
    now = timezone.now()
    parts = components(Pitch.objects.filter(pk=pitch.pk), now).get(pitch.pk, {})
    week = now - timedelta(days=7)
    return {
        "pitch_id": pitch.pk,
        "heat_score": round(pitch.trending_score, 2),
        "heat_badge": badge(pitch.trending_score),
        "current_heat": heat_of(parts) if parts else 0.0,
        "components": {name: round(value, 2) for name, value in parts.items()},
        "weights": WEIGHTS,
        "view_count": pitch.view_count,
        "like_count": pitch.like_count,
        "save_count": pitch.save_count,
        "views_7d": pitch.views.filter(created_at__gte=week).count(),
        "likes_7d": pitch.likes.filter(created_at__gte=week).count(),
    }
