"""Every state change of billing. Other apps call `billing.spend(...)` (see billing/__init__.py)."""

from billing.services.credits import (
    InsufficientCredits,
    balance_of,
    grant_credits,
    require_credits,
    revoke_credits,
    spend,
)

__all__ = [
    "InsufficientCredits",
    "balance_of",
    "grant_credits",
    "require_credits",
    "revoke_credits",
    "spend",
]
