"""Marketplace pages kept pre-rendered per audience class: the same envelope as a page built
afresh, one Redis round trip and no query for a logged-in viewer without grants on the page,
and a grant given since is honoured at once."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from pitches import services
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _body(response) -> dict:
    body = json.loads(response.content)
    body["meta"].pop("timestamp")
    body["meta"].pop("requestId")
    return body


@pytest.mark.parametrize(
    "path",
    ["/api/browse?tab=new&limit=5", "/api/pitches?limit=5", "/api/search?q=lighthouse&limit=5"],
)
def test_a_cached_page_is_the_page_built_afresh(api, creator, investor, path):
    PitchFactory.create_batch(7, owner=creator, title="The Lighthouse")
    api.force_authenticate(investor)
    fresh = api.get(path)
    cached = api.get(path)
    assert fresh.status_code == cached.status_code == 200
    assert cached["Content-Type"] == "application/json"
    assert cached["ETag"] == fresh["ETag"]
    assert _body(cached) == _body(fresh)
    cache.clear()
    assert _body(api.get(path)) == _body(fresh)
    body = _body(cached)
    assert body["success"] is True
    assert len(body["data"]["items"]) == 5
    if path.startswith("/api/pitches"):
        assert "items" not in body  # the plain envelope: data only
    else:
        assert body["items"] == body["data"]["items"]
        assert body["meta"]["pagination"]["total"] == 7


def test_a_member_without_grants_costs_no_query_on_a_cached_page(
    api, creator, investor, django_assert_num_queries
):
    PitchFactory.create_batch(3, owner=creator)
    api.force_authenticate(investor)
    api.get("/api/browse")  # builds and keeps the page
    with django_assert_num_queries(1):  # the viewer's grants, remembered from then on
        api.get("/api/browse")
    with django_assert_num_queries(0):
        assert len(api.get("/api/browse").json()["items"]) == 3


def test_a_grant_given_after_the_page_was_cached_shows_at_once(api, creator, investor):
    pitches = PitchFactory.create_batch(3, owner=creator, long_synopsis="Secret ending.")
    api.force_authenticate(investor)
    api.get("/api/browse")
    cards = api.get("/api/browse").json()["items"]  # grants remembered: none
    assert not any(card["hasFullAccess"] for card in cards)
    services.grant_access(user=investor, pitch=pitches[1], source="manual")
    cards = api.get("/api/browse").json()["items"]
    assert [card["id"] for card in cards if card["hasFullAccess"]] == [pitches[1].pk]
    # ... and nobody else receives that page.
    other = api.get("/api/browse")
    api.force_authenticate(None)
    assert not any(card["hasFullAccess"] for card in api.get("/api/browse").json()["items"])
    assert other.status_code == 200


@pytest.mark.redis
def test_a_visitors_page_is_kept_in_the_process_and_dropped_on_any_change(
    api, creator, draft_pitch, monkeypatch, django_capture_on_commit_callbacks
):
    """A visitor's cached page is served from the process (no Redis round trip) while its
    near cache listens; a publish in this process shows at once, and a change announced by
    another process drops the copy when its message arrives."""
    import time

    from pitches import cache as list_cache
    from pitchey.nearcache import NearCache

    PitchFactory.create_batch(3, owner=creator, title="The Lighthouse")
    path = "/api/pitches?limit=5"
    near = list_cache._near
    near.token()
    deadline = time.monotonic() + 5
    while not near.listening and time.monotonic() < deadline:
        time.sleep(0.01)
    assert near.listening
    first = _body(api.get(path))  # built
    assert _body(api.get(path)) == first  # read from Redis, kept in the process
    trips: list[list[str]] = []
    real_get_many = list_cache._get_many
    monkeypatch.setattr(
        list_cache, "_get_many", lambda keys: trips.append(keys) or real_get_many(keys)
    )
    kept = api.get(path)
    assert _body(kept) == first
    assert trips == []  # no Redis round trip
    # A publish here: the next visitor sees it at once.
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_pitch(pitch=draft_pitch, actor=creator)
    assert _body(api.get(path))["data"]["total"] == first["data"]["total"] + 1
    assert trips  # read from Redis again, then built afresh
    # Another process's change (its version bump and announcement): dropped on the message.
    api.get(path)
    api.get(path)
    trips.clear()
    api.get(path)
    assert trips == []  # kept again
    other_process = NearCache(near.name)
    try:
        list_cache.cache.incr("pitches:list-version")
        other_process.invalidate()
        deadline = time.monotonic() + 5
        while not trips and time.monotonic() < deadline:
            api.get(path)
            time.sleep(0.005)
        assert trips, "the copy outlived another process's announced change"
    finally:
        from pitchey import nearcache

        nearcache._all.remove(other_process)


def test_a_creator_renaming_themself_rebuilds_the_cached_pages_naming_them(
    api, creator, django_capture_on_commit_callbacks
):
    from accounts.services.profile import update_profile
    from pitches import cache as list_cache

    PitchFactory.create_batch(2, owner=creator)
    path = "/api/pitches?limit=5"
    api.get(path)
    assert _body(api.get(path))["data"]["items"][0]["creator"]["name"] != "Ada Quill"  # cached
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=creator, data={"name": "Ada Quill"})
    names = {card["creator"]["name"] for card in _body(api.get(path))["data"]["items"]}
    assert names == {"Ada Quill"}
    version = list_cache.list_version()
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(user=creator, data={"bio": "Writes at night."})
    assert list_cache.list_version() == version  # a field no card shows keeps every page
