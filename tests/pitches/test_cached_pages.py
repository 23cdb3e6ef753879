"""Marketplace pages kept pre-rendered per audience class: the same envelope as a page built
afresh, one Redis round trip and no query for a logged-in viewer without grants on the page,
and a grant given since is honoured at once."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from pitches import services
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _body(response) -> dict:
    body = json.loads(response.content)
    body["meta"].pop("timestamp")
    body["meta"].pop("requestId")
    return body


@pytest.mark.parametrize(
    "path",
    ["/api/browse?tab=new&limit=5", "/api/pitches?limit=5", "/api/search?q=lighthouse&limit=5"],
)
def test_a_cached_page_is_the_page_built_afresh(api, creator, investor, path):
    PitchFactory.create_batch(7, owner=creator, title="The Lighthouse")
    api.force_authenticate(investor)
    fresh = api.get(path)
    cached = api.get(path)
    assert fresh.status_code == cached.status_code == 200
    assert cached["Content-Type"] == "application/json"
    assert cached["ETag"] == fresh["ETag"]
    assert _body(cached) == _body(fresh)
    cache.clear()
    assert _body(api.get(path)) == _body(fresh)
    body = _body(cached)
    assert body["success"] is True
    assert len(body["data"]["items"]) == 5
    if path.startswith("/api/pitches"):
        assert "items" not in body  # the plain envelope: data only
    else:
        assert body["items"] == body["data"]["items"]
        assert body["meta"]["pagination"]["total"] == 7


def test_a_member_without_grants_costs_no_query_on_a_cached_page(
    api, creator, investor, django_assert_num_queries
):
    PitchFactory.create_batch(3, owner=creator)
    api.force_authenticate(investor)
    api.get("/api/browse")  # builds and keeps the page
    with django_assert_num_queries(1):  # the viewer's grants, remembered from then on
        api.get("/api/browse")
    with django_assert_num_queries(0):
        assert len(api.get("/api/browse").json()["items"]) == 3


def test_a_grant_given_after_the_page_was_cached_shows_at_once(api, creator, investor):
    pitches = PitchFactory.create_batch(3, owner=creator, long_synopsis="Secret ending.")
    api.force_authenticate(investor)
    api.get("/api/browse")
    cards = api.get("/api/browse").json()["items"]  # grants remembered: none
    assert not any(card["hasFullAccess"] for card in cards)
    services.grant_access(user=investor, pitch=pitches[1], source="manual")
    cards = api.get("/api/browse").json()["items"]
    assert [card["id"] for card in cards if card["hasFullAccess"]] == [pitches[1].pk]
    # ... and nobody else receives that page.
    other = api.get("/api/browse")
    api.force_authenticate(None)
    assert not any(card["hasFullAccess"] for card in api.get("/api/browse").json()["items"])
    assert other.status_code == 200
