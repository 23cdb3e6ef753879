"""Reads of ratings, feedback and comments, each in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)

from accounts.models import User
from pitches.engagement import scores
from pitches.engagement.models import (
    PitchComment,
    PitchConsumption,
    PitchFeedback,
    PitchRating,
)
from pitches.models import Pitch

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

INDUSTRY = ("creator", "investor", "production", "admin")
AUDIENCE = ("viewer", "anonymous")


def _product() -> ExpressionWrapper:
    return ExpressionWrapper(
        F("score") * F("weight"), output_field=DecimalField(max_digits=8, decimal_places=2)
    )


def rating_summary(pitch: Pitch) -> dict[str, Any]:
    """The Pitchey Score with its parts: the weighted means of industry and audience ratings,
    the count and the 1-10 distribution (one query)."""
    industry, audience = Q(role__in=INDUSTRY), Q(role__in=AUDIENCE)
    row = PitchRating.objects.filter(pitch=pitch).aggregate(
        weighted=Sum(_product()),
        weights=Sum("weight"),
        count=Count("pk"),
        industry_weighted=Sum(_product(), filter=industry),
        industry_weights=Sum("weight", filter=industry),
        audience_weighted=Sum(_product(), filter=audience),
        audience_weights=Sum("weight", filter=audience),
        **{f"d{n}": Count("pk", filter=Q(score=n)) for n in range(1, 11)},
    )

    def mean(prefix: str) -> float:
        return float(
            scores.weighted_mean(
                row[f"{prefix}weighted"] or Decimal(0), row[f"{prefix}weights"] or Decimal(0)
            )
        )

    return {
        "pitchey_score": float(
            scores.bayesian(row["weighted"] or Decimal(0), row["weights"] or Decimal(0))
        ),
        "avg_rating": mean(""),
        "industry_score": mean("industry_"),
        "viewer_score": mean("audience_"),
        "total_reviews": row["count"],
        "rating_count": row["count"],
        "distribution": [row[f"d{n}"] for n in range(1, 11)],
    }


def rating_of(pitch: Pitch, *, user: User | AnonymousUser, anonymous_key: str = "") -> int | None:
    """The score the viewer (or visitor) gave the pitch, if any."""
    rows = PitchRating.objects.filter(pitch=pitch)
    if user.is_authenticated:
        rows = rows.filter(rater=user)
    elif anonymous_key:
        rows = rows.filter(rater__isnull=True, anonymous_key=anonymous_key)
    else:
        return None
    return rows.values_list("score", flat=True).first()


def feedback_entries(pitch: Pitch) -> QuerySet[PitchFeedback]:
    """The pitch's feedback, newest first, with each author and the author's rating (one query)."""
    author_rating = PitchRating.objects.filter(pitch=OuterRef("pitch"), rater=OuterRef("author"))
    return (
        PitchFeedback.objects.filter(pitch=pitch)
        .select_related("author")
        .annotate(rating=Subquery(author_rating.values("score")[:1]))
        .order_by("-created_at", "-id")
    )


def my_feedback(pitch: Pitch, user: User | AnonymousUser) -> PitchFeedback | None:
    return feedback_entries(pitch).filter(author_id=getattr(user, "pk", None)).first()


def feedback_aggregate(entries: list[PitchFeedback]) -> dict[str, Any]:
    """What the creator's feedback tab sums up: counts, interest and the most named points."""
    interested = sum(1 for e in entries if e.is_interested)
    by_role: dict[str, int] = {}
    for entry in entries:
        by_role[entry.author_role] = by_role.get(entry.author_role, 0) + 1
    return {
        "total_feedback": len(entries),
        "interested_count": interested,
        "by_reviewer_type": by_role,
        "top_strengths": _top(entry.strengths for entry in entries),
        "top_weaknesses": _top(entry.weaknesses for entry in entries),
    }


def _top(lists: Any, n: int = 5) -> list[dict[str, Any]]:
    counts: dict[str, tuple[str, int]] = {}
    for items in lists:
        for item in items:
            key = item.strip().lower()
            label, count = counts.get(key, (item.strip(), 0))
            counts[key] = (label, count + 1)
    ranked = sorted(counts.values(), key=lambda pair: (-pair[1], pair[0]))
    return [{"text": label, "count": count} for label, count in ranked[:n]]


def seconds_spent(pitch: Pitch, user: User | AnonymousUser) -> int:
    """The reading time the server counted for `user` on `pitch` (without moving the clock)."""
    if not user.is_authenticated:
        return 0
    rows = PitchConsumption.objects.filter(pitch=pitch, viewer=user)
    return rows.values_list("seconds", flat=True).first() or 0


def comment_thread(pitch: Pitch) -> QuerySet[PitchComment]:
    """Top-level comments, newest first, each with its author and its replies (oldest first) in
    one more query for the whole page."""
    replies = PitchComment.objects.select_related("author").order_by("created_at", "id")
    return (
        PitchComment.objects.on(pitch)
        .top_level()
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-created_at", "-id")
    )


def comment_count(pitch: Pitch) -> int:
    return PitchComment.objects.on(pitch).live().count()


def comment_on(pitch: Pitch, comment_id: int) -> PitchComment | None:
    """A comment of `pitch` by id (None when missing or on another pitch)."""
    return (
        PitchComment.objects.on(pitch)
        .select_related("author", "pitch")
        .filter(pk=comment_id)
        .first()
    )


def by_heat(*, genre: str = "", format: str = "", hot_only: bool = True) -> QuerySet[Pitch]:
    """Published pitches hottest first; with `hot_only`, only those with any heat."""
    rows = Pitch.objects.published()
    if hot_only:
        rows = rows.filter(trending_score__gt=0)
    if genre:
        rows = rows.filter(genre__iexact=genre)
    if format:
        rows = rows.filter(Q(format_category__iexact=format) | Q(format__iexact=format))
    return rows.order_by("-trending_score", "-published_at", "-id")
