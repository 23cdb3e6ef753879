"""The search page's extras: saved searches, running them, the popular public ones, the search
history, suggestions while typing and clicks on results."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import AuditLog
from pitches.models import SavedSearch, SearchClick, SearchHistory
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Dark thrillers",
    "description": "Under $5M",
    "search_query": "lighthouse",
    "filters": {"genres": ["thriller"], "budget_range": "medium"},
    "is_public": False,
    "notify_on_results": True,
    "alert_frequency": "never",
}


def test_saving_listing_and_deleting_a_search(api, investor, production):
    api.force_authenticate(investor)
    created = api.post("/api/search/saved", FORM, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    # SavedSearches.tsx reads the raw body as the search, in snake_case.
    assert body["name"] == "Dark thrillers"
    assert body["search_query"] == body["searchQuery"] == "lighthouse"
    assert body["use_count"] == 0
    assert body["notify_on_results"] is True
    row = SavedSearch.objects.get()
    assert row.filters == {"genres": ["thriller"], "budget_range": "medium"}
    assert AuditLog.objects.filter(action="pitches.search.saved", object_id=str(row.pk)).exists()

    listed = api.get("/api/search/saved").json()
    assert [s["id"] for s in listed["savedSearches"]] == [row.pk]
    assert listed["savedSearches"][0]["is_public"] is False

    duplicate = api.post("/api/search/saved", FORM, format="json")
    assert duplicate.status_code == 409
    assert "name" in duplicate.json()["error"]["details"]

    api.force_authenticate(production)
    assert api.get("/api/search/saved").json()["savedSearches"] == []
    assert api.delete(f"/api/search/saved/{row.pk}").status_code == 404
    assert SavedSearch.objects.exists()

    api.force_authenticate(investor)
    deleted = api.delete(f"/api/search/saved/{row.pk}")
    assert deleted.status_code == 200
    assert deleted.json()["data"] == {"deleted": True, "id": row.pk}
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"name": ""}, "name"),
        ({"filters": {"colour": "red"}}, "filters"),
        ({"filters": {"genres": ["x" * 101]}}, "filters"),
        ({"alert_frequency": "hourly"}, "alertFrequency"),
        ({"search_query": "q" * 201}, "searchQuery"),
    ],
)
def test_a_bad_saved_search_is_a_field_error(api, investor, bad, field):
    api.force_authenticate(investor)
    response = api.post("/api/search/saved", {**FORM, **bad}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert not SavedSearch.objects.exists()


def test_saved_searches_need_a_session(api):
    assert api.get("/api/search/saved").status_code == 401
    assert api.post("/api/search/saved", FORM, format="json").status_code == 401


def test_running_a_saved_search_counts_its_use_and_applies_its_filters(api, investor, creator):
    wanted = PitchFactory(owner=creator, title="The Lighthouse", genre="Thriller")
    PitchFactory(owner=creator, title="Another Lighthouse", genre="Comedy")
    api.force_authenticate(investor)
    row_id = api.post("/api/search/saved", FORM | {"filters": {"genres": ["thriller"]}}).json()[
        "id"
    ]
    ran = api.post(f"/api/search/saved/{row_id}/execute")
    assert ran.status_code == 200, ran.content
    data = ran.json()["data"]
    assert [p["id"] for p in data["results"]] == [wanted.pk]
    assert data["savedSearch"]["use_count"] == 1
    saved = SavedSearch.objects.get()
    assert saved.use_count == 1
    assert saved.last_used is not None


def test_a_private_saved_search_runs_only_for_its_owner(api, investor, production):
    mine = SavedSearch.objects.create(owner=investor, name="Mine", search_query="x")
    api.force_authenticate(production)
    assert api.post(f"/api/search/saved/{mine.pk}/execute").status_code == 404
    mine.refresh_from_db()
    assert mine.use_count == 0


def test_popular_searches_are_public_ones_most_used_first(api, investor, production):
    SavedSearch.objects.create(owner=investor, name="Private", is_public=False, use_count=99)
    low = SavedSearch.objects.create(owner=investor, name="Low", is_public=True, use_count=1)
    high = SavedSearch.objects.create(owner=production, name="High", is_public=True, use_count=7)
    body = api.get("/api/search/saved/popular?limit=10").json()
    assert [s["id"] for s in body["popularSearches"]] == [high.pk, low.pk]
    assert api.get("/api/search/saved/popular?limit=x").status_code == 400


def test_popular_searches_cost_one_query_whatever_their_number(api, investor):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/search/saved/popular?limit=50").status_code == 200
        return len(ctx.captured_queries)

    SavedSearch.objects.create(owner=investor, name="One", is_public=True)
    few = count()
    for n in range(20):
        SavedSearch.objects.create(owner=investor, name=f"S{n}", is_public=True)
    assert count() == few


def test_a_logged_in_search_is_kept_in_the_history(api, investor, creator):
    PitchFactory(owner=creator, title="Harbour")
    api.force_authenticate(investor)
    for words in ("harbour", "Lighthouse  keeper", "harbour"):
        assert api.get(f"/api/search?q={words}").status_code == 200
    body = api.get("/api/search/history?limit=10").json()
    assert body["data"]["searchHistory"] == ["harbour", "Lighthouse  keeper"]
    assert SearchHistory.objects.count() == 3
    # Filters alone, and visitors, leave no history.
    api.get("/api/search?genre=drama")
    api.force_authenticate(None)
    api.get("/api/search?q=secret")
    assert SearchHistory.objects.count() == 3
    assert api.get("/api/search/history").json()["data"]["searchHistory"] == []


def test_someone_elses_history_is_not_yours(api, investor, production):
    SearchHistory.objects.create(user=investor, query="mine", normalized="mine")
    api.force_authenticate(production)
    assert api.get("/api/search/history").json()["data"]["searchHistory"] == []


def test_suggestions_name_titles_genres_formats_creators_and_common_searches(api, creator):
    creator.first_name = "Thriller"
    creator.save()
    PitchFactory(owner=creator, title="Thrill of the Chase")
    PitchFactory(owner=creator, title="Hidden draft thrill", status="draft", published_at=None)
    people = UserFactory.create_batch(3)
    for person in people:
        SearchHistory.objects.create(
            user=person, query="thrillers 1990", normalized="thrillers 1990"
        )
    SearchHistory.objects.create(user=people[0], query="thriller lone", normalized="thriller lone")
    body = api.get("/api/search/suggestions?q=thrill&limit=8").json()
    found = {(s["type"], s["query"]) for s in body["data"]["suggestions"]}
    assert ("title", "Thrill of the Chase") in found
    assert ("genre", "Thriller") in found
    assert ("creator", creator.display_name) in found
    assert ("search", "thrillers 1990") in found
    # A draft's title and a query fewer than three people searched are not suggested.
    assert not any("Hidden" in q for _, q in found)
    assert ("search", "thriller lone") not in found
    assert api.get("/api/search/suggestions?q=t").json()["data"]["suggestions"] == []
    assert api.get("/api/search/suggestions?q=" + "x" * 101).status_code == 400


def test_a_click_on_a_result_is_recorded(api, investor, creator):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    history = SearchHistory.objects.create(user=investor, query="harbour", normalized="harbour")
    response = api.post(
        "/api/search/track-click",
        {
            "pitchId": pitch.pk,
            "resultPosition": 2,
            "query": "harbour",
            "searchHistoryId": history.pk,
            "sessionId": "s-1",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    click = SearchClick.objects.get()
    assert (click.pitch_id, click.position, click.search_id, click.user_id) == (
        pitch.pk,
        2,
        history.pk,
        investor.pk,
    )


def test_a_click_on_a_pitch_you_cannot_see_or_with_bad_input_records_nothing(
    api, investor, creator, production
):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    api.force_authenticate(investor)
    assert api.post("/api/search/track-click", {"pitchId": draft.pk}).status_code == 404
    bad = api.post("/api/search/track-click", {"pitchId": "x", "resultPosition": -1})
    assert bad.status_code == 400
    assert {"pitchId", "resultPosition"} <= set(bad.json()["error"]["details"])
    # Someone else's history row is not linked.
    theirs = SearchHistory.objects.create(user=production, query="x", normalized="x")
    pitch = PitchFactory(owner=creator)
    api.post("/api/search/track-click", {"pitchId": pitch.pk, "searchHistoryId": theirs.pk})
    assert SearchClick.objects.get().search_id is None
