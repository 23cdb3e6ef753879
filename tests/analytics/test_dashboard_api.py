"""Portal dashboards and analytics endpoints: the SPA's keys, access, bad input, fixed queries."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import social
from analytics.models import Event
from analytics.services import rollups
from tests.analytics.conftest import make_events
from tests.conftest import clear_cache
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _get(api, user, url, **params):
    api.force_authenticate(user)
    return api.get(url, params)


def _resolve(body: dict, chain: str) -> bool:
    """A key chain as apiClient reads it: inside `data`, else at the top level."""
    for root in (body.get("data"), body):
        node = root
        for part in chain.split("."):
            if not isinstance(node, dict) or part not in node:
                node = None
                break
            node = node[part]
        if node is not None:
            return True
    return False


CONTRACT = [
    (
        "creator",
        "/api/creator/dashboard",
        {},
        [
            "data",
            "overview.totalViews",
            "overview.totalPitches",
            "overview.pendingActions",
            "recentPitches",
            "recentActivity.ndaRequests",
            "revenue.totalRevenue",
        ],
    ),
    ("creator", "/api/creator/stats", {"period": "30d"}, ["stats", "stats.allTime.views"]),
    (
        "creator",
        "/api/creator/analytics",
        {"startDate": "2026-01-01"},
        ["data", "totals.views", "series"],
    ),
    ("creator", "/api/creator/activities", {"limit": 5, "offset": 0}, ["activities", "total"]),
    ("creator", "/api/creator/followers", {"limit": 5}, ["followers", "total"]),
    ("creator", "/api/analytics/realtime", {}, ["data", "stats", "stats.platform.pitchView"]),
    ("creator", "/api/analytics/dashboard", {"preset": "7d"}, ["data", "overview"]),
    ("creator", "/api/analytics/user", {}, ["analytics", "analytics.overview"]),
    ("creator", "/api/analytics/scheduled-reports", {}, ["reports"]),
    ("investor", "/api/activity/feed", {"limit": 10}, ["items", "summary"]),
    ("investor", "/api/investor/activity/feed", {"limit": 5}, ["activities", "total"]),
    (
        "investor",
        "/api/investor/analytics",
        {"period": "month"},
        ["analytics", "analytics.portfolio"],
    ),
    ("production", "/api/production/dashboard", {}, ["dashboard", "dashboard.stats"]),
    ("production", "/api/production/analytics", {"timeframe": "30d"}, ["data", "overview"]),
    ("production", "/api/production/stats", {}, ["stats"]),
    ("production", "/api/production/activity", {"timeRange": "7d"}, ["activities"]),
    ("staff", "/api/admin/dashboard", {}, ["stats", "funnel"]),
    ("staff", "/api/admin/stats", {}, ["stats"]),
    (
        "staff",
        "/api/admin/analytics",
        {"period": "30d"},
        ["analytics", "analytics.funnel", "analytics.slowRequests"],
    ),
    ("staff", "/api/admin/liquidity", {}, ["pitches", "summary"]),
]


@pytest.mark.parametrize(("persona", "url", "params", "keys"), CONTRACT)
def test_every_endpoint_answers_the_keys_the_spa_reads(
    request, api, persona, url, params, keys, creator
):
    user = request.getfixturevalue(persona)
    PitchFactory(owner=creator)
    response = _get(api, user, url, **params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    missing = [chain for chain in keys if not _resolve(body, chain)]
    assert not missing, f"{url} lacks {missing}"


def test_production_activity_is_also_at_the_top_level_for_fetch_callers(api, production):
    body = _get(api, production, "/api/production/activity").json()
    assert "activities" in body
    assert "activities" in body["data"]


def test_pitch_engagement_and_pitch_analytics_answer_for_a_visible_pitch(api, creator, investor):
    pitch = PitchFactory(owner=creator)
    body = api.get(f"/api/pitches/{pitch.pk}/engagement").json()
    assert body["success"] is True
    assert {"views", "likes", "saves", "last7Days"} <= set(body["data"])
    body = _get(api, creator, f"/api/creator/pitches/{pitch.pk}/analytics").json()
    assert {"totals", "trends", "series", "viewers"} <= set(body["data"]["analytics"])


def test_someone_elses_pitch_is_a_404_and_a_draft_has_no_public_engagement(
    api, creator, other_creator
):
    theirs = PitchFactory(owner=other_creator)
    draft = PitchFactory(owner=other_creator, status="draft", published_at=None)
    assert _get(api, creator, f"/api/creator/pitches/{theirs.pk}/analytics").status_code == 404
    assert _get(api, creator, f"/api/pitches/{draft.pk}/engagement").status_code == 404
    response = _get(api, creator, "/api/creator/analytics", pitchId=theirs.pk)
    assert response.status_code == 400
    assert "pitchId" in response.json()["error"]["details"]


def test_other_users_analytics_are_hidden_except_from_staff(api, creator, investor, staff):
    assert _get(api, creator, f"/api/analytics/user/{investor.pk}").status_code == 404
    body = _get(api, staff, f"/api/analytics/user/{investor.pk}").json()
    assert body["data"]["analytics"]["userId"] == investor.pk


def test_portal_dashboards_refuse_other_portals_and_anonymous_users(api, investor, creator):
    assert api.get("/api/creator/dashboard").status_code == 401
    assert _get(api, investor, "/api/creator/dashboard").status_code == 403
    assert _get(api, creator, "/api/production/dashboard").status_code == 403
    assert _get(api, creator, "/api/admin/analytics").status_code == 403


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/creator/analytics", {"startDate": "yesterday"}, "startDate"),
        (
            "/api/creator/analytics",
            {"startDate": "2026-02-01", "endDate": "2026-01-01"},
            "startDate",
        ),
        ("/api/creator/analytics", {"pitchId": "9" * 40}, "pitchId"),
        ("/api/creator/activities", {"limit": "abc"}, "limit"),
        ("/api/creator/activities", {"type": "nope"}, "type"),
        ("/api/analytics/dashboard", {"days": "99999999999999999999"}, "days"),
        ("/api/analytics/dashboard", {"start": "2026-13-45"}, "start"),
    ],
)
def test_bad_parameters_get_field_messages(api, creator, url, params, field):
    response = _get(api, creator, url, **params)
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]


def test_dashboard_figures_equal_raw_counts_and_follow_new_activity(
    api, creator, investor, django_capture_on_commit_callbacks
):
    pitches = [PitchFactory(owner=creator) for _ in range(3)]
    other = PitchFactory()
    now = timezone.now()
    make_events(
        300,
        start=now - timedelta(days=40),
        hours=40 * 24,
        pitch_ids=[p.pk for p in pitches] + [other.pk],
        creator_of={**{p.pk: creator.pk for p in pitches}, other.pk: other.owner_id},
        user_ids=[investor.pk],
    )
    rollups.catch_up(now=now - timedelta(days=2))
    mine = Counter(
        Event.objects.filter(pitch_id__in=[p.pk for p in pitches]).values_list(
            "event_type", flat=True
        )
    )
    overview = _get(api, creator, "/api/creator/dashboard").json()["data"]["overview"]
    assert overview["totalViews"] == mine["pitch_view"]
    assert overview["totalLikes"] == mine["pitch_like"]
    assert overview["signedNdas"] == mine["nda_signed"]
    assert overview["messages"] == mine["message_sent"]
    with django_capture_on_commit_callbacks(execute=True):
        from pitches import services

        services.like_pitch(pitch=pitches[0], user=investor)
        social.follow_user(follower=investor, target=creator)
    overview = _get(api, creator, "/api/creator/dashboard").json()["data"]["overview"]
    assert overview["totalLikes"] == mine["pitch_like"] + 1
    assert overview["followers"] == 1


@pytest.mark.parametrize(
    ("persona", "url", "expected"),
    [
        ("creator", "/api/creator/dashboard", 11),  # + open deals, latest investments
        ("creator", "/api/creator/stats", 4),
        ("creator", "/api/creator/analytics", 5),
        ("creator", "/api/creator/activities", 4),
        ("creator", "/api/analytics/dashboard", 4),
        ("creator", "/api/analytics/realtime", 1),
        ("investor", "/api/investor/analytics", 7),  # + portfolio summary (2), open deals
        ("investor", "/api/investor/activity/feed", 4),
        ("investor", "/api/activity/feed", 5),
        ("production", "/api/production/dashboard", 16),
        ("production", "/api/production/analytics", 12),
        ("staff", "/api/admin/dashboard", 6),
        ("staff", "/api/admin/analytics", 10),
        ("staff", "/api/admin/liquidity", 4),
    ],
)
def test_dashboard_queries_do_not_grow_with_pitches_or_events(
    request, api, persona, url, expected, creator, investor, production, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    api.force_authenticate(user)
    now = timezone.now()
    for events, pitch_count in ((5, 2), (500, 40)):
        Event.objects.all().delete()
        pitches = [PitchFactory(owner=creator) for _ in range(pitch_count)]
        social.follow_user(follower=investor, target=creator) if events == 5 else None
        Event.objects.create(
            event_type="pitch_view",
            user_id=investor.pk,
            pitch_id=pitches[0].pk,
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
            assert api.get(url).status_code == 200
