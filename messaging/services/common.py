"""Small helpers the messaging services share."""

from __future__ import annotations

from typing import Any


def iso(value: Any) -> str | None:
    """An ISO timestamp the way the SPA reads it (`Z`, not `+00:00`), or None."""
    return value.isoformat().replace("+00:00", "Z") if value else None
