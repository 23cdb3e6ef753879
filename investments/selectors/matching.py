"""Match scores: opportunities for an investor, and the reverse, investors for a pitch.

The opportunity score is the technical reference's (section 3.2.1): +0.30 when the pitch's
genre is in the thesis, +0.40 when its budget bracket is, plus popularity `views / 1000 * 0.3`,
capped here at 0.30 so views alone never outrank a fit. A budget counts only where the viewer
may see it (the creator shows it, or the viewer holds access), so a score never reveals a
hidden budget. Each score comes with its parts and a reason per part.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least

from investments.models import InvestmentThesis
from pitches import config
from pitches.models import Pitch, PitchAccess, SavedPitch

if TYPE_CHECKING:
    from accounts.models import User

GENRE_WEIGHT = Decimal("0.30")
BUDGET_WEIGHT = Decimal("0.40")
POPULARITY_PER_VIEW = Decimal("0.0003")  # 0.3 per 1,000 views
POPULARITY_CAP = Decimal("0.30")
# Investors for a pitch: the same fit, with the stage and format in place of popularity.
STAGE_WEIGHT = Decimal("0.15")
FORMAT_WEIGHT = Decimal("0.15")
SCORE = DecimalField(max_digits=6, decimal_places=4)
BUDGET_LABELS = {key: label for key, label, *_ in config.BUDGET_RANGES}
STAGE_LABELS = dict(config.DEVELOPMENT_STAGES)


def thesis_of(user: User) -> InvestmentThesis | None:
    return InvestmentThesis.objects.filter(investor=user).first()


def _budget_visible(user: User) -> Q:
    granted = PitchAccess.objects.live().filter(user=user, pitch=OuterRef("pk"))
    return Q(visibility_settings__show_budget=True) | Q(Exists(granted))


def opportunities(user: User, thesis: InvestmentThesis | None) -> QuerySet[Pitch]:
    """Published pitches seeking investment, not the user's own, with `match_score` and its
    parts annotated, best first (one query per page)."""
    genres = list(thesis.genres) if thesis else []
    brackets = list(thesis.budget_brackets) if thesis else []
    genre_part = Case(
        When(genre__in=genres, then=Value(GENRE_WEIGHT)),
        default=Value(Decimal(0)),
        output_field=SCORE,
    )
    budget_part = Case(
        When(Q(budget_bracket__in=brackets) & _budget_visible(user), then=Value(BUDGET_WEIGHT)),
        default=Value(Decimal(0)),
        output_field=SCORE,
    )
    popularity = Least(
        ExpressionWrapper(F("view_count") * Value(POPULARITY_PER_VIEW), output_field=SCORE),
        Value(POPULARITY_CAP),
        output_field=SCORE,
    )
    return (
        Pitch.objects.published()
        .filter(seeking_investment=True, owner__is_active=True)
        .exclude(owner=user)
        .annotate(genre_part=genre_part, budget_part=budget_part, popularity_part=popularity)
        .annotate(match_score=F("genre_part") + F("budget_part") + F("popularity_part"))
        .order_by("-match_score", "-published_at", "-id")
    )


def explain(pitch: Any) -> dict[str, Any]:
    """The score of an annotated opportunity with its parts and a reason for each."""
    parts = []
    if pitch.genre_part:
        parts.append(
            {
                "factor": "genre",
                "points": pitch.genre_part,
                "reason": f"Genre {pitch.genre} matches your thesis +{pitch.genre_part:.2f}",
            }
        )
    if pitch.budget_part:
        label = BUDGET_LABELS.get(pitch.budget_bracket, pitch.budget_bracket)
        parts.append(
            {
                "factor": "budget",
                "points": pitch.budget_part,
                "reason": f"Budget bracket {label} matches +{pitch.budget_part:.2f}",
            }
        )
    if pitch.popularity_part:
        capped = " (capped)" if pitch.popularity_part >= POPULARITY_CAP else ""
        parts.append(
            {
                "factor": "popularity",
                "points": pitch.popularity_part,
                "reason": (
                    f"Popular: {pitch.view_count:,} views +{pitch.popularity_part:.2f}{capped}"
                ),
            }
        )
    score = (pitch.genre_part + pitch.budget_part + pitch.popularity_part).quantize(Decimal("0.01"))
    return {"score": score, "percent": int(score * 100), "parts": parts}


def investors_for(pitch: Pitch, *, limit: int = 20) -> list[dict[str, Any]]:
    """Investors whose public thesis fits `pitch`, best first, with the reasons (one query).
    The pitch's budget counts only when its creator shows it, as the list is public."""
    shows_budget = pitch.shows("show_budget")
    theses = (
        InvestmentThesis.objects.public()
        .exclude(investor_id=pitch.owner_id)
        .select_related("investor")
        .filter(
            Q(genres__contains=[pitch.genre])
            | Q(stages__contains=[pitch.development_stage])
            | Q(formats__contains=[pitch.format_category])
            | (Q(budget_brackets__contains=[pitch.budget_bracket]) if shows_budget else Q(pk=None))
        )
        .order_by("-updated_at")[:200]
    )
    matches: list[dict[str, Any]] = []
    for thesis in theses:
        parts = []
        if pitch.genre and pitch.genre in thesis.genres:
            parts.append(("genre", GENRE_WEIGHT, f"Invests in {pitch.genre}"))
        if shows_budget and pitch.budget_bracket and pitch.budget_bracket in thesis.budget_brackets:
            label = BUDGET_LABELS.get(pitch.budget_bracket, pitch.budget_bracket)
            parts.append(("budget", BUDGET_WEIGHT, f"Backs {label} budgets"))
        if pitch.development_stage and pitch.development_stage in thesis.stages:
            stage = STAGE_LABELS.get(pitch.development_stage, pitch.development_stage)
            parts.append(("stage", STAGE_WEIGHT, f"Looks for projects at {stage} stage"))
        if pitch.format_category and pitch.format_category in thesis.formats:
            parts.append(("format", FORMAT_WEIGHT, f"Invests in {pitch.format_category}"))
        if not parts:
            continue
        score = sum((points for _, points, _ in parts), Decimal(0))
        investor = thesis.investor
        matches.append(
            {
                "id": investor.pk,
                "investor_id": investor.pk,
                "name": investor.display_name,
                "company_name": investor.company_name,
                "profile_image": investor.profile_image_url,
                "match_score": score,
                "match_percent": int(score * 100),
                "reasons": [reason for *_, reason in parts],
                "parts": [{"factor": f, "points": p, "reason": r} for f, p, r in parts],
                "thesis": public_thesis(thesis),
            }
        )
    matches.sort(key=lambda m: (-m["match_score"], m["name"]))
    return matches[:limit]


def public_thesis(thesis: InvestmentThesis) -> dict[str, Any]:
    """The part of a thesis shown to others (never the ticket sizes)."""
    return {
        "genres": list(thesis.genres),
        "formats": list(thesis.formats),
        "stages": list(thesis.stages),
        "budget_brackets": list(thesis.budget_brackets),
        "deal_types": list(thesis.deal_types),
        "territories": list(thesis.territories),
        "themes": list(thesis.themes),
        "positioning": thesis.summary,
        "is_public": thesis.is_public,
    }


def brackets_between(low: Decimal | None, high: Decimal | None) -> list[str]:
    """The budget brackets whose range overlaps `low`..`high` (either end may be open)."""
    picked = []
    for key, _, bottom, top in config.BUDGET_RANGES:
        above_low = low is None or top is None or top > low
        below_high = high is None or bottom < high
        if above_low and below_high:
            picked.append(key)
    return picked


def filtered(ranked: QuerySet[Pitch], user: User, params: dict[str, Any]) -> QuerySet[Pitch]:
    """The opportunity filters: genre, stage, a budget range (only where the budget may be
    seen), a minimum score, and the order."""
    if params.get("genre"):
        ranked = ranked.filter(genre__iexact=params["genre"])
    if params.get("stage"):
        ranked = ranked.filter(development_stage=params["stage"])
    low, high = params.get("min_investment"), params.get("max_investment")
    if low is not None or high is not None:
        ranked = ranked.filter(_budget_visible(user))
        if low is not None:
            ranked = ranked.filter(estimated_budget_usd__gte=low)
        if high is not None:
            ranked = ranked.filter(estimated_budget_usd__lte=high)
    if params.get("min_score") is not None:
        ranked = ranked.filter(**{"match_score__gte": params["min_score"]})
    order = {
        "views": ("-view_count", "-id"),
        "popular": ("-view_count", "-id"),
        "newest": ("-published_at", "-id"),
    }.get(params.get("sort_by") or "match")
    return ranked.order_by(*order) if order else ranked


def new_pitches_for(user: User, *, limit: int) -> list[Pitch]:
    """The investor home's "for you": newest published pitches whose genre, format, stage or
    (visible) budget bracket is in the investor's thesis, not their own and not yet saved, best
    fit first; empty without a thesis. Two queries."""
    thesis = thesis_of(user)
    if thesis is None:
        return []
    fit = Q(genre__in=thesis.genres) | Q(format_category__in=thesis.formats)
    fit |= Q(development_stage__in=thesis.stages)
    fit |= Q(budget_bracket__in=thesis.budget_brackets) & _budget_visible(user)
    saved = SavedPitch.objects.filter(user=user).values("pitch_id")
    genre_part = Case(
        When(genre__in=thesis.genres, then=Value(GENRE_WEIGHT)),
        default=Value(Decimal(0)),
        output_field=SCORE,
    )
    rows = (
        Pitch.objects.published()
        .filter(fit, owner__is_active=True)
        .exclude(owner=user)
        .exclude(pk__in=saved)
        .annotate(fit=genre_part)
        .select_related("owner")
        .order_by("-fit", "-published_at", "-id")
    )
    return list(rows[:limit])
