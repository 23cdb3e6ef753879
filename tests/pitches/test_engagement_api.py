from __future__ import annotations

import pytest

from pitches.models import PitchLike, SavedPitch
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_likes_are_idempotent_and_counted_atomically(api, investor, published_pitch):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/like"
    assert api.post(url).json()["data"]["likeCount"] == 1
    assert api.post(url).json()["data"]["likeCount"] == 1
    assert api.delete(url).json()["data"]["likeCount"] == 0
    assert api.delete(url).json()["data"] == {"liked": False, "likeCount": 0}


def test_liking_needs_a_login_and_a_visible_pitch(api, investor, draft_pitch):
    assert api.post(f"/api/pitches/{draft_pitch.pk}/like").status_code == 401
    api.force_authenticate(investor)
    assert api.post(f"/api/pitches/{draft_pitch.pk}/like").status_code == 404
    assert api.post("/api/pitches/999999/save").status_code == 404
    assert not PitchLike.objects.exists()


def test_saves_are_idempotent(api, watcher, published_pitch):
    api.force_authenticate(watcher)
    url = f"/api/pitches/{published_pitch.pk}/save"
    first = api.post(url).json()["data"]
    assert first["saved"] is True
    assert first["saveCount"] == 1
    assert api.post(url).json()["data"]["saveCount"] == 1
    assert (
        api.get(f"/api/saved-pitches/check/{published_pitch.pk}").json()["data"]["isSaved"] is True
    )
    assert api.delete(url).json()["data"]["saveCount"] == 0
    assert (
        api.get(f"/api/saved-pitches/check/{published_pitch.pk}").json()["data"]["isSaved"] is False
    )


def test_saved_pitches_list_and_notes(api, investor, published_pitch, django_assert_num_queries):
    api.force_authenticate(investor)
    response = api.post(
        "/api/saved-pitches", {"pitchId": published_pitch.pk, "notes": "Call them"}, format="json"
    )
    assert response.status_code == 201
    saved_id = response.json()["data"]["savedPitch"]["id"]
    for pitch in PitchFactory.create_batch(30):
        api.post(f"/api/pitches/{pitch.pk}/save")
    for limit in (10, 20, 50):
        with django_assert_num_queries(3):
            data = api.get(f"/api/saved-pitches?limit={limit}").json()["data"]
    assert data["total"] == 31
    assert data["savedPitches"][-1]["pitch"]["title"] == published_pitch.title
    response = api.put(f"/api/saved-pitches/{saved_id}", {"notes": "Called"}, format="json")
    assert response.json()["data"]["savedPitch"]["notes"] == "Called"
    removed = api.delete(f"/api/saved-pitches/{saved_id}")
    assert removed.status_code == 200
    assert removed.json()["success"] is True
    assert api.get("/api/saved-pitches").json()["data"]["total"] == 30


def test_saved_pitches_bad_input(api, investor):
    api.force_authenticate(investor)
    assert api.post("/api/saved-pitches", {"pitchId": "x"}, format="json").status_code == 400
    assert api.post("/api/saved-pitches", {"pitchId": 424242}, format="json").status_code == 404
    assert api.put("/api/saved-pitches/1", {}, format="json").status_code == 404


def test_someone_elses_saved_pitch_is_untouchable(api, investor, watcher, published_pitch):
    saved = SavedPitch.objects.create(user=watcher, pitch=published_pitch, notes="mine")
    api.force_authenticate(investor)
    assert (
        api.put(f"/api/saved-pitches/{saved.pk}", {"notes": "x"}, format="json").status_code == 404
    )
    assert api.delete(f"/api/saved-pitches/{saved.pk}").status_code == 404
    assert SavedPitch.objects.get(pk=saved.pk).notes == "mine"
    assert api.get("/api/saved-pitches").json()["data"]["total"] == 0


def test_saved_list_needs_a_login(api):
    assert api.get("/api/saved-pitches").status_code == 401
