from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from pitches import services
from pitches.engagement import heat
from pitches.models import Pitch
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(creator):
    now = timezone.now()
    return {
        "old": PitchFactory(
            owner=creator,
            title="Old Drama",
            genre="Drama",
            published_at=now - timedelta(days=9),
            view_count=500,
            like_count=1,
        ),
        "new": PitchFactory(
            owner=creator,
            title="Fresh Comedy",
            genre="Comedy",
            format_category="Television - Scripted",
            published_at=now,
            view_count=1,
            like_count=0,
            budget_bracket="high",
            visibility_settings={"show_budget": True},
            seeking_investment=True,
        ),
        "liked": PitchFactory(
            owner=creator,
            title="Loved Horror",
            genre="Horror",
            published_at=now - timedelta(days=2),
            view_count=100,
            like_count=200,
            development_stage="pitch",
            rating_average=4.9,
        ),
        "draft": PitchFactory(owner=creator, title="Secret Draft Drama", status="draft"),
    }


def titles(response):
    return [p["title"] for p in response.json()["data"]["items"]]


def test_tabs_order_the_marketplace(api, catalogue):
    assert titles(api.get("/api/browse?tab=new")) == ["Fresh Comedy", "Loved Horror", "Old Drama"]
    assert titles(api.get("/api/browse?tab=popular")) == [
        "Loved Horror",
        "Old Drama",
        "Fresh Comedy",
    ]
    assert titles(api.get("/api/browse/top-rated"))[0] == "Loved Horror"


def test_trending_comes_from_the_scheduled_score(api, catalogue, investor, watcher):
    services.like_pitch(pitch=catalogue["old"], user=investor)
    services.save_pitch(pitch=catalogue["old"], user=watcher)
    assert heat.refresh_heat_scores() == 3  # every published pitch is fresh enough to be warm
    assert titles(api.get("/api/browse?tab=trending"))[0] == "Old Drama"
    assert titles(api.get("/api/pitches/public/trending"))[0] == "Old Drama"


def test_filters(api, catalogue):
    assert titles(api.get("/api/browse?genre=comedy")) == ["Fresh Comedy"]
    assert titles(api.get("/api/browse?format=Television - Scripted")) == ["Fresh Comedy"]
    assert titles(api.get("/api/browse?budget=high")) == ["Fresh Comedy"]
    assert titles(api.get("/api/browse?stage=pitch")) == ["Loved Horror"]
    assert titles(api.get("/api/browse?seekingInvestment=true")) == ["Fresh Comedy"]
    assert titles(api.get("/api/pitches?sortBy=title&sortOrder=asc"))[0] == "Fresh Comedy"


def test_bad_browse_parameters_are_field_errors(api, catalogue):
    response = api.get("/api/browse?tab=hot&budget=huge&stage=x&sort=nope&order=up&limit=zero")
    assert response.status_code == 400
    assert {"tab", "budget", "stage", "sort", "order"} <= set(response.json()["error"]["details"])
    assert api.get("/api/browse?page=0").status_code == 400


def test_search_is_ranked_with_prefix_matching(api, catalogue):
    response = api.get("/api/search?q=dram")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [p["title"] for p in data["results"]] == ["Old Drama"]  # drafts never match
    assert data["total"] == 1
    assert titles(api.get("/api/search?q=horror loved")) == ["Loved Horror"]
    assert titles(api.get("/api/pitches?search=comedy")) == ["Fresh Comedy"]
    assert titles(api.get("/api/search?q=!!!")) == []
    assert titles(api.get("/api/search?q=lighthouse")) == [
        "Fresh Comedy",
        "Loved Horror",
        "Old Drama",
    ]


def test_pagination_shape(api, catalogue):
    data = api.get("/api/pitches?limit=2&page=2").json()["data"]
    assert data["total"] == 3
    assert data["page"] == 2
    assert data["limit"] == 2
    assert data["totalPages"] == 2
    assert len(data["pitches"]) == 1


def test_pitches_by_creator(api, catalogue, creator):
    data = api.get(f"/api/pitches?userId={creator.pk}").json()["data"]
    assert data["total"] == 3
    assert api.get("/api/pitches?userId=abc").status_code == 400


def test_a_private_or_blocking_creators_pitches_are_not_listed_by_creator(
    api, catalogue, creator, investor
):
    from accounts.services import block_user

    api.force_authenticate(investor)
    block_user(blocker=creator, target=investor)
    assert api.get(f"/api/pitches?userId={creator.pk}").json()["data"]["total"] == 0
    creator.blocks_made.all().delete()
    creator.privacy_settings = {"profile_visibility": "private"}
    creator.save(update_fields=["privacy_settings"])
    assert api.get(f"/api/pitches?userId={creator.pk}").json()["data"]["total"] == 0
    api.force_authenticate(creator)
    assert api.get(f"/api/pitches?userId={creator.pk}").json()["data"]["total"] == 3


def test_genre_tiles(api, catalogue):
    genres = {g["genre"]: g for g in api.get("/api/browse/genres").json()["data"]["genres"]}
    assert genres["Drama"]["count"] == 1
    assert genres["Drama"]["latestPitch"]["title"] == "Old Drama"
    assert genres["Western"]["count"] == 0


def test_config_lists(api):
    data = api.get("/api/config/all").json()["data"]
    assert "Drama" in data["genres"]
    assert data["formats"][0]["value"] == "Television - Scripted"
    assert {"genres", "formats", "budgetRanges", "stages"} <= set(data)
    for part, key in [
        ("genres", "genres"),
        ("formats", "formats"),
        ("budget-ranges", "budgetRanges"),
        ("stages", "stages"),
    ]:
        assert api.get(f"/api/config/{part}").json()["data"][key]
    assert api.get("/api/config/nope").status_code == 404


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/browse?tab=new", 4),
        # ... and the search kept in the user's history (GET /api/search/history)
        ("/api/search?q=lighthouse", 5),
        ("/api/pitches?genre=Drama", 4),
    ],
)
def test_list_query_count_does_not_grow_with_the_page_size(
    api, creator, investor, path, queries, django_assert_num_queries
):
    pitches = PitchFactory.create_batch(60, owner=creator)
    services.grant_access(user=investor, pitch=pitches[0], source="manual")
    api.force_authenticate(investor)
    for limit in (10, 20, 50):
        # count, page ids, page rows, grants for the page (a page with a grant is not shared);
        # the list's count is kept per list version, so only the first page size asks for it
        with django_assert_num_queries(queries if limit == 10 else queries - 1):
            response = api.get(f"{path}&limit={limit}")
        assert response.status_code == 200


def test_anonymous_list_query_count_is_fixed_and_then_cached(
    api, creator, django_assert_num_queries
):
    PitchFactory.create_batch(60, owner=creator)
    for limit in (10, 20, 50):
        # count (kept per list version: asked for the first page size only), page ids, rows
        with django_assert_num_queries(3 if limit == 10 else 2):
            api.get(f"/api/browse?limit={limit}")
        with django_assert_num_queries(0):
            api.get(f"/api/browse?limit={limit}")


@pytest.mark.redis
def test_publish_edit_and_archive_invalidate_cached_lists(
    api, creator, draft_pitch, django_capture_on_commit_callbacks
):
    assert api.get("/api/browse").json()["data"]["total"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_pitch(pitch=draft_pitch, actor=creator)
    assert api.get("/api/browse").json()["data"]["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.update_pitch(pitch=draft_pitch, actor=creator, fields={"title": "Renamed pitch"})
    assert titles(api.get("/api/browse")) == ["Renamed pitch"]
    with django_capture_on_commit_callbacks(execute=True):
        services.archive_pitch(pitch=Pitch.objects.get(pk=draft_pitch.pk), actor=creator)
    assert api.get("/api/browse").json()["data"]["total"] == 0


def test_public_shortcut_lists(api, catalogue):
    assert titles(api.get("/api/pitches/public/new"))[0] == "Fresh Comedy"
    assert titles(api.get("/api/pitches/public/featured"))[0] == "Loved Horror"
    assert api.get("/api/pitches/hot?limit=2").json()["data"]["limit"] == 2
    data = api.get("/api/pitches/public/search?q=fresh").json()["data"]
    assert [p["title"] for p in data["pitches"]] == ["Fresh Comedy"]
    assert api.get("/api/pitches/public?limit=500").json()["data"]["limit"] == 100  # capped


def test_trending_is_refreshed_on_a_schedule():
    import pitches.tasks  # noqa: F401 - registers the schedule
    from pitchey.celery import app

    entry = app.conf.beat_schedule["pitches.refresh-trending"]
    assert entry["task"] == "pitches.tasks.refresh_trending_scores"


def test_budget_filter_and_sort_never_reveal_a_hidden_budget(api, creator):
    hidden = PitchFactory(
        owner=creator,
        title="Hidden Budget",
        budget_bracket="tentpole",
        estimated_budget_usd=90_000_000,
    )
    shown = PitchFactory(
        owner=creator,
        title="Shown Budget",
        budget_bracket="tentpole",
        estimated_budget_usd=30_000_000,
        visibility_settings={"show_budget": True},
    )
    cheap = PitchFactory(
        owner=creator,
        title="Cheap",
        estimated_budget_usd=10,
        visibility_settings={"show_budget": True},
    )
    assert titles(api.get("/api/browse?budget=tentpole")) == ["Shown Budget"]
    assert titles(api.get("/api/browse?sort=budget")) == [shown.title, cheap.title, hidden.title]
    assert titles(api.get("/api/browse?sort=budget&order=asc")) == [
        cheap.title,
        shown.title,
        hidden.title,
    ]
