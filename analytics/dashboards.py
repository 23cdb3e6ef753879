"""Sections that apps add to a portal's dashboard, so a dashboard grows with the apps.

An app registers `provider(user_id) -> dict` for a portal in its `AppConfig.ready()` (ndas adds
pending NDA requests to the creator's; investments will add the portfolio to the investor's;
production its queue and calls). The view that builds the dashboard merges what the providers
return, so analytics never imports them. Each provider runs a fixed number of queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

Provider = Callable[[int], dict[str, Any]]
PORTALS = ("creator", "investor", "production", "staff")
_providers: dict[str, list[Provider]] = {portal: [] for portal in PORTALS}


def register(portal: str, provider: Provider) -> None:
    """Add a section provider to a portal's dashboard (idempotent)."""
    if portal not in _providers:
        raise ValueError(f"unknown portal {portal!r}")
    if provider not in _providers[portal]:
        _providers[portal].append(provider)


def sections(portal: str, user_id: int) -> dict[str, Any]:
    """What every registered provider adds; nested dicts merge one level deep."""
    merged: dict[str, Any] = {}
    for provider in _providers.get(portal, []):
        for key, value in provider(user_id).items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged
