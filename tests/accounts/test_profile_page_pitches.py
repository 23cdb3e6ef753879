"""A creator's public profile lists their published pitches, never one published anonymously."""

import pytest

from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_profile_lists_published_pitches_but_not_anonymous_or_draft_ones(client, creator, investor):
    named = PitchFactory(owner=creator, title="Named Harbour Story")
    anonymous = PitchFactory(owner=creator, title="Secret Authorship Tale")
    anonymous.visibility_settings = {**anonymous.visibility_settings, "show_creator_name": False}
    anonymous.save()
    PitchFactory(owner=creator, title="Unfinished Draft Idea", status="draft", published_at=None)
    client.force_login(investor)
    html = client.get(f"/users/{creator.username}/").content.decode()
    assert named.title in html
    assert anonymous.title not in html
    assert "Unfinished Draft Idea" not in html
    assert f"/messages/?to={creator.username}" in html


def test_the_owner_sees_all_their_published_pitches_on_their_profile(client, creator):
    anonymous = PitchFactory(owner=creator, title="Secret Authorship Tale")
    anonymous.visibility_settings = {**anonymous.visibility_settings, "show_creator_name": False}
    anonymous.save()
    client.force_login(creator)
    assert anonymous.title in client.get(f"/users/{creator.username}/").content.decode()


def test_the_message_link_prefills_the_recipient(client, creator, investor):
    client.force_login(investor)
    html = client.get(f"/messages/?to={creator.username}").content.decode()
    assert f'value="{creator.username}"' in html
