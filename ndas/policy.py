"""Who may request an NDA from whom: accounts' blocks (ndas may import accounts)."""

from __future__ import annotations

from accounts.services import is_blocked as _accounts_is_blocked


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either user blocks the other."""
    return _accounts_is_blocked(a_id, b_id)
