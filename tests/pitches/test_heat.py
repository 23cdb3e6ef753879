"""Heat: role-weighted, time-decayed, recomputed by one job (beat every 15 minutes, a command with
--dry-run); badges; the hot, trending and heat endpoints; audience demand."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from pitches import services
from pitches.engagement import heat
from pitches.engagement import services as engagement
from pitchey.celery import app
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(creator):
    """Published long ago, so freshness adds nothing."""
    return PitchFactory(owner=creator, published_at=timezone.now() - timedelta(days=200))


def test_heat_weighs_roles_and_sources(old, creator, investor, production, watcher):
    rival = PitchFactory(owner=creator, published_at=old.published_at)
    services.like_pitch(pitch=old, user=production)  # 4 x 1.5
    services.like_pitch(pitch=rival, user=watcher)  # 0.5 x 1.5
    services.save_pitch(pitch=rival, user=investor)  # 3 x 2
    heat.refresh_heat_scores()
    old.refresh_from_db()
    rival.refresh_from_db()
    assert old.trending_score == pytest.approx(0.45 * 6.0, abs=0.01)
    assert rival.trending_score == pytest.approx(0.45 * 6.75, abs=0.01)


def test_the_owners_own_activity_does_not_heat(old, creator):
    services.like_pitch(pitch=old, user=creator)
    assert heat.refresh_heat_scores() == 0
    old.refresh_from_db()
    assert old.trending_score == 0


def test_rating_interest_and_freshness_parts(creator, investor):
    now = timezone.now()
    pitch = PitchFactory(owner=creator, published_at=now - timedelta(days=45), nda_count=3)
    engagement.rate_pitch(pitch=pitch, rater=investor, score=10)
    parts = heat.components(type(pitch).objects.filter(pk=pitch.pk), now)[pitch.pk]
    assert parts["rating"] == pytest.approx(65.4, abs=0.01)  # Pitchey Score (55 + 30) / 13
    assert parts["interest"] == 30.0
    assert parts["freshness"] == pytest.approx(50.0, abs=0.1)


def test_activity_older_than_the_window_is_ignored(old, investor):
    with time_machine.travel(timezone.now() - timedelta(days=91)):
        services.like_pitch(pitch=old, user=investor)
    assert heat.refresh_heat_scores() == 0


def test_unpublished_pitches_lose_their_heat(old, investor):
    services.like_pitch(pitch=old, user=investor)
    heat.refresh_heat_scores()
    services.archive_pitch(pitch=old, actor=old.owner)
    heat.refresh_heat_scores()
    old.refresh_from_db()
    assert old.trending_score == 0


def test_badges():
    assert [heat.badge(s) for s in (0, 34.99, 35, 59.9, 60, 100)] == [
        None,
        None,
        "trending",
        "trending",
        "hot",
        "hot",
    ]


def test_one_trending_job_every_15_minutes_and_a_dry_run_command(old, investor):
    import pitches.tasks  # noqa: F401 - registers the schedule

    entries = [e for e in app.conf.beat_schedule.values() if "trending" in e["task"]]
    assert [e["task"] for e in entries] == ["pitches.tasks.refresh_trending_scores"]
    assert str(entries[0]["schedule"]._orig_minute) == "*/15"
    services.like_pitch(pitch=old, user=investor)
    out = StringIO()
    call_command("refresh_trending", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "1 published pitches would get heat above 0."
    old.refresh_from_db()
    assert old.trending_score == 0
    call_command("refresh_trending", stdout=StringIO())
    old.refresh_from_db()
    assert old.trending_score > 0


def test_hot_lists_pitches_with_heat_hottest_first_and_cards_carry_badges(api, old, creator):
    cold = PitchFactory(owner=creator, published_at=old.published_at, title="Cold")
    warm = PitchFactory(owner=creator, published_at=old.published_at, title="Warm")
    type(old).objects.filter(pk=old.pk).update(trending_score=72.5)
    type(old).objects.filter(pk=warm.pk).update(trending_score=40)
    body = api.get("/api/pitches/hot?limit=6").json()
    assert [p["title"] for p in body["data"]["pitches"]] == [old.title, "Warm"]
    assert [p["heatBadge"] for p in body["data"]["pitches"]] == ["hot", "trending"]
    trending = api.get("/api/pitches/trending").json()["data"]["pitches"]
    assert [p["title"] for p in trending] == [old.title, "Warm", cold.title]
    assert api.get("/api/pitches/hot?genre=Comedy").json()["data"]["pitches"] == []


def test_heat_breakdown_of_one_pitch(api, old, investor, draft_pitch):
    services.like_pitch(pitch=old, user=investor)
    heat.refresh_heat_scores()
    body = api.get(f"/api/pitches/{old.pk}/heat").json()["data"]
    assert body["heatScore"] == pytest.approx(0.45 * 4.5, abs=0.01)
    assert set(body["components"]) == {"engagement", "rating", "interest", "freshness"}
    assert (body["likeCount"], body["likes7d"]) == (1, 1)
    assert api.get(f"/api/pitches/{draft_pitch.pk}/heat").status_code == 404


def test_audience_demand_ranks_what_watchers_back(api, creator, investor):
    now = timezone.now()
    crowd = PitchFactory(
        owner=creator,
        title="Crowd Pleaser",
        genre="Comedy",
        title_image="https://img.example/secret.png",
        visibility_settings={"show_media": False},
    )
    industry = PitchFactory(owner=creator, title="Industry Darling", genre="Drama")
    fans = UserFactory.create_batch(2, user_type="viewer")
    for fan in fans:
        services.like_pitch(pitch=crowd, user=fan)
        services.save_pitch(pitch=crowd, user=fan)
    services.like_pitch(pitch=industry, user=investor)
    with time_machine.travel(now - timedelta(days=10)):
        services.record_view(pitch=industry, user=fans[0], session_key="")
    body = api.get("/api/pitches/audience-demand?limit=8").json()["data"]
    # the investor's like is not audience demand; the watcher's older view is
    assert [(p["title"], p["audienceScore"]) for p in body["pitches"]] == [
        ("Crowd Pleaser", 10),
        ("Industry Darling", 1),
    ]
    top = body["pitches"][0]
    assert (top["watcherLikes"], top["watcherSaves"], top["audienceScore"]) == (2, 2, 10)
    assert top["coverImage"] == ""  # the creator hides media
    assert [g["name"] for g in body["genres"]] == ["Comedy"]  # Drama fell from 1 view to 0
    assert body["genres"][0]["recent"] == 4  # two saves count twice
