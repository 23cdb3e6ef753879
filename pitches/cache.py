"""Cached lists: one version number in Redis, bumped on publish, edit and archive.

Marketplace pages are cached per audience class (`pitches.access.audience`): each entry keeps
the page, its (pitch, owner) pairs for the grant check, an ETag of the page and when it was built.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from pitchey.nearcache import NearCache, redis_cache_client

_VERSION_KEY = "pitches:list-version"
LIST_TTL = 300

# Also kept in each process while it hears every change announced (`pitchey.nearcache`), so
# their reads make no Redis round trip: visitors' pages (the marketplace's first pages are the
# hottest reads of all), details' public parts, and the view keys a detail's reader found set.
_near = NearCache("pitches-lists", max_entries=2048)


def _get_many(keys: list[str]) -> dict[str, Any]:
    """`cache.get_many(keys)` in one MGET straight on django-redis's client (its per-key
    bookkeeping was half the CPU of a cached page's round trip); other backends as usual."""
    client = redis_cache_client()
    if client is None:
        return cache.get_many(keys)
    raw = client.get_client(write=False).mget([cache.make_key(key) for key in keys])
    return {
        key: client.decode(value) for key, value in zip(keys, raw, strict=True) if value is not None
    }


def list_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        version = cache.get(_VERSION_KEY) or 1
    return int(version)


def invalidate_lists() -> None:
    """Every cached public list becomes stale at once (in every process)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, timeout=None)
    _near.invalidate()


def on_user_display_changed(user_id: int) -> None:
    """A user's badge changed (`accounts.display_changes`): cached cards may name them."""
    invalidate_lists()


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
    body: bytes  # the page's data as JSON, camelCase keys: what the envelope's `data` holds
    total: int
    page: int
    limit: int
    pairs: list[tuple[int, int]]  # (pitch id, owner id) of the page, for the grant check
    etag: str
    built_at: float  # epoch seconds: the page's Last-Modified
    version: int = 0  # the list version it was built under (a cached page is current only then)


def page_of(
    data: dict[str, Any], body: bytes, pairs: list[tuple[int, int]], version: int = 0
) -> Page:
    """A page of `data`, rendered as `body` (its ETag is of those bytes: the same data always
    renders the same)."""
    return Page(
        body=body,
        total=data["total"],
        page=data["page"],
        limit=data["limit"],
        pairs=pairs,
        etag='"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"',
        built_at=time.time(),
        version=version,
    )


def _page_key(name: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()
    return f"pitches:page:{name}:{digest[:32]}"


def _grants_key(user_id: int) -> str:
    return f"pitches:grants:{user_id}"


def _count_key(name: str, params: dict[str, Any]) -> str:
    return _page_key(f"{name}-count", params)


@dataclass(frozen=True)
class CachedPage:
    version: int  # the current list version
    page: Page | None  # the page cached under the params, if built under `version`
    grants: frozenset[int] | None  # the viewer's granted pitch ids, if known (None: ask)
    total: int | None  # the list's count under `count_params` in this version, if known


def cached_page(
    name: str,
    params: dict[str, Any],
    *,
    count_params: dict[str, Any],
    user_id: int | None = None,
) -> CachedPage:
    """The list version, the page cached under `params` (which name the audience), the list's
    count (`count_params`: the same without the page) and the viewer's remembered grants, in
    one Redis round trip. A visitor's page (`user_id` None) kept in the process needs none
    (its count is then not read: a kept page needs none)."""
    page_key = _page_key(name, params)
    token = None
    if user_id is None:
        token = _near.token()
        near = _near.get(page_key)
        if isinstance(near, Page):
            return CachedPage(near.version, near, None, None)
    keys = [_VERSION_KEY, page_key, _count_key(name, count_params)]
    if user_id is not None:
        keys.append(_grants_key(user_id))
    got = _get_many(keys)
    raw_version = got.get(_VERSION_KEY)
    version = int(raw_version) if raw_version is not None else list_version()
    page = got.get(keys[1])
    current = page if isinstance(page, Page) and page.version == version else None
    count = got.get(keys[2])
    total = count[1] if isinstance(count, tuple) and count[0] == version else None
    grants = got.get(keys[3]) if user_id is not None else None
    if current is not None and user_id is None:
        _near.put(page_key, current, token)
    return CachedPage(version, current, grants if isinstance(grants, frozenset) else None, total)


def keep_count(name: str, count_params: dict[str, Any], version: int, total: int) -> None:
    cache.set(_count_key(name, count_params), (version, total), timeout=LIST_TTL)


def keep_page(name: str, params: dict[str, Any], page: Page) -> None:
    cache.set(_page_key(name, params), page, timeout=LIST_TTL)


def remember_grants(user_id: int, pitch_ids: frozenset[int]) -> None:
    """Every pitch `user_id` holds a grant on (live or not yet pruned: a superset is safe, the
    page is then built for them, which asks the database again)."""
    cache.set(_grants_key(user_id), pitch_ids, timeout=LIST_TTL)


def forget_grants(user_id: int) -> None:
    """Called after a grant is given: the next page asks the database."""
    cache.delete(_grants_key(user_id))


# --- pitch details ------------------------------------------------------------------------------
#
# The public part of a published pitch (what `access.strip_protected` leaves for a viewer without
# a grant) is cached per audience class, stamped with the list version (bumped by every change
# through the pitch services, its children's included) and a digest of the row's card columns and
# owner (any write to those, even one that bypasses the services). Counters are not part of it:
# the reader lays the row's current ones over it.


@dataclass(frozen=True)
class Detail:
    version: int
    stamp: str  # `card_rows.row_stamp` of the row it was built from
    body: bytes  # the public part without its counters, rendered (camelCase keys)
    counters: tuple[str, ...]  # the counters the public part shows (camelCase)
    etag: str


def _detail_key(pitch_id: int, audience: str) -> str:
    return f"pitches:detail:{pitch_id}:{audience}"


def cached_detail(
    pitch_id: int, audience: str, *, also: Sequence[str] = ()
) -> tuple[int, Detail | None, dict[str, Any]]:
    """The list version, the detail cached for `audience` and the values of the `also` keys
    the caller needs anyway (those found), in one Redis round trip, or none when the process
    keeps the detail and every one of the `also` keys (keys found set, kept as found: a view
    key is set for the rest of its day, and a reading clock is dropped here when rewritten,
    `forget_near`)."""
    key = _detail_key(pitch_id, audience)
    token = _near.token()
    near = _near.get(key)
    if isinstance(near, Detail):
        known = {name: value for name in also if (value := _near.get(name)) is not None}
        if len(known) == len(also):
            return near.version, near, known
    got = _get_many([_VERSION_KEY, key, *also])
    raw_version = got.pop(_VERSION_KEY, None)
    version = int(raw_version) if raw_version is not None else list_version()
    entry = got.pop(key, None)
    entry = entry if isinstance(entry, Detail) else None
    if entry is not None and entry.version == version:
        _near.put(key, entry, token)
        for name, value in got.items():
            _near.put(name, value, token)
    return version, entry, got


def keep_detail(pitch_id: int, audience: str, entry: Detail) -> None:
    key = _detail_key(pitch_id, audience)
    cache.set(key, entry, timeout=LIST_TTL)
    _near.discard(key)  # the next read takes the new one from Redis


def forget_near(key: str) -> None:
    """A key `cached_detail` may keep was rewritten in Redis: drop this process's copy."""
    _near.discard(key)
