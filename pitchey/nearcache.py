"""Per-process copies of a few values cached in Redis, dropped when any process announces a change.

A page every visitor reads (the marketplace's first page, say) costs one Redis round trip a
request even when it is cached: a fifth of its CPU, more than everything else it does besides
the framework's own work. A `NearCache` keeps such values in the process itself:

- only while the process listens on the cache's channel in Redis (a daemon thread per process,
  started by the first read). While it is not subscribed (starting, Redis lost, reconnecting)
  nothing is kept or served, and readers go to Redis as before;
- `invalidate()` drops this process's copies at once and publishes on the channel; every other
  process drops its copies when the message arrives, a millisecond or so later;
- a value read from Redis is kept only if no invalidation arrived since before it was read
  (`token()` before the read, `put(key, value, token)` after), so a copy read just before a
  change cannot outlive the change's message;
- a copy is served for at most `max_age` seconds, which bounds what a message lost without the
  listener noticing could cost (a `FLUSHALL`, a connection dead without being closed).

Without a Redis cache (the local-memory cache of development and of `make run` without Redis)
it keeps nothing: that cache is in the process already.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

PING_SECONDS = 5.0  # the listener pings Redis this often when no message arrives
RETRY_SECONDS = 1.0  # and reconnects after this long when it lost the connection

_all: list[NearCache] = []


def redis_cache_client() -> Any | None:
    """The default cache's django-redis client (`get_client()` for redis-py's, `decode()` for its
    values), or None when the cache is not Redis."""
    client = getattr(cache, "client", None)
    return client if client is not None and hasattr(client, "get_client") else None


def _redis() -> Any | None:
    """redis-py's client for writes, or None when the cache is not Redis."""
    client = redis_cache_client()
    return None if client is None else client.get_client(write=True)


class NearCache:
    def __init__(
        self,
        name: str,
        *,
        max_entries: int = 64,
        max_age: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.max_entries = max_entries
        self.max_age = max_age
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self._generation = 0  # moves on every drop: a token from before it is stale
        self._listening = False
        self._pid: int | None = None  # the process whose listener runs (a fork starts its own)
        self._pubsub: Any = None  # the listener's subscription, while it has one
        _all.append(self)

    @property
    def channel(self) -> str:
        return f"{settings.CACHE_KEY_PREFIX}:near:{self.name}"

    @property
    def listening(self) -> bool:
        return self._listening

    def token(self) -> int | None:
        """Take before reading a value from Redis; None when nothing may be kept now."""
        if not self._ensure_listener():
            return None
        return self._generation

    def get(self, key: str) -> Any | None:
        if not self._ensure_listener():
            return None
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() - entry[0] > self.max_age:
            with self._lock:
                if self._entries.get(key) is entry:
                    del self._entries[key]
            return None
        return entry[1]

    def put(self, key: str, value: Any, token: int | None) -> None:
        """Keep `value`, read from Redis after `token()` answered `token`, unless a change was
        announced since."""
        if token is None:
            return
        with self._lock:
            if not self._listening or token != self._generation:
                return
            self._entries[key] = (self._clock(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def discard(self, key: str) -> None:
        """Drop this process's copy of `key` (its value in Redis was just replaced)."""
        with self._lock:
            self._entries.pop(key, None)

    def invalidate(self) -> None:
        """Drop every copy, here at once and in every other process on the message."""
        self.drop()
        redis = _redis()
        if redis is not None:
            redis.publish(self.channel, b"1")

    def drop(self) -> None:
        """Drop this process's copies (and make every token taken before this one stale)."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        """Drop the copies and make every token taken so far stale (the caller holds the lock)."""
        self._entries.clear()
        self._generation += 1

    def _ensure_listener(self) -> bool:
        pid = os.getpid()
        if self._pid != pid:
            with self._lock:
                if self._pid != pid:
                    self._pid = pid
                    self._listening = False
                    self._forget()
                    redis = _redis()
                    if redis is not None:
                        threading.Thread(
                            target=self._listen,
                            args=(redis, pid),
                            name=f"nearcache-{self.name}",
                            daemon=True,
                        ).start()
        return self._listening

    def _listen(self, redis: Any, pid: int) -> None:
        failures = 0
        while self._pid == pid:
            pubsub = self._pubsub = redis.pubsub()
            try:
                pubsub.subscribe(self.channel)
                heard = self._clock()
                pinged = heard
                while self._pid == pid:
                    message = pubsub.get_message(timeout=1.0)
                    now = self._clock()
                    if message is not None:
                        heard = now
                        if message["type"] == "subscribe":
                            with self._lock:
                                self._forget()
                                self._listening = True
                            failures = 0
                        elif message["type"] == "message":
                            self.drop()
                    elif now - heard > 3 * PING_SECONDS:
                        raise ConnectionError("no answer to pings")
                    if now - pinged > PING_SECONDS:
                        pubsub.ping()
                        pinged = now
            except Exception:
                if not failures:
                    logger.warning("near cache %s lost its channel; reconnecting", self.name)
                failures += 1
            finally:
                with self._lock:
                    self._listening = False
                    self._forget()
                self._pubsub = None
                with contextlib.suppress(Exception):  # closing a connection already lost
                    pubsub.close()
            time.sleep(RETRY_SECONDS)


def _after_fork() -> None:
    """A forked child starts without the parent's listener threads: fresh locks (one could have
    been held at the fork) and nothing kept, until its own listener subscribes."""
    for near in _all:
        near._lock = threading.Lock()
        near._pid = None
        near._listening = False
        near._pubsub = None
        near._forget()


os.register_at_fork(after_in_child=_after_fork)


def drop_all() -> None:
    """Drop every near cache's copies in this process (tests clearing the cache call it)."""
    for near in _all:
        near.drop()
