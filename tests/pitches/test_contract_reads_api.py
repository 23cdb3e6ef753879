"""Reads the SPA makes that need pitches: followed creators' pitches, a pitch's follow status,
saved-pitch counts, a user's public counts, liked and recently viewed pitches, rating counts,
and the JSON bodies of deletes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Block, Follow, User
from pitches import services
from pitches.models import Character, SavedPitch
from tests.factories import UserFactory
from tests.pitches.factories import CharacterFactory, PitchFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [card["title"] for card in response.json()["data"]["pitches"]]


# --- /api/pitches/following ---------------------------------------------------------------------


def test_following_lists_published_pitches_of_followed_creators(
    api, investor, creator, other_creator
):
    Follow.objects.create(follower=investor, following=creator)
    PitchFactory(owner=creator, title="Old", published_at=timezone.now() - timedelta(days=2))
    PitchFactory(owner=creator, title="New")
    PitchFactory(owner=creator, title="Draft", status="draft", published_at=None)
    PitchFactory(owner=other_creator, title="Not followed")
    api.force_authenticate(investor)
    response = api.get("/api/pitches/following")
    assert response.status_code == 200
    assert titles(response) == ["New", "Old"]
    body = response.json()
    assert body["data"]["total"] == 2
    assert body["pitches"] == body["data"]["pitches"]
    assert body["meta"]["pagination"]["total"] == 2


def test_following_needs_a_login_and_valid_paging(api, investor):
    assert api.get("/api/pitches/following").status_code == 401
    api.force_authenticate(investor)
    response = api.get("/api/pitches/following?limit=0")
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["details"]


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_following_query_count_is_flat(api, investor, creator, limit, django_assert_num_queries):
    Follow.objects.create(follower=investor, following=creator)
    for _ in range(5):
        PitchFactory(owner=creator)
    api.force_authenticate(investor)
    # count (1) + ids (1) + rows (1) + the viewer's NDA grants (1)
    with django_assert_num_queries(4):
        response = api.get(f"/api/pitches/following?limit={limit}")
    assert len(titles(response)) == min(limit, 5)


# --- /api/follows/pitch-status ------------------------------------------------------------------


def test_pitch_status_says_whether_you_follow_the_pitch_and_its_creator(api, investor, creator):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    data = api.get(f"/api/follows/pitch-status?pitchId={pitch.pk}").json()["data"]
    assert data == {
        "isFollowing": False,
        "followersCount": 0,
        "creatorId": creator.pk,
        "followingCreator": False,
    }
    Follow.objects.create(follower=investor, following=creator)
    services.follow_pitch(pitch=pitch, user=investor)
    data = api.get(f"/api/follows/pitch-status?pitchId={pitch.pk}").json()["data"]
    assert data["isFollowing"] is True
    assert data["followersCount"] == 1
    assert data["followingCreator"] is True


def test_pitch_status_bad_input_and_hidden_pitches(api, investor, creator):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    api.force_authenticate(investor)
    for query in ("", "?pitchId=abc", "?pitchId=0"):
        response = api.get(f"/api/follows/pitch-status{query}")
        assert response.status_code == 400
        assert "pitchId" in response.json()["error"]["details"]
    assert api.get(f"/api/follows/pitch-status?pitchId={draft.pk}").status_code == 404


# --- /api/saved-pitches/stats -------------------------------------------------------------------


def test_saved_stats_count_only_your_visible_saves(api, investor, watcher, creator):
    drama = PitchFactory(owner=creator, genre="Drama")
    comedy = PitchFactory(owner=creator, genre="Comedy")
    gone = PitchFactory(owner=creator, genre="Horror")
    services.save_pitch(pitch=drama, user=investor, notes="Call")
    services.save_pitch(pitch=comedy, user=investor)
    services.save_pitch(pitch=gone, user=investor)
    services.save_pitch(pitch=drama, user=watcher)
    SavedPitch.objects.filter(pitch=comedy).update(created_at=timezone.now() - timedelta(days=30))
    services.archive_pitch(pitch=gone, actor=creator)
    api.force_authenticate(investor)
    data = api.get("/api/saved-pitches/stats").json()["data"]
    assert data == {
        "total": 2,
        "withNotes": 1,
        "thisWeek": 1,
        "byGenre": {"Comedy": 1, "Drama": 1},
    }


def test_saved_stats_need_a_login(api):
    assert api.get("/api/saved-pitches/stats").status_code == 401


# --- /api/users/:id/stats -----------------------------------------------------------------------


def test_user_stats_count_published_work_and_follows(api, investor, creator):
    PitchFactory(owner=creator, view_count=10, like_count=2)
    PitchFactory(owner=creator, view_count=5, like_count=1)
    PitchFactory(owner=creator, status="draft", published_at=None, view_count=99)
    Follow.objects.create(follower=investor, following=creator)
    api.force_authenticate(investor)
    response = api.get(f"/api/users/{creator.pk}/stats")
    assert response.status_code == 200
    assert response.json()["data"]["stats"] == {
        "followers": 1,
        "following": 0,
        "pitches": 2,
        "totalViews": 15,
        "totalLikes": 3,
    }


def test_user_stats_hide_private_blocked_and_gone_users(api, investor, creator):
    api.force_authenticate(investor)
    assert api.get("/api/users/999999/stats").status_code == 404
    gone = UserFactory(is_active=False)
    assert api.get(f"/api/users/{gone.pk}/stats").status_code == 404
    private = UserFactory(privacy_settings={"profile_visibility": "private"})
    assert api.get(f"/api/users/{private.pk}/stats").status_code == 404
    Block.objects.create(blocker=creator, blocked=investor)
    assert api.get(f"/api/users/{creator.pk}/stats").status_code == 404
    User.objects.filter(pk=investor.pk).update(privacy_settings={"profile_visibility": "private"})
    assert api.get(f"/api/users/{investor.pk}/stats").status_code == 200  # yourself


def test_user_stats_need_a_login(api, creator):
    assert api.get(f"/api/users/{creator.pk}/stats").status_code == 401


# --- /api/users/liked-pitches and /api/users/recently-viewed ------------------------------------


def test_liked_pitches_are_yours_and_still_visible(api, investor, watcher, creator):
    first = PitchFactory(owner=creator, title="First")
    second = PitchFactory(owner=creator, title="Second")
    hidden = PitchFactory(owner=creator, title="Hidden")
    for pitch in (first, second, hidden):
        services.like_pitch(pitch=pitch, user=investor)
    services.like_pitch(pitch=PitchFactory(owner=creator, title="Theirs"), user=watcher)
    services.archive_pitch(pitch=hidden, actor=creator)
    api.force_authenticate(investor)
    response = api.get("/api/users/liked-pitches?limit=10")
    assert response.status_code == 200
    assert titles(response) == ["Second", "First"]


def test_recently_viewed_newest_first(api, investor, watcher, creator, time_machine):
    first = PitchFactory(owner=creator, title="First")
    second = PitchFactory(owner=creator, title="Second")
    time_machine.move_to(timezone.now() - timedelta(days=2))
    services.record_view(pitch=second, user=investor, session_key="s")
    time_machine.move_to(timezone.now() + timedelta(days=1))
    services.record_view(pitch=first, user=investor, session_key="s")
    services.record_view(pitch=PitchFactory(owner=creator), user=watcher, session_key="w")
    api.force_authenticate(investor)
    assert titles(api.get("/api/users/recently-viewed")) == ["First", "Second"]


def test_library_lists_need_a_login_and_valid_paging(api, investor):
    for path in ("/api/users/liked-pitches", "/api/users/recently-viewed"):
        assert api.get(path).status_code == 401
    api.force_authenticate(investor)
    for path in ("/api/users/liked-pitches", "/api/users/recently-viewed"):
        response = api.get(f"{path}?page=abc")
        assert response.status_code == 400
        assert "page" in response.json()["error"]["details"]


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_library_query_counts_are_flat(api, investor, creator, limit, django_assert_num_queries):
    for _ in range(5):
        pitch = PitchFactory(owner=creator)
        services.like_pitch(pitch=pitch, user=investor)
        services.record_view(pitch=pitch, user=investor, session_key="s")
    api.force_authenticate(investor)
    for path in ("/api/users/liked-pitches", "/api/users/recently-viewed"):
        # count (1) + ids (1) + rows (1) + the viewer's NDA grants (1)
        with django_assert_num_queries(4):
            response = api.get(f"{path}?limit={limit}")
        assert len(titles(response)) == min(limit, 5)


# --- /api/browse/top-rated/stats ----------------------------------------------------------------


def test_top_rated_stats(api, creator):
    PitchFactory(owner=creator, rating_count=2, rating_average="4.00")
    PitchFactory(owner=creator, rating_count=1, rating_average="3.00")
    PitchFactory(owner=creator)
    PitchFactory(owner=creator, status="draft", published_at=None, rating_count=9)
    body = api.get("/api/browse/top-rated/stats").json()
    assert body["stats"] == {
        "totalPitches": 3,
        "ratedPitches": 2,
        "totalRatings": 3,
        "averageRating": 3.5,
    }


# --- deletes answer a body the SPA reads --------------------------------------------------------


def test_deletes_answer_success_and_refuse_others(api, investor, watcher, creator, other_creator):
    pitch = PitchFactory(owner=creator)
    saved = services.save_pitch(pitch=pitch, user=investor)
    api.force_authenticate(watcher)
    assert api.delete(f"/api/saved-pitches/{saved.pk}").status_code == 404
    assert SavedPitch.objects.filter(pk=saved.pk).exists()
    api.force_authenticate(investor)
    response = api.delete(f"/api/saved-pitches/{saved.pk}")
    assert response.json() | {"meta": None} == {
        "success": True,
        "data": {"deleted": True, "id": saved.pk},
        "deleted": True,
        "id": saved.pk,
        "meta": None,
    }

    character = CharacterFactory(pitch=pitch)
    api.force_authenticate(other_creator)
    url = f"/api/pitches/{pitch.pk}/characters/{character.pk}"
    assert api.delete(url).status_code == 404
    assert api.delete(f"/api/pitches/{pitch.pk}").status_code == 404
    api.force_authenticate(creator)
    assert api.delete(url).json()["data"] == {"deleted": True, "id": character.pk}
    assert not Character.objects.filter(pk=character.pk).exists()
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    assert api.delete(f"/api/pitches/{draft.pk}").json()["success"] is True


# --- list pages: top-level keys and meta.pagination ---------------------------------------------


def test_browse_and_search_pages_are_readable_every_way(api, creator):
    for _ in range(3):
        PitchFactory(owner=creator, title="Lighthouse tale")
    browse = api.get("/api/browse?limit=2").json()
    assert browse["items"] == browse["data"]["items"]
    assert browse["totalPages"] == 2
    assert browse["meta"]["pagination"]["total"] == 3
    search = api.get("/api/search?q=lighthouse&limit=2").json()
    assert len(search["data"]["results"]) == 2
    assert search["total"] == 3
    assert search["meta"]["pagination"]["total"] == 3
    assert search["data"]["pageSize"] == 2
    bad = api.get("/api/search?limit=abc")
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "VALIDATION_ERROR"
