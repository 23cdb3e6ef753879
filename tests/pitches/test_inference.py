"""What a viewer cannot read cannot be inferred either: search matches only readable text, and a
creator who hides their name is not exposed by id, username, creator filters or counts."""

from __future__ import annotations

import pytest

from pitches import access
from pitches.api.serializers import PitchCardSerializer, PitchDetailSerializer
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

PAST_300 = "A public opening about a lighthouse keeper. " * 8 + "zanzibarquux"


def _found(api, word: str) -> bool:
    data = api.get(f"/api/search?q={word}").json()["data"]
    items = data.get("pitches") or data.get("items") or data.get("results") or []
    return bool(items)


@pytest.fixture
def long_synopsis_pitch(creator):
    assert PAST_300.index("zanzibarquux") > access.PUBLIC_SYNOPSIS_CHARS
    return PitchFactory(owner=creator, short_synopsis=PAST_300)


@pytest.fixture
def hidden_synopsis_pitch(creator):
    return PitchFactory(
        owner=creator,
        short_synopsis="A secret synopsis about quokkaword.",
        visibility_settings={"show_short_synopsis": False},
    )


def test_words_past_the_public_synopsis_are_not_searchable_by_visitors_and_watchers(
    api, long_synopsis_pitch, watcher, investor
):
    assert not _found(api, "zanzibarquux")
    api.force_authenticate(watcher)
    assert not _found(api, "zanzibarquux")
    assert _found(api, "lighthouse")
    api.force_authenticate(investor)
    assert _found(api, "zanzibarquux")


def test_a_hidden_synopsis_is_searchable_by_nobody_without_access(
    api, hidden_synopsis_pitch, watcher, investor
):
    for viewer in (None, watcher, investor):
        api.force_authenticate(viewer)
        assert not _found(api, "quokkaword")


@pytest.fixture
def anonymous_pitch(creator):
    return PitchFactory(owner=creator, visibility_settings={"show_creator_name": False})


def test_a_hidden_creator_is_not_exposed_in_cards_or_detail(
    api, anonymous_pitch, creator, investor
):
    for viewer in (None, investor):
        api.force_authenticate(viewer)
        detail = api.get(f"/api/pitches/{anonymous_pitch.pk}").json()["data"]["pitch"]
        assert detail["id"] == anonymous_pitch.pk
        assert "userId" not in detail
        assert "creator" not in detail
        assert creator.username not in str(detail)
        listed = api.get("/api/pitches").json()["data"]
        assert creator.username not in str(listed)
        assert all("userId" not in card for card in listed["pitches"])
        found = api.get("/api/search?q=lighthouse").json()["data"]
        assert creator.username not in str(found)


def test_a_hidden_creators_pitches_are_not_listed_under_their_id(
    api, anonymous_pitch, creator, investor
):
    named = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    listed = api.get(f"/api/pitches?userId={creator.pk}").json()["data"]["pitches"]
    assert [p["id"] for p in listed] == [named.pk]
    status = api.get(f"/api/follows/pitch-status?pitchId={anonymous_pitch.pk}")
    assert status.status_code == 200
    assert status.json()["data"]["creatorId"] is None
    stats = api.get(f"/api/users/{creator.pk}/stats")
    if stats.status_code == 200:
        assert stats.json()["data"]["stats"]["pitches"] == 1
    api.force_authenticate(creator)
    own = api.get(f"/api/pitches?userId={creator.pk}").json()["data"]["pitches"]
    assert {p["id"] for p in own} == {named.pk, anonymous_pitch.pk}


def test_the_owner_still_sees_their_own_name(api, anonymous_pitch, creator):
    api.force_authenticate(creator)
    detail = api.get(f"/api/pitches/{anonymous_pitch.pk}").json()["data"]["pitch"]
    assert detail["userId"] == creator.pk


# --- the allow-list of public fields --------------------------------------------------------


def test_every_public_field_is_a_field_the_serializers_produce():
    extra = {"user_id", "format_label", "has_full_access", "synopsis_truncated"}
    extra |= {"pitchey_score", "heat_score", "heat_badge"}  # the card's score and heat
    produced = set(PitchDetailSerializer.Meta.fields) | extra
    assert produced >= access.PUBLIC_FIELDS
    for fields in access.OPT_IN_FIELDS.values():
        assert set(fields) <= produced
    assert set(PitchCardSerializer.Meta.fields) <= produced


def test_a_new_pitch_field_is_private_until_it_is_allowed(api, creator):
    pitch = PitchFactory(owner=creator, long_synopsis="Only for NDA holders.")

    class WithNewField(PitchDetailSerializer):
        class Meta(PitchDetailSerializer.Meta):
            fields = [*PitchDetailSerializer.Meta.fields, "status_before_archive", "why_now"]

    data = WithNewField(pitch, context={"confidential_ids": set()}).data
    assert "status_before_archive" not in data
    assert "why_now" not in data
    assert "long_synopsis" not in data
    always = {"has_full_access", "synopsis_truncated", *access.OPT_IN_FIELDS["show_media"]}
    assert set(data) <= access.PUBLIC_FIELDS | always
