"""Per-process copies of Redis-cached values (`pitchey.nearcache`): served only while the
process hears the channel, dropped here at once and elsewhere on the message, never kept when
read before a change, never older than `max_age`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings

from pitchey import nearcache
from pitchey.nearcache import NearCache

pytestmark = pytest.mark.redis


def _eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()


@pytest.fixture
def caches() -> Iterator[Callable[..., NearCache]]:
    made: list[NearCache] = []

    def make(name: str = "test-near", **kwargs: object) -> NearCache:
        near = NearCache(name, **kwargs)  # type: ignore[arg-type]
        made.append(near)
        near.token()  # starts its listener
        assert _eventually(lambda: near.listening), "the listener never subscribed"
        return near

    yield make
    for near in made:
        near._pid = None  # its listener stops at its next message or timeout
        nearcache._all.remove(near)


def test_a_value_is_served_from_the_process_while_it_listens(caches):
    near = caches()
    token = near.token()
    near.put("page", {"n": 1}, token)
    assert near.get("page") == {"n": 1}
    assert near.get("other") is None


def test_the_channel_carries_the_deployment_prefix(caches):
    assert caches("pages").channel == f"{settings.CACHE_KEY_PREFIX}:near:pages"


def test_an_invalidation_drops_copies_here_at_once_and_in_other_processes_on_the_message(caches):
    here, there = caches(), caches()  # two processes' copies: two listeners on one channel
    here.put("page", "old", here.token())
    there.put("page", "old", there.token())
    here.invalidate()
    assert here.get("page") is None  # no wait in the process that announced it
    assert _eventually(lambda: there.get("page") is None)
    there.put("page", "new", there.token())
    assert there.get("page") == "new"


def test_a_value_read_before_a_change_is_not_kept(caches):
    near = caches()
    token = near.token()  # taken before the Redis read
    near.drop()  # the change's message arrives while the value is read
    near.put("page", "read before the change", token)
    assert near.get("page") is None


def test_a_copy_is_served_for_max_age_seconds_at_most(caches):
    now = [1000.0]
    near = caches(max_age=2.0, clock=lambda: now[0])
    near.put("page", "copy", near.token())
    now[0] += 1.9
    assert near.get("page") == "copy"
    now[0] += 0.2
    assert near.get("page") is None


def test_the_oldest_copies_go_first_past_max_entries(caches):
    near = caches(max_entries=2)
    token = near.token()
    for key in ("a", "b", "c"):
        near.put(key, key, token)
    assert [near.get(key) for key in ("a", "b", "c")] == [None, "b", "c"]


def test_nothing_is_kept_or_served_while_not_listening(caches, monkeypatch):
    near = caches()
    token = near.token()
    near.put("page", "copy", token)
    with near._lock:
        near._listening = False  # as while the listener reconnects
    assert near.get("page") is None
    near.put("page", "copy", token)
    assert near.token() is None


def test_without_a_redis_cache_nothing_is_kept(monkeypatch):
    monkeypatch.setattr(nearcache, "_redis", lambda: None)
    near = NearCache("test-near-local")
    try:
        assert near.token() is None
        near.put("page", "copy", near.token())
        assert near.get("page") is None
    finally:
        nearcache._all.remove(near)


def test_a_lost_connection_stops_the_copies_until_it_listens_again(caches, monkeypatch):
    monkeypatch.setattr(nearcache, "RETRY_SECONDS", 0.05)
    near = caches()
    near.put("page", "copy", near.token())
    host, port = near._pubsub.connection._sock.getsockname()[:2]
    # Redis closes the listener's connection, as a restart would.
    assert nearcache._redis().client_kill_filter(addr=f"{host}:{port}") == 1
    assert _eventually(lambda: not near.listening or near.get("page") is None)
    assert near.get("page") is None  # the copy went with the connection
    assert _eventually(lambda: near.listening)  # and it listens again
    near.put("page", "new", near.token())
    assert near.get("page") == "new"


def test_a_forked_process_keeps_nothing_until_its_own_listener_subscribes(caches):
    import os

    near = caches()
    near.put("page", "copy", near.token())
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what it sees, then leave at once
        seen = near._entries.get("page"), near.listening
        os.write(write, repr(seen).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 200) == b"(None, False)"
    os.close(read)
    assert near.get("page") == "copy"  # the parent's copy is untouched
