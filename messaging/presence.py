"""Presence (online/away/offline with last seen), kept in the cache: Redis in every deployment.

A user counts as online while at least one socket is open (a per-user connection counter) or
while an HTTP heartbeat (`/api/presence/update`) is fresh. Presence changes are pushed only to
the people allowed to see them (`policy.presence_audience`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

from messaging import policy, realtime

STATUSES = ("online", "away", "busy", "offline")
# A status not refreshed for this long (socket heartbeat or HTTP update) reads as offline.
TTL_SECONDS = 120


def _key(user_id: int) -> str:
    return f"presence:{user_id}"


def _conns_key(user_id: int) -> str:
    return f"presence:conns:{user_id}"


def _row(user_id: int, raw: dict[str, Any] | None, now: float) -> dict[str, Any]:
    if not raw:
        return {"user_id": user_id, "status": "offline", "last_seen": None, "activity": ""}
    status = raw["status"]
    if status != "offline" and raw.get("until", 0) < now:
        status = "offline"
    return {
        "user_id": user_id,
        "status": status,
        "last_seen": raw.get("last_seen"),
        "activity": raw.get("activity", ""),
    }


def get_presence(user_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Current presence of each user (offline when unknown or stale)."""
    ids = list(user_ids)
    raw = cache.get_many([_key(uid) for uid in ids])
    now = time.time()
    return {uid: _row(uid, raw.get(_key(uid)), now) for uid in ids}


def set_presence(
    *, user_id: int, username: str, status: str, activity: str = "", broadcast: bool = True
) -> dict[str, Any]:
    """Store a status and, if it changed, tell everyone allowed to see it."""
    if status not in STATUSES:
        raise ValueError(f"unknown presence status {status!r}")
    now = time.time()
    previous = _row(user_id, cache.get(_key(user_id)), now)
    row = {"status": status, "last_seen": now, "activity": activity, "until": now + TTL_SECONDS}
    cache.set(_key(user_id), row, timeout=7 * 24 * 3600)
    current = _row(user_id, row, now)
    if broadcast and (previous["status"] != status or previous["activity"] != activity):
        payload = {**current, "username": username}
        realtime.push_to_users(policy.presence_audience(user_id), "presence_update", payload)
    return current


def touch(user_id: int) -> None:
    """Keep a live status fresh (heartbeat)."""
    raw = cache.get(_key(user_id))
    if raw and raw.get("status") != "offline":
        raw["until"] = time.time() + TTL_SECONDS
        raw["last_seen"] = time.time()
        cache.set(_key(user_id), raw, timeout=7 * 24 * 3600)


def connection_opened(*, user_id: int, username: str) -> None:
    cache.add(_conns_key(user_id), 0, timeout=24 * 3600)
    try:
        cache.incr(_conns_key(user_id))
    except ValueError:
        cache.set(_conns_key(user_id), 1, timeout=24 * 3600)
    set_presence(user_id=user_id, username=username, status="online")


def connection_closed(*, user_id: int, username: str) -> None:
    """The last tab closing turns the user offline (with last seen = now)."""
    try:
        remaining = cache.decr(_conns_key(user_id))
    except ValueError:
        remaining = 0
    if remaining <= 0:
        cache.delete(_conns_key(user_id))
        set_presence(user_id=user_id, username=username, status="offline")


def visible_online(viewer_id: int) -> list[dict[str, Any]]:
    """Online or away users whose presence the viewer may see."""
    rows = get_presence(policy.presence_audience(viewer_id))
    return [row for row in rows.values() if row["status"] != "offline"]
