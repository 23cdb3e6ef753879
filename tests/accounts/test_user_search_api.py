"""GET /api/users/search: public people search (q, userType, verified, limit/offset)."""

from __future__ import annotations

import pytest

from accounts.models import Block, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [user["username"] for user in response.json()["data"]["users"]]


def test_search_matches_name_username_and_company(api, creator, investor):
    UserFactory(username="someone_else", first_name="Zed", last_name="Other")
    response = api.get("/api/users/search?q=ivan")
    assert response.status_code == 200
    body = response.json()
    assert names(response) == [investor.username]
    assert body["data"]["total"] == 1
    assert body["users"] == body["data"]["users"]  # the SPA also reads top-level keys
    assert body["data"]["users"][0]["companyName"] == "Ivan Capital"
    assert "email" not in body["data"]["users"][0]
    assert names(api.get("/api/users/search?q=capital")) == [investor.username]


def test_filters_by_portal_and_verified_company(api, creator, investor, production, watcher):
    assert names(api.get("/api/users/search?userType=creator")) == [creator.username]
    assert names(api.get("/api/users/search?userType=watcher")) == [watcher.username]
    User.objects.filter(pk=production.pk).update(company_verified=True)
    assert names(api.get("/api/users/search?verified=true")) == [production.username]


def test_hidden_people_never_show(api, creator, staff):
    UserFactory(first_name="Hidden", is_active=False)
    UserFactory(first_name="Hidden", email_verified=False)
    UserFactory(first_name="Hidden", privacy_settings={"profile_visibility": "private"})
    UserFactory(first_name="Hidden", user_type=User.Type.ADMIN)
    assert names(api.get("/api/users/search?q=hidden")) == []
    assert staff.username not in names(api.get("/api/users/search"))


def test_blocked_people_are_hidden_both_ways(api, creator, investor, production):
    Block.objects.create(blocker=creator, blocked=investor)
    Block.objects.create(blocker=production, blocked=creator)
    api.force_authenticate(creator)
    found = names(api.get("/api/users/search"))
    assert investor.username not in found
    assert production.username not in found
    assert creator.username in found


def test_bad_parameters_are_400_with_field_details(api):
    response = api.get("/api/users/search?userType=alien")
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert "userType" in body["error"]["details"]
    response = api.get("/api/users/search?limit=abc")
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["details"]


@pytest.mark.parametrize("limit", [1, 5, 20])
def test_query_count_does_not_grow_with_the_page(api, limit, django_assert_num_queries):
    for n in range(8):
        UserFactory(first_name=f"Finder{n}")
    # count (1) + page (1)
    with django_assert_num_queries(2):
        response = api.get(f"/api/users/search?q=finder&limit={limit}&offset=0")
    assert len(response.json()["data"]["users"]) == min(limit, 8)
    assert response.json()["data"]["total"] == 8
