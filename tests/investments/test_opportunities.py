"""Opportunities ranked against the thesis with explained scores (section 3.2.1's formula, the
popularity capped), budgets scored only where they may be seen, and matching investors for a
creator only from public theses."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from investments import services
from tests.factories import UserFactory
from tests.investments.conftest import grant
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db
SHOWN = {"show_budget": True, "show_creator_name": True, "show_short_synopsis": True}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_scores_come_with_their_parts_and_reasons(investor, creator):
    services.save_thesis(
        investor=investor, fields={"genres": ["Drama"], "budget_brackets": ["low"]}
    )
    best = PitchFactory(
        owner=creator,
        genre="Drama",
        budget_bracket="low",
        seeking_investment=True,
        view_count=240,
        visibility_settings=SHOWN,
        title="Best fit",
    )
    viral = PitchFactory(
        owner=creator,
        genre="Horror",
        budget_bracket="high",
        seeking_investment=True,
        view_count=900_000,
        visibility_settings=SHOWN,
        title="Viral",
    )
    PitchFactory(owner=creator, seeking_investment=False, title="Not raising")
    body = _client(investor).get("/api/investor/opportunities").json()["data"]
    titles = [o["title"] for o in body["opportunities"]]
    assert titles == ["Best fit", "Viral"]
    top = body["opportunities"][0]
    assert top["id"] == best.pk
    assert top["matchScore"] == pytest.approx(0.77)
    assert top["matchReasons"] == [
        "Genre Drama matches your thesis +0.30",
        "Budget bracket $100K\u2013$1M matches +0.40",
        "Popular: 240 views +0.07",
    ]
    capped = body["opportunities"][1]
    assert capped["id"] == viral.pk
    assert capped["match"]["parts"] == [
        {"factor": "popularity", "points": 0.3, "reason": "Popular: 900,000 views +0.30 (capped)"}
    ]


def test_a_hidden_budget_never_scores_unless_the_investor_holds_access(investor, creator):
    services.save_thesis(investor=investor, fields={"budget_brackets": ["low"]})
    hidden = PitchFactory(
        owner=creator,
        budget_bracket="low",
        seeking_investment=True,
        view_count=0,
        visibility_settings={**SHOWN, "show_budget": False},
    )
    client = _client(investor)
    row = client.get("/api/investor/opportunities").json()["data"]["opportunities"][0]
    assert row["matchScore"] == 0
    assert "budgetBracket" not in row
    grant(investor, hidden)
    row = client.get("/api/investor/opportunities").json()["data"]["opportunities"][0]
    assert row["matchScore"] == pytest.approx(0.40)


def test_matching_investors_only_from_public_theses(creator, investor):
    pitch = PitchFactory(owner=creator, genre="Drama", development_stage="script")
    services.save_thesis(
        investor=investor, fields={"genres": ["Drama"], "stages": ["script"], "is_public": True}
    )
    private = UserFactory(user_type="investor")
    services.save_thesis(investor=private, fields={"genres": ["Drama"], "is_public": False})
    body = _client(creator).get(f"/api/pitches/{pitch.pk}/matching-investors").json()["data"]
    assert [i["id"] for i in body["investors"]] == [investor.pk]
    assert body["investors"][0]["reasons"] == [
        "Invests in Drama",
        "Looks for projects at Script stage",
    ]
    assert "ticketMin" not in body["investors"][0]["thesis"]
    assert APIClient().get(f"/api/public/thesis/{private.pk}").status_code == 404


def test_thesis_validation_has_field_messages(investor):
    client = _client(investor)
    bad = client.put("/api/investor/thesis", {"genres": ["Cooking"]}, format="json")
    assert bad.status_code == 400
    assert "genres" in bad.json()["error"]["details"]
    order = client.put(
        "/api/investor/thesis", {"checkSizeMinUsd": 500, "checkSizeMaxUsd": 100}, format="json"
    )
    assert order.status_code == 400
    assert "ticketMax" in order.json()["error"]["details"]


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_opportunities_keep_their_query_count(investor, creator):
    services.save_thesis(investor=investor, fields={"genres": ["Drama"]})
    for n in range(5):
        PitchFactory(owner=UserFactory(user_type="creator"), seeking_investment=True, view_count=n)
    client = _client(investor)
    paths = ["/api/investor/opportunities?limit=50", "/api/investor/recommendations"]
    few = {p: _queries(client, p) for p in paths}
    for n in range(45):
        PitchFactory(owner=UserFactory(user_type="creator"), seeking_investment=True, view_count=n)
    assert {p: _queries(client, p) for p in paths} == few
