"""Deployments sharing one Redis server never see each other's keys or events: Redis pub/sub
ignores the database number, so every key and channel carries a per-deployment prefix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRINT_PREFIXES = """
import json
from django.conf import settings as s
print(json.dumps({
    "cache": s.CACHES["default"]["KEY_PREFIX"],
    "channels": s.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"],
    "celery": s.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix"),
}))
"""


def _prefixes(database: str, redis_db: int, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "pitchey.settings",
        "DEBUG": "true",
        "PITCHEY_VAR_DIR": str(ROOT / "var"),
        "DATABASE_URL": f"postgres://app@db.example:5432/{database}",
        "REDIS_URL": f"redis://cache.example:6379/{redis_db}",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(){PRINT_PREFIXES}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_deployments_on_one_redis_get_different_prefixes_everywhere():
    first = _prefixes("pitchey_eu", 1)
    second = _prefixes("pitchey_us", 2)
    same_db_other_redis_db = _prefixes("pitchey_eu", 3)
    for kind in ("cache", "channels", "celery"):
        assert first[kind] != second[kind]
        assert first[kind] != same_db_other_redis_db[kind]
    assert "pitchey_eu" in first["cache"]
    assert first["channels"].startswith(first["cache"])
    assert first["celery"].startswith(first["cache"])


def test_an_explicit_prefix_wins():
    chosen = _prefixes("pitchey_eu", 1, CACHE_KEY_PREFIX="site-a")
    assert chosen["cache"] == "site-a"
    assert chosen["channels"].startswith("site-a")
    assert chosen["celery"].startswith("site-a")


def _on_database(redis_db: int) -> str:
    return settings.REDIS_URL.rsplit("/", 1)[0] + f"/{redis_db}"


@pytest.mark.redis
async def test_channel_layers_with_different_prefixes_do_not_see_each_others_groups():
    # Two sites with their default settings on one Redis server, each on its own database.
    prefix_a = _prefixes("pitchey_site_a", 7)["channels"]
    prefix_b = _prefixes("pitchey_site_b", 8)["channels"]
    site_a = RedisPubSubChannelLayer(hosts=[_on_database(7)], prefix=prefix_a)
    site_b = RedisPubSubChannelLayer(hosts=[_on_database(8)], prefix=prefix_b)
    try:
        inbox_a = await site_a.new_channel()
        inbox_b = await site_b.new_channel()
        await site_a.group_add("user.2", inbox_a)
        await site_b.group_add("user.2", inbox_b)

        await site_b.group_send("user.2", {"type": "push", "event": "only-for-b"})
        assert (await site_b.receive(inbox_b))["event"] == "only-for-b"
        await site_a.group_send("user.2", {"type": "push", "event": "only-for-a"})
        # Site A's next message is its own: B's event never reached A's member of "user.2".
        assert (await site_a.receive(inbox_a))["event"] == "only-for-a"
    finally:
        await site_a.flush()
        await site_b.flush()
