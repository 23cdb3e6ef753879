"""Runtime settings (maintenance mode, feature switches, announcement banner): stored in the
database, cached in Redis for every process, read here by any app.

`current()` is one cache read (a few seconds' memo per process on top), so the maintenance
check can run on every request. Writes go through `staff.services.settings`, which calls
`forget()` after commit.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from django.core.cache import cache

from pitchey.errors import DomainError

CACHE_KEY = "runtime-settings:v1"
MEMO_SECONDS = 2.0

DEFAULTS: dict[str, Any] = {
    "maintenance": {
        "enabled": False,
        "message": "Pitchey is being updated; you can browse, and changes work again shortly.",
        "retry_after": 300,
        "scheduled_start": None,
        "scheduled_end": None,
    },
    "features": {
        "user_registration": True,
        "pitch_submission": True,
        "payments": True,
        "messaging": True,
        "nda_workflow": True,
        "real_time_updates": True,
    },
    "announcement": {"enabled": False, "message": "", "level": "info"},
}

# What a refusal says, and the notice pages show, while a switch is off.
FEATURE_NOTICES = {
    "payments": (
        "Payments are paused for now: buying credits, subscribing and changing a plan work "
        "again shortly. Your credits and your current plan are not affected."
    ),
    "nda_workflow": (
        "NDA requests, approvals and signatures are paused for now; access you already have "
        "stays open."
    ),
    "real_time_updates": (
        "Live updates are paused for now; notifications and messages still arrive, the page "
        "checks for them every few seconds."
    ),
}

_memo: tuple[float, dict[str, Any]] | None = None


def _load() -> dict[str, Any]:
    from pitchey.models import RuntimeSettings

    row = RuntimeSettings.objects.filter(pk=1).values_list("values", flat=True).first()
    return merged(row or {})


def merged(stored: dict[str, Any]) -> dict[str, Any]:
    """The defaults overlaid with the stored values, section by section."""
    values = copy.deepcopy(DEFAULTS)
    for section, entries in stored.items():
        if isinstance(entries, dict) and section in values:
            values[section].update(entries)
        else:
            values[section] = entries
    return values


def current() -> dict[str, Any]:
    """Every runtime setting (a copy)."""
    global _memo
    now = time.monotonic()
    if _memo is not None and now - _memo[0] < MEMO_SECONDS:
        return copy.deepcopy(_memo[1])
    values = cache.get(CACHE_KEY)
    if values is None:
        values = _load()
        cache.set(CACHE_KEY, values, timeout=3600)
    _memo = (now, values)
    return copy.deepcopy(values)


def forget() -> None:
    """Drop the cached settings (after a write) in this process and for every other one."""
    global _memo
    _memo = None
    cache.delete(CACHE_KEY)


def maintenance() -> dict[str, Any] | None:
    """The maintenance section while maintenance mode is on, else None."""
    section = current()["maintenance"]
    return section if section.get("enabled") else None


def feature_enabled(name: str) -> bool:
    return bool(current()["features"].get(name, True))


class FeatureDisabled(DomainError):
    status_code = 503
    code = "FEATURE_DISABLED"
    retry_after = 300  # seconds: the Retry-After of the refusal (a switch stays off for a while)


def feature_notices() -> dict[str, str]:
    """The notice of each switch that is off, by name (pages show the ones they concern)."""
    return {
        name: FEATURE_NOTICES.get(name, f"{name.replace('_', ' ').capitalize()} is switched off.")
        for name, on in current()["features"].items()
        if not on
    }


def require_feature(name: str, label: str) -> None:
    """Refuse (503, code FEATURE_DISABLED, the reason in the message) while staff have switched
    `name` off."""
    if not feature_enabled(name):
        message = FEATURE_NOTICES.get(name) or f"{label} is switched off for now; try again later."
        raise FeatureDisabled(message, details={"feature": name})
