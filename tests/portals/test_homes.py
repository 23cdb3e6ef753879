"""Each portal's home: who lands there, what it shows, and a query count that does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Follow
from messaging import services as messaging_services
from pitches import services as pitch_services
from pitches.models import PitchAccess
from tests.factories import UserFactory
from tests.ndas.conftest import make_request
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _queries(client, path: str) -> int:
    client.get(path)  # warms the cached footer
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_login_lands_every_portal_on_its_home(client, creator, investor, watcher):
    for user in (creator, investor, watcher):
        response = client.post("/login/", {"email": user.email, "password": "Demo123"})
        assert response.status_code == 302
        assert response.url == "/home/"
        assert client.get("/login/").url == "/home/"  # logged in: the form is not shown again
        client.post("/logout/")


def test_login_form_has_no_portal_choice_and_a_login_keeps_next(client, investor, creator):
    page = client.get("/login/").content.decode()
    assert 'name="portal"' not in page
    pitch = PitchFactory(owner=creator)
    response = client.post(
        "/login/", {"email": investor.email, "password": "Demo123", "next": f"/pitch/{pitch.pk}/"}
    )
    assert response.url == f"/pitch/{pitch.pk}/"


def test_home_needs_a_login(client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_staff_home_is_the_admin(client, staff):
    client.force_login(staff)
    assert client.get("/home/").url == "/admin/"


def _creator_world(creator, size: int) -> None:
    backers = UserFactory.create_batch(size, user_type="investor")
    for n in range(size):
        pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
        make_request(pitch, backers[n])
        messaging_services.start_conversation(creator=backers[n], recipient_ids=[creator.pk])
    PitchFactory(owner=creator, status="draft", published_at=None, title="Half-written")


def test_creator_home_shows_numbers_requests_messages_and_next_steps(client, creator):
    _creator_world(creator, 2)
    client.force_login(creator)
    page = client.get("/home/").content.decode()
    assert "My pitches" in page
    assert "NDA requests waiting" in page
    assert "Answer 2 NDA requests." in page
    assert "Finish “Half-written” and publish it." in page
    assert "Recent messages" in page


def test_creator_home_costs_the_same_queries_for_one_or_five_of_everything(
    client, creator, other_creator
):
    _creator_world(creator, 1)
    client.force_login(creator)
    small = _queries(client, "/home/")
    _creator_world(creator, 4)
    assert _queries(client, "/home/") == small
    assert small == 11, small


def _backer_world(backer, size: int) -> None:
    for _ in range(size):
        author = UserFactory(user_type="creator")
        Follow.objects.create(follower=backer, following=author)
        followed = PitchFactory(owner=author, genre="Horror")
        pitch_services.save_pitch(pitch=followed, user=backer)
        PitchFactory(owner=author, genre="Horror", title=f"New from {author.username}")
        mine = PitchFactory(require_nda=True, nda_type="platform")
        make_request(mine, backer)
        PitchAccess.objects.create(user=backer, pitch=followed, source="nda")


@pytest.mark.parametrize("persona", ["investor", "production"])
def test_backer_home_recommends_from_what_they_follow_and_lists_their_requests(
    client, persona, request
):
    backer = request.getfixturevalue(persona)
    _backer_world(backer, 1)
    client.force_login(backer)
    page = client.get("/home/").content.decode()
    assert "New pitches for you" in page
    assert "New from " in page
    assert "My NDA requests" in page
    assert "Pending" in page
    assert ("Review queue" in page) == (persona == "production")


def test_backer_home_costs_the_same_queries_for_one_or_five_of_everything(client, investor):
    _backer_world(investor, 1)
    client.force_login(investor)
    small = _queries(client, "/home/")
    _backer_world(investor, 4)
    assert _queries(client, "/home/") == small
    assert small == 19, small  # + the investment thesis behind "for you"


def test_watcher_home_is_a_following_feed_with_liked_and_saved(client, watcher, creator):
    Follow.objects.create(follower=watcher, following=creator)
    PitchFactory(owner=creator, title="Fresh from a followed creator")
    liked = PitchFactory(title="Something liked")
    pitch_services.like_pitch(pitch=liked, user=watcher)
    PitchFactory(title="Not followed at all")
    client.force_login(watcher)
    page = client.get("/home/").content.decode()
    assert "Fresh from a followed creator" in page
    assert "Something liked" in page
    assert "Not followed at all" not in page
    assert "NDA" not in page.split("What watchers can do")[0].split("<main")[1]


def test_watcher_home_costs_the_same_queries_for_one_or_five_of_everything(client, watcher):
    def grow(size: int) -> None:
        for _ in range(size):
            author = UserFactory(user_type="creator")
            Follow.objects.create(follower=watcher, following=author)
            pitch = PitchFactory(owner=author)
            pitch_services.like_pitch(pitch=pitch, user=watcher)
            pitch_services.save_pitch(pitch=pitch, user=watcher)

    grow(1)
    client.force_login(watcher)
    small = _queries(client, "/home/")
    grow(4)
    assert _queries(client, "/home/") == small
    assert small == 14, small


def test_following_page_lists_people_pitches_and_likes(client, watcher, creator):
    Follow.objects.create(follower=watcher, following=creator)
    pitch = PitchFactory(owner=creator, title="Followed pitch")
    pitch_services.follow_pitch(pitch=pitch, user=watcher)
    client.force_login(watcher)
    page = client.get("/following/").content.decode()
    assert creator.display_name in page
    assert "Followed pitch" in page


def test_liking_from_a_card_returns_to_the_page_it_came_from(client, watcher, creator):
    pitch = PitchFactory(owner=creator)
    client.force_login(watcher)
    response = client.post(f"/pitch/{pitch.pk}/like/", {"next": "/marketplace/?genre=Drama"})
    assert response.url == "/marketplace/?genre=Drama"
    pitch.refresh_from_db()
    assert pitch.like_count == 1
    page = client.get("/marketplace/").content.decode()
    assert 'aria-pressed="true"' in page
    client.post(f"/pitch/{pitch.pk}/like/", {"action": "unlike", "next": "https://evil.example/"})
    pitch.refresh_from_db()
    assert pitch.like_count == 0
