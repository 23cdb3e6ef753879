"""The marketplace's fixed lists (served by /api/config/*): genres, formats, budgets, stages."""

from __future__ import annotations

from typing import Any

GENRES: list[str] = [
    "Action",
    "Adventure",
    "Animation",
    "Biography",
    "Comedy",
    "Coming of Age",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "Historical",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Science Fiction",
    "Sports",
    "Thriller",
    "War",
    "Western",
    "Other",
]

FORMAT_CATEGORIES: dict[str, list[str]] = {
    "Television - Scripted": ["Drama Series", "Comedy Series", "Limited Series", "Custom Format"],
    "Television - Unscripted": ["Docuseries", "Reality", "Game Show", "Custom Format"],
    "Film": ["Feature Film", "Short Film", "Documentary Feature", "Custom Format"],
    "Animation (Series)": ["Kids Animation", "Adult Animation", "Custom Format"],
    "Audio": ["Podcast Series", "Audio Drama", "Custom Format"],
    "Digital / Emerging": ["Web Series", "Vertical Series", "Interactive", "Custom Format"],
    "Stage-to-Screen": ["Stage Adaptation", "Custom Format"],
    "AI": ["AI-Generated Film", "AI-Assisted Series", "Custom Format"],
    "Other": ["Custom Format"],
}

# Budget brackets in USD: key, label, lower bound, upper bound (None: open-ended).
BUDGET_RANGES: list[tuple[str, str, int, int | None]] = [
    ("micro", "Under $100K", 0, 100_000),
    ("low", "$100K\u2013$1M", 100_000, 1_000_000),
    ("medium", "$1M\u2013$5M", 1_000_000, 5_000_000),
    ("high", "$5M\u2013$20M", 5_000_000, 20_000_000),
    ("tentpole", "Over $20M", 20_000_000, None),
]

DEVELOPMENT_STAGES: list[tuple[str, str]] = [
    ("pitch", "Pitch"),
    ("treatment", "Treatment"),
    ("script", "Script"),
    ("semi_packaged", "Semi-packaged"),
    ("fully_packaged", "Fully packaged"),
    ("semi_funded", "Semi-funded"),
    ("fully_funded", "Fully funded"),
    ("other", "Other"),
]

BUDGET_KEYS = [key for key, *_ in BUDGET_RANGES]
STAGE_KEYS = [key for key, _ in DEVELOPMENT_STAGES]


def genres() -> list[str]:
    return list(GENRES)


def formats() -> list[dict[str, Any]]:
    return [
        {"value": name, "label": name, "subtypes": subs} for name, subs in FORMAT_CATEGORIES.items()
    ]


def budget_ranges() -> list[dict[str, Any]]:
    return [
        {"value": key, "label": label, "min": low, "max": high}
        for key, label, low, high in BUDGET_RANGES
    ]


def stages() -> list[dict[str, str]]:
    return [{"value": key, "label": label} for key, label in DEVELOPMENT_STAGES]


def bracket_for(amount_usd: float | None) -> str:
    """The budget bracket an amount in USD falls in ('' when unknown)."""
    if amount_usd is None:
        return ""
    for key, _, low, high in BUDGET_RANGES:
        if amount_usd >= low and (high is None or amount_usd < high):
            return key
    return ""


def everything() -> dict[str, Any]:
    return {
        "genres": genres(),
        "formats": formats(),
        "budget_ranges": budget_ranges(),
        "stages": stages(),
    }


def budget_label(key: str) -> str:
    """The label of a budget bracket key ('medium' -> '$1M to $5M' with an en dash); '' when
    unknown."""
    return next((label for k, label, *_ in BUDGET_RANGES if k == key), "")


def stage_label(key: str) -> str:
    """The label of a development stage key ('semi_packaged' -> 'Semi-packaged')."""
    return dict(DEVELOPMENT_STAGES).get(key, "")


# --- the SPA's spellings ------------------------------------------------------------------------
# The original SPA lowercases what it sends (`genreMap`, `formatMap` in pitch.service.ts: 'action',
# 'scifi', 'feature', 'tv' ...); values are matched whatever their case, spacing or hyphens, and
# stored in the spelling of the lists above.
GENRE_ALIASES = {"scifi": "Science Fiction", "sf": "Science Fiction", "biopic": "Biography"}
FORMAT_ALIASES = {
    "feature": "Feature Film",
    "film": "Feature Film",
    "short": "Short Film",
    "tv": "TV Series",
    "tvseries": "TV Series",
    "webseries": "Web Series",
    "documentary": "Documentary Feature",
}
SUBTYPES = sorted({sub for subs in FORMAT_CATEGORIES.values() for sub in subs})


def _squash(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def _match(value: str, choices: list[str], aliases: dict[str, str] | None = None) -> str | None:
    """The choice `value` names (case, spaces, hyphens and underscores ignored), or None."""
    wanted = _squash(value)
    for choice in choices:
        if _squash(choice) == wanted:
            return choice
    return (aliases or {}).get(wanted)


def normalise_genre(value: str) -> str | None:
    return _match(value, GENRES, GENRE_ALIASES)


def normalise_format_category(value: str) -> str | None:
    return _match(value, list(FORMAT_CATEGORIES))


def normalise_format(value: str) -> str:
    """A known subtype or alias in its listed spelling; any other free text as sent."""
    return _match(value, SUBTYPES, FORMAT_ALIASES) or value


def normalise_stage(value: str) -> str | None:
    """A development stage key from its key or label in any case ('SCRIPT', 'Semi-packaged')."""
    by_label = {_squash(label): key for key, label in DEVELOPMENT_STAGES}
    return _match(value, STAGE_KEYS) or by_label.get(_squash(value))
