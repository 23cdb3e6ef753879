"""Which notification emails a user wants, per kind.

accounts keeps the switches in `user.notification_preferences` (`nda_requests`, `messages`,
`pitch_updates`, `investments`, `followers`; on by default) and the global one in
`user.email_notifications`. A notification kind maps to a switch by its prefix; unknown kinds
follow the global switch only. In-app notifications are always stored; these rules decide emails.
"""

from __future__ import annotations

from typing import Any

KIND_SWITCHES: tuple[tuple[str, str], ...] = (
    ("nda", "nda_requests"),
    ("message", "messages"),
    ("pitch", "pitch_updates"),
    ("follow", "followers"),
    ("new_follower", "followers"),
    ("invest", "investments"),
    ("deal", "investments"),
)


def switch_for(kind: str) -> str | None:
    """The preference key that governs emails of `kind`, or None (global switch only)."""
    for prefix, switch in KIND_SWITCHES:
        if kind.startswith(prefix):
            return switch
    return None


def kind_enabled(preferences: dict[str, Any] | None, kind: str) -> bool:
    """Whether the per-kind switch for `kind` is on (ignoring the global switch)."""
    switch = switch_for(kind)
    return switch is None or bool((preferences or {}).get(switch, True))


def wants_email(user: Any, kind: str) -> bool:
    """Whether `user` should get an email about a notification of `kind` at all."""
    return bool(getattr(user, "email_notifications", False)) and kind_enabled(
        getattr(user, "notification_preferences", None), kind
    )
