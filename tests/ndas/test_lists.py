"""NDA lists: scoping, filters, pagination, and a query count independent of page size."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ndas import services
from tests.factories import UserFactory
from tests.ndas.conftest import make_request
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(creator, investor):
    pitches = [PitchFactory(owner=creator, require_nda=True, nda_type="platform") for _ in range(6)]
    rows = []
    for n, pitch in enumerate(pitches):
        requester = investor if n % 2 == 0 else UserFactory(user_type="production")
        rows.append(make_request(pitch, requester))
    for row in rows[:3]:
        services.approve_nda(nda_request=row, actor=creator)
    return rows


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/api/ndas",
        "/api/ndas/incoming-requests",
        "/api/ndas/signed",
        "/api/ndas/active",
        "/api/nda/active",
        "/api/ndas/outgoing-requests",
    ],
)
def test_list_query_count_does_not_grow_with_page_size(
    path, many, creator, django_assert_num_queries
):
    client = _client(creator)
    counts = []
    for limit in (1, 3, 20):
        with django_assert_num_queries(2):  # count + one page with its joins
            response = client.get(path, {"limit": limit})
        assert response.status_code == 200
        counts.append(
            len(response.json()["data"]["ndas" if path == "/api/ndas" else "ndaRequests"])
        )
    assert counts[0] <= 1


def test_lists_are_scoped_and_filtered(many, creator, investor, other_creator):
    data = _client(creator).get("/api/ndas", {"status": "approved"}).json()["data"]
    assert data["total"] == 3
    assert {n["status"] for n in data["ndas"]} == {"signed"}  # approved and signed: in force
    assert {n["requestStatus"] for n in data["ndas"]} == {"approved"}
    incoming = _client(creator).get("/api/ndas/incoming-requests").json()["data"]
    assert incoming["total"] == 3
    assert {n["status"] for n in incoming["ndaRequests"]} == {"pending"}
    mine = _client(investor).get("/api/ndas/outgoing-requests").json()["data"]
    assert mine["total"] == 3
    assert all(n["requester"]["id"] == investor.pk for n in mine["ndaRequests"])
    by_pitch = _client(creator).get("/api/ndas", {"pitchId": many[0].pitch_id}).json()["data"]
    assert by_pitch["total"] == 1
    by_requester = _client(creator).get("/api/ndas", {"requesterId": investor.pk}).json()["data"]
    assert by_requester["total"] == 3
    assert (
        _client(creator).get("/api/ndas", {"dateFrom": "2999-01-01"}).json()["data"]["total"] == 0
    )
    assert _client(other_creator).get("/api/ndas").json()["data"]["total"] == 0
    assert _client(other_creator).get(f"/api/ndas/{many[0].pk}").status_code == 404
    page2 = _client(creator).get("/api/ndas", {"limit": 4, "page": 2}).json()["data"]
    assert page2["page"] == 2
    assert len(page2["ndas"]) == 2
    assert page2["totalPages"] == 2


def test_bad_filters_are_400(creator):
    for params in ({"status": "weird"}, {"dateFrom": "nope"}, {"limit": "x"}):
        response = _client(creator).get("/api/ndas", params)
        assert response.status_code == 400, params
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_lists_need_a_login():
    assert APIClient().get("/api/ndas").status_code == 401
