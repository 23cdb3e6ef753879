import pytest

from accounts import selectors, services
from accounts.models import Block, Follow
from pitchey.errors import NotAllowed
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_follow_and_unfollow_through_the_action_endpoint(creator_web, creator, investor):
    response = creator_web.post(
        "/api/follows/action", {"targetId": investor.pk, "targetType": "user", "action": "follow"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["following"] is True
    assert response.json()["data"]["followersCount"] == 1
    assert (
        creator_web.post(
            "/api/follows/action", {"userId": investor.pk, "action": "follow"}
        ).status_code
        == 200
    )
    assert Follow.objects.count() == 1
    assert (
        creator_web.post(
            "/api/follows/action", {"targetId": investor.pk, "action": "unfollow"}
        ).json()["following"]
        is False
    )
    assert creator_web.post("/api/follows/unfollow", {"targetId": investor.pk}).status_code == 404


def test_follow_collection_post_and_delete(creator_web, investor):
    assert (
        creator_web.post(
            "/api/follows", {"targetId": investor.pk, "targetType": "user"}
        ).status_code
        == 200
    )
    assert creator_web.get("/api/follows").json()["following"][0]["id"] == investor.pk
    assert (
        creator_web.delete(
            "/api/follows", {"targetId": investor.pk, "targetType": "user"}
        ).status_code
        == 200
    )


def test_follow_bad_input(creator_web, creator):
    assert creator_web.post("/api/follows/action", {"action": "follow"}).status_code == 400
    assert (
        creator_web.post("/api/follows/action", {"targetId": 1, "targetType": "song"}).status_code
        == 400
    )
    assert creator_web.post("/api/follows/action", {"targetId": creator.pk}).status_code == 400
    assert creator_web.post("/api/follows/action", {"targetId": 999999}).status_code == 404


def test_lists_counts_and_status(creator_web, creator, investor, production):
    Follow.objects.create(follower=investor, following=creator)
    Follow.objects.create(follower=production, following=creator)
    Follow.objects.create(follower=creator, following=investor)
    followers = creator_web.get("/api/follows/followers").json()
    assert followers["total"] == 2
    assert {f["id"] for f in followers["followers"]} == {
        investor.pk,
        production.pk,
    }
    assert followers["followers"][0]["followedAt"]
    following = creator_web.get(f"/api/follows/following?userId={creator.pk}").json()
    assert following["total"] == 1
    assert (
        creator_web.get("/api/follows/list?type=followers").json()["data"][0]["id"] == production.pk
    )
    assert creator_web.get("/api/follows/list?type=bogus").status_code == 400
    stats = creator_web.get("/api/follows/stats").json()
    assert stats["stats"] == {"followers": 2, "following": 1}
    status = creator_web.post(
        "/api/follows/check-status", {"userIds": [investor.pk, production.pk]}
    ).json()["data"]
    assert status == {str(investor.pk): True, str(production.pk): False}
    assert creator_web.get("/api/follows/followers?userId=abc").status_code == 400


@pytest.mark.parametrize("limit", [1, 5, 20])
def test_follower_list_query_count_does_not_grow_with_the_page(
    creator_web, creator, limit, django_assert_num_queries
):
    for _ in range(6):
        Follow.objects.create(follower=UserFactory(), following=creator)
    # session lookup (1) + count (1) + page (1)
    with django_assert_num_queries(3):
        response = creator_web.get(f"/api/follows/followers?limit={limit}")
    assert len(response.json()["followers"]) == min(limit, 6)


def test_blocking_ends_follows_and_stops_following(creator_web, creator, investor):
    Follow.objects.create(follower=investor, following=creator)
    assert creator_web.post(f"/api/users/{investor.pk}/block").status_code == 200
    assert not Follow.objects.exists()
    assert selectors.is_blocked(investor, creator)
    assert selectors.is_blocked(creator, investor)
    client = browser_client()
    log_in(client, investor, "investor")
    response = client.post("/api/follows/action", {"targetId": creator.pk, "action": "follow"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "BLOCKED"
    assert creator_web.get("/api/users/blocked").json()["users"][0]["id"] == investor.pk
    assert creator_web.post(f"/api/users/{investor.pk}/unblock").status_code == 200
    assert not Block.objects.exists()
    assert creator_web.post(f"/api/users/{investor.pk}/unblock").status_code == 404
    assert creator_web.post(f"/api/users/{creator.pk}/block").status_code == 400
    assert creator_web.post("/api/users/999999/block").status_code == 404


def test_unblocking_someone_else_s_block_is_a_404(creator_web, investor, production):
    Block.objects.create(blocker=production, blocked=investor)
    assert creator_web.delete(f"/api/users/{investor.pk}/block").status_code == 404
    assert Block.objects.count() == 1


def test_social_endpoints_need_login(web, creator):
    assert web.get("/api/follows/followers").status_code == 401
    assert web.post(f"/api/users/{creator.pk}/block").status_code == 401


def test_suggestions_skip_followed_blocked_and_self(
    creator_web, creator, investor, production, watcher
):
    Follow.objects.create(follower=creator, following=investor)
    Block.objects.create(blocker=watcher, blocked=creator)
    Follow.objects.create(follower=investor, following=production)
    users = creator_web.get("/api/follows/suggestions?limit=5").json()["users"]
    assert [u["id"] for u in users] == [production.pk]
    assert creator_web.get("/api/follows/suggestions?limit=x").status_code == 400


@pytest.mark.parametrize("follower_blocks", [True, False])
def test_a_block_either_way_stops_following(creator, investor, follower_blocks):
    blocker, target = (investor, creator) if follower_blocks else (creator, investor)
    services.block_user(blocker=blocker, target=target)
    with pytest.raises(NotAllowed):
        services.follow_user(follower=investor, target=creator)
    assert not Follow.objects.exists()
