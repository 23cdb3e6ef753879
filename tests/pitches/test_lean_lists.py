"""Lean marketplace reads: cards built without the serializer equal the serializer's for every
kind of viewer, pages are shared per audience class (logged-in users without grants included)
but never across the protection rule, and lists and details answer 304 to a current copy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pitches import access, services
from pitches.api.card_rows import card_queryset, card_rows
from pitches.api.serializers import PitchCardSerializer
from pitches.models import Pitch
from pitchey.api import camelize
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

LONG = "A synopsis long enough to be cut for visitors and watchers. " * 12


@pytest.fixture
def varied(creator):
    return [
        PitchFactory(owner=creator, short_synopsis=LONG, estimated_budget_usd=Decimal("1250000")),
        PitchFactory(
            owner=creator,
            visibility_settings={"show_budget": True, "show_creator_name": False},
            estimated_budget_usd=Decimal("99.5"),
            rating_average=Decimal("4.25"),
            trending_score=73.456,
        ),
        PitchFactory(owner=creator, visibility_settings={"show_short_synopsis": False}),
    ]


def _serializer_cards(pitches, user, confidential):
    class Request:
        pass

    request = Request()
    request.user = user
    context = {"request": request, "confidential_ids": confidential}
    return [dict(row) for row in PitchCardSerializer(pitches, many=True, context=context).data]


@pytest.mark.parametrize("who", ["anonymous", "watcher", "investor", "owner", "granted", "staff"])
def test_cards_equal_the_serializers_for_every_viewer(request, varied, who):
    user = {
        "anonymous": AnonymousUser(),
        "owner": request.getfixturevalue("creator"),
        "granted": request.getfixturevalue("investor"),
    }.get(who) or request.getfixturevalue(who)
    if who == "granted":
        services.grant_access(user=user, pitch=varied[1], source="manual")
    pitches = list(card_queryset().filter(pk__in=[p.pk for p in varied]).order_by("pk"))
    confidential = access.confidential_pitch_ids(user, pitches)
    assert card_rows(pitches, user, confidential) == _serializer_cards(pitches, user, confidential)
    camel = card_rows(pitches, user, confidential, camel=True)
    assert camel == camelize(_serializer_cards(pitches, user, confidential))


def test_cards_load_no_long_text_and_no_search_vector(api, varied):
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/pitches?limit=20").status_code == 200
    rows = next(q["sql"] for q in queries if '"pitches"."logline"' in q["sql"])
    for column in ("long_synopsis", "story_breakdown", "search_vector", "custom_nda_text"):
        assert f'"pitches"."{column}"' not in rows


def test_a_logged_in_page_without_grants_is_shared_and_costs_one_query(
    api, creator, investor, django_assert_num_queries
):
    from tests.factories import UserFactory

    PitchFactory.create_batch(30, owner=creator)
    other = UserFactory(user_type="investor")
    api.force_authenticate(investor)
    first = api.get("/api/pitches?limit=20")
    api.force_authenticate(other)
    with django_assert_num_queries(1):  # the grant check of the cached page
        second = api.get("/api/pitches?limit=20")
    assert second.json()["data"]["items"] == first.json()["data"]["items"]
    assert second["ETag"] == first["ETag"]


def test_a_shared_page_never_hides_a_grant_or_shows_one_to_others(
    api, creator, investor, watcher, django_assert_num_queries
):
    from tests.factories import UserFactory

    pitches = PitchFactory.create_batch(5, owner=creator, long_synopsis="Only for the granted.")
    other = UserFactory(user_type="investor")
    api.force_authenticate(other)
    shared = api.get("/api/pitches?limit=20").json()["data"]["items"]  # cached for members
    assert not any(card["hasFullAccess"] for card in shared)
    services.grant_access(user=investor, pitch=pitches[2], source="manual")
    api.force_authenticate(investor)
    with django_assert_num_queries(4):  # grant check, then count, ids and rows for them alone
        mine = api.get("/api/pitches?limit=20").json()["data"]["items"]
    assert [c["id"] for c in mine if c["hasFullAccess"]] == [pitches[2].pk]
    api.force_authenticate(other)
    again = api.get("/api/pitches?limit=20").json()["data"]["items"]
    assert again == shared
    api.force_authenticate(creator)  # the owner sees their own pitches in full
    assert all(card["hasFullAccess"] for card in api.get("/api/pitches").json()["data"]["items"])
    api.force_authenticate(watcher)  # a watcher reads what visitors read
    api.force_authenticate(None)
    visitor = api.get("/api/pitches?limit=20").json()["data"]["items"]
    api.force_authenticate(watcher)
    assert api.get("/api/pitches?limit=20").json()["data"]["items"] == visitor


@pytest.mark.parametrize("path", ["/api/pitches?limit=5", "/api/browse?tab=new", "/api/search?q=a"])
def test_lists_answer_304_to_a_current_copy(api, creator, investor, path):
    PitchFactory.create_batch(3, owner=creator, title="A title")
    api.force_authenticate(investor)
    response = api.get(path)
    assert response.status_code == 200
    etag = response["ETag"]
    assert response["Last-Modified"]
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    again = api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    assert api.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_a_list_changes_its_etag_when_a_pitch_changes(
    api, creator, django_capture_on_commit_callbacks
):
    pitch = PitchFactory(owner=creator)
    etag = api.get("/api/pitches")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.update_pitch(pitch=pitch, actor=creator, fields={"title": "Renamed pitch"})
    response = api.get("/api/pitches", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_detail_answers_304_to_a_current_copy_and_200_after_a_change(api, creator, investor):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    first = api.get(f"/api/pitches/{pitch.pk}")
    assert first.status_code == 200
    # The first view is counted; the copy holding that count is current from then on.
    current = api.get(f"/api/pitches/{pitch.pk}")
    assert (
        api.get(f"/api/pitches/{pitch.pk}", HTTP_IF_NONE_MATCH=current["ETag"]).status_code == 304
    )
    assert current["Last-Modified"]
    Pitch.objects.filter(pk=pitch.pk).update(title="Changed elsewhere")
    assert (
        api.get(f"/api/pitches/{pitch.pk}", HTTP_IF_NONE_MATCH=current["ETag"]).status_code == 200
    )
