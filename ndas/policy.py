"""Who may request an NDA from whom: a seam onto accounts' blocks, which live on another branch.

The model is looked up by name so this app runs with or without `accounts.Block`; without it
nobody is blocked.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model, Q

BLOCK_MODEL = ("accounts", "Block")


def _block_model() -> type[Model] | None:
    try:
        return apps.get_model(*BLOCK_MODEL)
    except (LookupError, ValueError):
        return None


def is_blocked(a_id: int, b_id: int) -> bool:
    """True when either user blocks the other."""
    block = _block_model()
    if block is None:
        return False
    fields = {f.name for f in block._meta.get_fields()}
    blocker, blocked = ("blocker", "blocked") if "blocker" in fields else ("user", "blocked_user")
    pair = Q(**{f"{blocker}_id": a_id, f"{blocked}_id": b_id}) | Q(
        **{f"{blocker}_id": b_id, f"{blocked}_id": a_id}
    )
    return bool(block._default_manager.filter(pair).exists())
