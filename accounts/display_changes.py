"""Listeners told, after commit, that what other apps show of a user changed (today: the
verified-company badge), so their cached pages showing the user can be rebuilt.

accounts imports no later app, so an app that caches user display fields adds its listener from
`AppConfig.ready()`: `LISTENERS.append(pitches.cache.on_user_display_changed)`. A listener takes
the user's id and must be cheap and idempotent (it runs once per change, after commit).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

LISTENERS: list[Callable[[int], None]] = []


def changed(user_id: int) -> None:
    """Tell every listener after the current transaction commits (at once outside one)."""

    def tell() -> None:
        for listener in LISTENERS:
            listener(user_id)

    transaction.on_commit(tell)
