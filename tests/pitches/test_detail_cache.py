"""A pitch detail read: the public part cached per audience class, counters always current, the
confidential view never from the cache, repeat views without database writes."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from pitches import services
from pitches.engagement.models import PitchConsumption
from pitches.models import PitchView
from pitches.services.grants import grant_access
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

SECRET = "The ending nobody may read without a grant."


@pytest.fixture
def other_investor(db):
    return UserFactory(user_type="investor")


@pytest.fixture
def pitch(creator):
    return PitchFactory(owner=creator, long_synopsis=SECRET, require_nda=True)


def _detail(api, pitch) -> dict:
    response = api.get(f"/api/pitches/{pitch.pk}")
    assert response.status_code == 200
    body = response.json()
    return {"data": body["data"], "pitch": body["pitch"]}


@pytest.mark.parametrize("who", ["anonymous", "watcher", "investor"])
def test_a_cached_detail_is_the_detail_built_afresh(request, api, pitch, who):
    if who != "anonymous":
        api.force_authenticate(request.getfixturevalue(who))
    _detail(api, pitch)  # counts the view, fills the cache
    cached = _detail(api, pitch)
    cache.clear()
    fresh = _detail(api, pitch)
    assert cached == fresh
    assert cached["data"]["hasFullAccess"] is False
    assert "longSynopsis" not in cached["data"]


def test_counters_move_while_the_detail_is_cached(api, pitch, investor, other_investor):
    api.force_authenticate(investor)
    before = _detail(api, pitch)["data"]
    services.like_pitch(pitch=pitch, user=other_investor)
    after = _detail(api, pitch)["data"]
    assert after["likeCount"] == before["likeCount"] + 1
    assert after["viewCount"] == 1  # the first read counted the view


def test_an_edit_shows_at_once(api, creator, investor, django_capture_on_commit_callbacks):
    pitch = PitchFactory(owner=creator, visibility_settings={"show_characters": True})
    api.force_authenticate(investor)
    assert _detail(api, pitch)["data"]["characters"] == []
    with django_capture_on_commit_callbacks(execute=True):
        services.add_character(pitch=pitch, actor=creator, fields={"name": "Mara"})
    assert [c["name"] for c in _detail(api, pitch)["data"]["characters"]] == ["Mara"]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_pitch(pitch=pitch, actor=creator, fields={"title": "Salt and Iron"})
    assert _detail(api, pitch)["data"]["title"] == "Salt and Iron"
    creator.first_name = "Renamed"
    creator.save()
    assert _detail(api, pitch)["data"]["creator"]["name"].startswith("Renamed")


def test_a_grant_or_the_owner_never_gets_the_cached_public_part(
    api, pitch, creator, investor, other_investor
):
    api.force_authenticate(other_investor)
    assert SECRET not in str(_detail(api, pitch))
    grant_access(user=investor, pitch=pitch, source="nda")
    for viewer in (investor, creator):
        api.force_authenticate(viewer)
        data = _detail(api, pitch)["data"]
        assert data["longSynopsis"] == SECRET
        assert data["hasFullAccess"] is True
    api.force_authenticate(other_investor)
    assert SECRET not in str(_detail(api, pitch))


def test_a_repeat_read_writes_nothing(api, pitch, investor, django_assert_num_queries):
    api.force_authenticate(investor)
    _detail(api, pitch)
    _detail(api, pitch)  # the insert's refusal marks the view as counted today
    # The row with the viewer's grant and NDA keys, in one query: no write, no child lists.
    with django_assert_num_queries(1):
        data = _detail(api, pitch)["data"]
    assert data["viewCount"] == 1
    assert PitchView.objects.count() == 1
    assert PitchConsumption.objects.get().viewer == investor


def _near_listening() -> None:
    import time

    from pitches import cache as list_cache

    list_cache._near.token()
    deadline = time.monotonic() + 5
    while not list_cache._near.listening and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list_cache._near.listening


@pytest.fixture
def redis_trips(monkeypatch) -> list[list[str]]:
    from pitches import cache as list_cache

    trips: list[list[str]] = []
    real = list_cache._get_many
    monkeypatch.setattr(list_cache, "_get_many", lambda keys: trips.append(keys) or real(keys))
    return trips


@pytest.mark.redis
def test_a_repeat_read_kept_in_the_process_needs_no_redis_and_answers_the_same(
    api, pitch, investor, redis_trips
):
    _near_listening()
    api.force_authenticate(investor)
    _detail(api, pitch)  # counts the view, builds the public part
    _detail(api, pitch)  # the insert's refusal marks the view as counted today
    from_redis = _detail(api, pitch)  # the part and the view keys read from Redis, kept here
    redis_trips.clear()
    kept = _detail(api, pitch)
    assert redis_trips == []
    assert kept == from_redis
    assert PitchView.objects.count() == 1


@pytest.mark.redis
def test_the_reading_clock_is_still_written_once_per_window(
    api, pitch, investor, redis_trips, monkeypatch
):
    import time_machine
    from django.utils import timezone

    from pitches.engagement import services as engagement
    from pitches.services import reactions

    _near_listening()
    touches: list[int] = []
    real = engagement.touch_consumption
    monkeypatch.setattr(
        engagement, "touch_consumption", lambda **kw: touches.append(1) or real(**kw)
    )
    api.force_authenticate(investor)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            _detail(api, pitch)
        assert len(touches) == 1
        clock.shift(reactions.CLOCK_WRITE_SECONDS + 1)
        for _ in range(3):
            _detail(api, pitch)
    assert len(touches) == 2  # once per window, kept copies or not


@pytest.mark.redis
def test_a_row_changed_behind_the_services_back_is_rebuilt_once(
    api, pitch, investor, redis_trips, django_assert_max_num_queries
):
    from pitches.models import Pitch

    _near_listening()
    api.force_authenticate(investor)
    for _ in range(3):
        _detail(api, pitch)
    Pitch.objects.filter(pk=pitch.pk).update(title="Changed in the shell")  # no invalidation
    assert _detail(api, pitch)["data"]["title"] == "Changed in the shell"  # rebuilt
    with django_assert_max_num_queries(1):  # the row only: the rebuilt part is used
        assert _detail(api, pitch)["data"]["title"] == "Changed in the shell"
