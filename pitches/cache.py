"""Cached public lists: one version number in Redis, bumped on publish, edit and archive."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

_VERSION_KEY = "pitches:list-version"
LIST_TTL = 300


def list_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        version = cache.get(_VERSION_KEY) or 1
    return int(version)


def invalidate_lists() -> None:
    """Every cached public list becomes stale at once."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)


def cached_list(name: str, params: dict[str, Any], build: Callable[[], Any]) -> Any:
    """The value of `build()` for the anonymous audience, cached per list version and params."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    key = f"pitches:list:{list_version()}:{name}:{digest[:32]}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=LIST_TTL)
    return value
