"""Following pitches: the pitch endpoints, accounts' `/api/follows` with targetType pitch, the
page."""

from __future__ import annotations

import pytest
from django.test import Client

from pitches import services
from pitches.models import PitchFollow
from pitchey.errors import DomainError

pytestmark = pytest.mark.django_db


def test_follow_pitch_is_idempotent(investor, published_pitch):
    assert services.follow_pitch(pitch=published_pitch, user=investor) is True
    assert services.follow_pitch(pitch=published_pitch, user=investor) is False
    assert PitchFollow.objects.count() == 1
    assert services.unfollow_pitch(pitch=published_pitch, user=investor) is True
    assert services.unfollow_pitch(pitch=published_pitch, user=investor) is False
    assert not PitchFollow.objects.exists()


def test_the_owner_cannot_follow_their_own_pitch(creator, published_pitch):
    with pytest.raises(DomainError):
        services.follow_pitch(pitch=published_pitch, user=creator)


def test_follow_and_unfollow_through_the_pitch_endpoints(api, investor, watcher, published_pitch):
    services.follow_pitch(pitch=published_pitch, user=watcher)
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/follow"
    data = api.post(url).json()["data"]
    assert data["isFollowing"] is True
    assert data["followersCount"] == 2
    assert api.post(url).json()["data"]["followersCount"] == 2
    status = api.get(f"/api/follows/pitch-status?pitchId={published_pitch.pk}").json()
    assert status["data"]["isFollowing"] is True
    assert status["data"]["followersCount"] == 2
    assert api.delete(url).json()["data"]["isFollowing"] is False
    assert api.delete(url).status_code == 200
    assert api.post(url).status_code == 200
    unfollowed = api.post(f"/api/pitches/{published_pitch.pk}/unfollow").json()["data"]
    assert unfollowed == {**unfollowed, "isFollowing": False, "followersCount": 1}
    assert list(PitchFollow.objects.values_list("user_id", flat=True)) == [watcher.pk]


def test_an_invisible_or_unknown_pitch_is_404(api, investor, draft_pitch):
    assert api.post(f"/api/pitches/{draft_pitch.pk}/follow").status_code == 401
    api.force_authenticate(investor)
    assert api.post(f"/api/pitches/{draft_pitch.pk}/follow").status_code == 404
    assert api.post("/api/pitches/999999/follow").status_code == 404
    assert api.get(f"/api/follows/pitch-status?pitchId={draft_pitch.pk}").status_code == 404
    assert not PitchFollow.objects.exists()


def test_pitch_status_needs_a_pitch_id(api, investor):
    api.force_authenticate(investor)
    response = api.get("/api/follows/pitch-status?pitchId=abc")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "pitchId" in response.json()["error"]["details"]


def test_following_your_own_pitch_is_a_400(api, creator, published_pitch):
    api.force_authenticate(creator)
    assert api.post(f"/api/pitches/{published_pitch.pk}/follow").status_code == 400
    assert not PitchFollow.objects.exists()


def test_accounts_follows_endpoint_follows_pitches(api, investor, published_pitch, draft_pitch):
    api.force_authenticate(investor)
    body = {"targetId": published_pitch.pk, "targetType": "pitch"}
    response = api.post("/api/follows", body, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["isFollowing"] is True
    assert response.json()["data"]["followersCount"] == 1
    action = api.post("/api/follows/action", {**body, "action": "unfollow"}, format="json")
    assert action.json()["data"]["following"] is False
    api.post("/api/follows/follow", body, format="json")
    assert PitchFollow.objects.filter(user=investor, pitch=published_pitch).exists()
    assert api.delete("/api/follows", body, format="json").json()["data"]["following"] is False
    hidden = {"targetId": draft_pitch.pk, "targetType": "pitch"}
    assert api.post("/api/follows", hidden, format="json").status_code == 404
    assert not PitchFollow.objects.exists()


def test_the_pitch_page_has_a_follow_button(investor, published_pitch, draft_pitch):
    client = Client()
    client.force_login(investor)
    page = client.get(published_pitch.get_absolute_url())
    assert b"Follow this pitch" in page.content
    response = client.post(f"/pitch/{published_pitch.pk}/follow/", {"action": "follow"})
    assert response.status_code == 302
    assert PitchFollow.objects.filter(user=investor, pitch=published_pitch).exists()
    assert b"Following" in client.get(published_pitch.get_absolute_url()).content
    client.post(f"/pitch/{published_pitch.pk}/follow/", {"action": "unfollow"})
    assert not PitchFollow.objects.exists()
    assert client.post(f"/pitch/{draft_pitch.pk}/follow/").status_code == 404
    assert not PitchFollow.objects.exists()
