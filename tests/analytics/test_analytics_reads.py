"""The analytics service's other reads (section 3.4 "Analytics & reports" rows and C8's view
endpoints): the SPA's keys, figures equal to raw counts, someone else's pitch, bad input and
fixed query counts."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from analytics import periods
from analytics.models import Event
from analytics.services import rollups
from tests.analytics.conftest import make_events
from tests.conftest import clear_cache
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _get(api, user, url, **params):
    api.force_authenticate(user)
    return api.get(url, params)


@pytest.fixture
def history(creator, investor, production):
    """Three pitches of the creator and one of someone else's, with 60 days of events rolled
    up to two days ago (the rest is read raw)."""
    pitches = [PitchFactory(owner=creator) for _ in range(3)]
    other = PitchFactory()
    now = timezone.now()
    make_events(
        400,
        start=now - timedelta(days=59),
        hours=59 * 24,
        pitch_ids=[p.pk for p in pitches] + [other.pk],
        creator_of={**{p.pk: creator.pk for p in pitches}, other.pk: other.owner_id},
        user_ids=[investor.pk, production.pk],
        seed=7,
    )
    rollups.catch_up(now=now - timedelta(days=2))
    return pitches, other


def _raw(**filters) -> Counter:
    return Counter(Event.objects.filter(**filters).values_list("event_type", flat=True))


def test_every_new_read_answers_the_keys_the_spa_reads(api, creator, investor, staff, history):
    pitches, _ = history
    pid = pitches[0].pk
    cases = [
        (creator, f"/api/analytics/pitch/{pid}", {"preset": "30d"}, "analytics", "totals"),
        (creator, f"/api/analytics/funnel/{pid}", {}, "funnel", None),
        (
            creator,
            "/api/analytics/engagement",
            {"entityType": "pitch", "entityId": pid},
            "totals",
            None,
        ),
        (creator, "/api/analytics/engagement", {}, "engagementRate", None),
        (creator, f"/api/analytics/compare/pitch/{pid}", {}, "comparison", "views"),
        (creator, "/api/analytics/compare/pitch", {"days": 7}, "comparison", "views"),
        (creator, "/api/analytics/compare/dashboard", {}, "comparison", "views"),
        (investor, "/api/analytics/compare/user", {}, "comparison", "pitchesViewed"),
        (staff, "/api/analytics/compare/platform", {}, "comparison", "registrations"),
        (creator, "/api/analytics/revenue", {"start": "2026-11-01"}, "totalRevenue", None),
        (creator, "/api/analytics/activity", {"limit": 5}, "activities", None),
        (creator, "/api/analytics/activity", {"pitchId": pid}, "activities", None),
        (investor, "/api/analytics/trending", {"limit": 5}, None, None),
        (creator, f"/api/views/pitch/{pid}", {}, "data", None),
        (creator, "/api/views/analytics", {"groupBy": "week"}, "data", None),
    ]
    for user, url, params, key, inner in cases:
        clear_cache()
        response = _get(api, user, url, **params)
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        assert body["success"] is True, url
        if key is not None:
            assert key in body["data"], (url, list(body["data"]))
        if inner is not None:
            assert inner in body["data"][key], (url, body["data"][key])


def test_funnel_and_comparison_equal_direct_counts(api, creator, history):
    pitches, _ = history
    pitch = pitches[0]
    now = timezone.now()
    since = periods.day_start(89, now=now)
    raw = _raw(pitch_id=pitch.pk, created_at__gte=since)
    body = _get(api, creator, f"/api/analytics/funnel/{pitch.pk}").json()["data"]
    assert [s["count"] for s in body["funnel"]] == [
        raw["pitch_view"],
        raw["nda_request"],
        raw["nda_signed"],
        raw["investment_made"],
    ]
    assert body["funnel"][0]["count"] > 0

    start, earlier = periods.day_start(29, now=now), periods.day_start(59, now=now)
    ids = [p.pk for p in pitches]
    current = _raw(pitch_id__in=ids, created_at__gte=start)
    previous = _raw(pitch_id__in=ids, created_at__gte=earlier, created_at__lt=start)
    comparison = _get(api, creator, "/api/analytics/compare/pitch").json()["data"]["comparison"]
    assert comparison["views"]["current"] == current["pitch_view"]
    assert comparison["views"]["previous"] == previous["pitch_view"]
    assert comparison["likes"]["change"] == current["pitch_like"] - previous["pitch_like"]
    assert comparison["views"]["previous"] > 0


def test_engagement_and_grouped_views_equal_direct_counts(api, creator, history):
    pitches, _ = history
    pitch = pitches[1]
    today = timezone.localdate()
    start = today - timedelta(days=44)
    raw = _raw(pitch_id=pitch.pk, created_at__gte=periods.day_start(44, now=timezone.now()))
    body = _get(
        api,
        creator,
        "/api/analytics/engagement",
        entityType="pitch",
        entityId=pitch.pk,
        start=start.isoformat(),
    ).json()["data"]
    assert body["totals"]["views"] == raw["pitch_view"]
    assert body["totals"]["saves"] == raw["pitch_save"]
    acted = raw["pitch_like"] + raw["pitch_save"]
    assert body["engagementRate"] == round(100 * acted / raw["pitch_view"], 1)

    grouped = _get(
        api,
        creator,
        "/api/views/analytics",
        groupBy="month",
        pitchId=pitch.pk,
        startDate=start.isoformat(),
    ).json()["data"]
    assert grouped["total"] == raw["pitch_view"]
    assert all(row["period"].endswith("-01") for row in grouped["data"])


def test_who_viewed_names_viewers_to_the_owner_only(api, creator, investor, other_creator):
    pitch = PitchFactory(owner=creator)
    Event.objects.create(
        event_type="pitch_view", user_id=investor.pk, pitch_id=pitch.pk, creator_id=creator.pk
    )
    body = _get(api, creator, f"/api/views/pitch/{pitch.pk}").json()["data"]
    assert [v["name"] for v in body["data"]] == [investor.display_name]
    assert body["viewers"] == body["data"]
    assert _get(api, other_creator, f"/api/views/pitch/{pitch.pk}").status_code == 404
    assert _get(api, investor, f"/api/views/pitch/{pitch.pk}").status_code == 404


def test_views_are_tracked_through_both_spellings(
    api, creator, investor, django_capture_on_commit_callbacks
):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post("/api/views/track", {"pitchId": pitch.pk}, format="json")
        again = api.post(f"/api/pitches/{pitch.pk}/engagement", {"type": "view"}, format="json")
        shared = api.post(f"/api/pitches/{pitch.pk}/engagement", {"type": "share"}, format="json")
        liked = api.post(f"/api/pitches/{pitch.pk}/engagement", {"type": "like"}, format="json")
    assert first.status_code == 200, first.content
    assert first.json()["data"]["tracked"] is True
    assert again.json()["data"]["tracked"] is False  # once per viewer per day
    assert again.json()["data"]["views"] == 1
    assert shared.json()["data"]["tracked"] is True
    assert liked.json()["data"]["likes"] == 0  # reported, not a like: that is POST /like
    events = list(Event.objects.filter(pitch_id=pitch.pk).values_list("event_type", "event_data"))
    assert sorted(events, key=str) == sorted(
        [
            ("pitch_view", {}),
            ("page_view", {"engagement": "share"}),
            ("page_view", {"engagement": "like"}),
        ],
        key=str,
    )


def test_someone_elses_pitch_is_a_404_or_a_field_message_and_nothing_is_written(
    api, creator, other_creator, investor
):
    theirs = PitchFactory(owner=other_creator)
    draft = PitchFactory(owner=other_creator, status="draft", published_at=None)
    before = Event.objects.count()
    for url in (
        f"/api/analytics/pitch/{theirs.pk}",
        f"/api/analytics/funnel/{theirs.pk}",
        f"/api/analytics/compare/pitch/{theirs.pk}",
        f"/api/views/pitch/{theirs.pk}",
        f"/api/analytics/compare/user/{other_creator.pk}",
        "/api/analytics/compare/platform",
        "/api/analytics/compare/nonsense",
    ):
        assert _get(api, creator, url).status_code == 404, url
    for url, params, field in (
        ("/api/analytics/engagement", {"entityType": "pitch", "entityId": theirs.pk}, "entityId"),
        ("/api/analytics/engagement", {"entityType": "user", "entityId": investor.pk}, "entityId"),
        ("/api/analytics/activity", {"pitchId": theirs.pk}, "pitchId"),
        ("/api/analytics/activity", {"userId": investor.pk}, "userId"),
        ("/api/views/analytics", {"pitchId": theirs.pk}, "pitchId"),
    ):
        response = _get(api, creator, url, **params)
        assert response.status_code == 400, (url, params)
        assert field in response.json()["error"]["details"], (url, params)
    api.force_authenticate(investor)
    response = api.post(f"/api/pitches/{draft.pk}/engagement", {"type": "view"}, format="json")
    assert response.status_code == 404
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/analytics/pitch/{pid}", {"start": "2026-02-30"}, "start"),
        ("/api/analytics/pitch/{pid}", {"preset": "forever"}, "preset"),
        ("/api/analytics/revenue", {"start": "2026-02-01", "end": "2026-01-01"}, "start"),
        ("/api/analytics/revenue", {"start": "1999-01-01"}, "start"),
        ("/api/analytics/funnel/{pid}", {"days": "0"}, "days"),
        ("/api/analytics/engagement", {"entityType": "pitch"}, "entityId"),
        ("/api/analytics/engagement", {"entityType": "galaxy"}, "entityType"),
        ("/api/analytics/compare/dashboard", {"days": "9" * 30}, "days"),
        ("/api/analytics/activity", {"limit": "abc"}, "limit"),
        ("/api/analytics/activity", {"type": "nope"}, "type"),
        ("/api/views/analytics", {"groupBy": "decade"}, "groupBy"),
        ("/api/views/pitch/{pid}", {"days": "-1"}, "days"),
    ],
)
def test_bad_parameters_get_field_messages(api, creator, url, params, field):
    pitch = PitchFactory(owner=creator)
    response = _get(api, creator, url.format(pid=pitch.pk), **params)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["details"]


def test_engagement_reports_need_a_known_kind(api, investor, creator):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    response = api.post(f"/api/pitches/{pitch.pk}/engagement", {"type": "teleport"}, format="json")
    assert response.status_code == 400
    assert "type" in response.json()["error"]["details"]
    assert not Event.objects.exists()


def test_the_session_reads_need_a_login(api, creator):
    pitch = PitchFactory(owner=creator)
    for url in (
        f"/api/analytics/pitch/{pitch.pk}",
        f"/api/analytics/funnel/{pitch.pk}",
        "/api/analytics/engagement",
        "/api/analytics/compare/dashboard",
        "/api/analytics/revenue",
        "/api/analytics/activity",
        f"/api/views/pitch/{pitch.pk}",
        "/api/views/analytics",
    ):
        assert api.get(url).status_code == 401, url
    assert api.get("/api/analytics/trending").status_code == 200  # public, like /pitches/trending


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        ("creator", "/api/creator/followers", 2),
        ("creator", "/api/creator/pitches/{pid}/analytics", 6),
        ("investor", "/api/pitches/{pid}/engagement", 4),
        ("production", "/api/production/stats", 12),
        ("production", "/api/production/activity", 4),
        ("investor", "/api/analytics/user", 4),
        ("staff", "/api/admin/stats", 6),
        ("creator", "/api/analytics/pitch/{pid}", 6),
        ("creator", "/api/analytics/funnel/{pid}", 3),
        ("creator", "/api/analytics/engagement", 2),
        ("creator", "/api/analytics/compare/pitch", 4),
        ("creator", "/api/analytics/compare/dashboard", 3),
        ("creator", "/api/analytics/revenue", 6),  # + the investments dashboard section
        ("creator", "/api/analytics/activity", 4),
        ("creator", "/api/views/pitch/{pid}", 3),
        ("creator", "/api/views/analytics", 3),
    ],
)
def test_queries_do_not_grow_with_pitches_or_events(
    request, api, persona, url, expected, creator, investor, production, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    api.force_authenticate(user)
    now = timezone.now()
    first = PitchFactory(owner=creator)
    for events, pitch_count in ((5, 2), (500, 40)):
        Event.objects.all().delete()
        pitches = [first, *(PitchFactory(owner=creator) for _ in range(pitch_count - 1))]
        Event.objects.create(  # a named viewer of the first pitch at both sizes
            event_type="pitch_view",
            user_id=investor.pk,
            pitch_id=first.pk,
            creator_id=creator.pk,
            created_at=now - timedelta(hours=30),
        )
        make_events(
            events - 1,
            start=now - timedelta(days=3),
            hours=3 * 24,
            pitch_ids=[p.pk for p in pitches],
            creator_of={p.pk: creator.pk for p in pitches},
            user_ids=[investor.pk, production.pk, creator.pk],
            seed=events,
        )
        rollups.catch_up(now=now - timedelta(days=1))
        clear_cache()
        with django_assert_num_queries(expected):
            assert api.get(url.format(pid=first.pk)).status_code == 200
