"""The arithmetic of the Pitchey Score: role weights and the Bayesian average.

A rating counts as much as its rater's role weighs (anonymous 0.25, watcher 0.5, creator 1,
investor 3, production 4). The score shown and ranked is a Bayesian average that starts from a
prior of PRIOR_WEIGHT weight units at PRIOR_MEAN, so two ratings cannot outrank two hundred.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ROLE_WEIGHTS: dict[str, Decimal] = {
    "anonymous": Decimal("0.25"),
    "viewer": Decimal("0.5"),
    "creator": Decimal("1"),
    "admin": Decimal("1"),
    "investor": Decimal("3"),
    "production": Decimal("4"),
}
PRIOR_MEAN = Decimal("5.5")
PRIOR_WEIGHT = Decimal("10")
CENTS = Decimal("0.01")


def role_of(user: Any) -> str:
    """The rating role of `user` (`anonymous` for a visitor who is not logged in)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    role = str(getattr(user, "user_type", "") or "viewer")
    return role if role in ROLE_WEIGHTS else "viewer"


def weight_for(role: str) -> Decimal:
    return ROLE_WEIGHTS.get(role, ROLE_WEIGHTS["viewer"])


def bayesian(weighted_sum: Decimal, weight_total: Decimal) -> Decimal:
    """The Bayesian average of ratings whose weights add to `weight_total` and whose
    weight-times-score products add to `weighted_sum`, rounded to cents (0 with no ratings)."""
    if weight_total <= 0:
        return Decimal("0.00")
    value = (PRIOR_WEIGHT * PRIOR_MEAN + weighted_sum) / (PRIOR_WEIGHT + weight_total)
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def weighted_mean(weighted_sum: Decimal, weight_total: Decimal) -> Decimal:
    """The plain role-weighted mean, rounded to cents (0 with no ratings)."""
    if weight_total <= 0:
        return Decimal("0.00")
    return (weighted_sum / weight_total).quantize(CENTS, rounding=ROUND_HALF_UP)


def score_of(ratings: Iterable[tuple[int, str]]) -> Decimal:
    """The Pitchey Score of (score, role) pairs."""
    pairs = [(Decimal(score), weight_for(role)) for score, role in ratings]
    return bayesian(
        sum((s * w for s, w in pairs), Decimal(0)), sum((w for _, w in pairs), Decimal(0))
    )
