"""Cached lists: one version number in Redis, bumped on publish, edit and archive.

Marketplace pages are cached per audience class (`pitches.access.audience`): each entry keeps
the page, its (pitch, owner) pairs for the grant check, an ETag of the page and when it was built.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
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


def _key(name: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    return f"pitches:list:{list_version()}:{name}:{digest[:32]}"


def cached_list(name: str, params: dict[str, Any], build: Callable[[], Any]) -> Any:
    """The value of `build()` for the anonymous audience, cached per list version and params."""
    key = _key(name, params)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=LIST_TTL)
    return value


def etag_of(data: Any) -> str:
    """A strong validator of a response's data (not of its envelope, whose timestamp moves)."""
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


@dataclass(frozen=True)
class Page:
    data: dict[str, Any]
    pairs: list[tuple[int, int]]  # (pitch id, owner id) of the page, for the grant check
    etag: str
    built_at: float  # epoch seconds: the page's Last-Modified


def page_of(data: dict[str, Any], pairs: list[tuple[int, int]]) -> Page:
    return Page(data=data, pairs=pairs, etag=etag_of(data), built_at=time.time())


def cached_page(name: str, params: dict[str, Any]) -> Page | None:
    """The page cached under `params` (which name the audience) for this list version."""
    value = cache.get(_key(name, params))
    return value if isinstance(value, Page) else None


def keep_page(name: str, params: dict[str, Any], page: Page) -> None:
    cache.set(_key(name, params), page, timeout=LIST_TTL)
