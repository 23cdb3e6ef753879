"""The holdings and portfolio endpoints: the SPA's keys, someone else's investment (404, nothing
written), bad input (400 with field messages) and query counts independent of the holdings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from investments import services
from investments.models import Investment, Transaction
from tests.factories import UserFactory
from tests.investments.conftest import grant
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _data(response, code=200):
    assert response.status_code == code, response.content
    body = response.json()
    assert body["success"] is True
    return body["data"]


def test_invest_then_read_it_back_with_the_spa_keys(investor, pitch):
    client = _client(investor)
    made = _data(
        client.post("/api/investor/invest", {"pitchId": pitch.pk, "amount": 50000}, format="json"),
        201,
    )
    assert made["investment"]["amount"] == 50000
    listed = _data(client.get("/api/investor/investments"))
    for key in ("investments", "total", "totalPages", "currentPage", "summary"):
        assert key in listed, key
    row = listed["investments"][0]
    for key in ("id", "pitchId", "amount", "currentValue", "status", "pitchTitle", "createdAt"):
        assert key in row, key
    assert listed["summary"]["totalInvested"] == 50000
    summary = _data(client.get("/api/investor/portfolio/summary"))
    assert summary["summary"]["totalInvested"] == 50000
    assert summary["totalInvested"] == 50000
    assert summary["activeInvestments"] == 1
    detail = _data(client.get(f"/api/investor/investments/{made['investment']['id']}"))
    assert detail["investment"]["transactions"][0]["kind"] == "investment"
    pitch_view = _data(client.get(f"/api/investor/pitch/{pitch.pk}/investment-detail"))
    assert pitch_view["hasInvested"] is True
    assert "isWatchlisted" in pitch_view


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"amount": 10}, "pitchId"),
        ({"pitchId": 1, "amount": "abc"}, "amount"),
        ({"pitchId": 1, "amount": -5}, "amount"),
        ({"pitchId": 1, "amount": 10**12}, "amount"),
        ({"pitchId": 1, "amount": 5, "currency": "XYZ"}, "currency"),
    ],
)
def test_bad_investments_answer_field_messages(investor, body, field):
    response = _client(investor).post("/api/investor/invest", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert not Investment.objects.exists()


def test_an_nda_pitch_refuses_money_without_access(investor, nda_pitch):
    client = _client(investor)
    response = client.post(
        "/api/investor/invest", {"pitchId": nda_pitch.pk, "amount": 10}, format="json"
    )
    assert response.status_code == 403
    grant(investor, nda_pitch)
    _data(
        client.post("/api/investor/invest", {"pitchId": nda_pitch.pk, "amount": 10}, format="json"),
        201,
    )


def test_someone_elses_investment_is_404_and_nothing_is_written(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    other = _client(UserFactory(user_type="investor"))
    base = f"/api/investor/investments/{investment.pk}"
    assert other.get(base).status_code == 404
    assert other.get(f"{base}/documents").status_code == 404
    assert other.get(f"{base}/report").status_code == 404
    assert other.put(base, {"currentValue": 1}, format="json").status_code == 404
    assert other.post(f"{base}/withdraw", {}, format="json").status_code == 404
    investment.refresh_from_db()
    assert (investment.status, investment.current_value) == ("active", 1000)
    assert Transaction.objects.count() == 1


def test_withdraw_and_revalue_through_the_api(investor, pitch):
    investment = services.record_investment(investor=investor, pitch=pitch, amount=1000)
    client = _client(investor)
    base = f"/api/investor/investments/{investment.pk}"
    assert _data(client.put(base, {"currentValue": 1100}, format="json"))["currentValue"] == 1100
    assert client.put(base, {"currentValue": -1}, format="json").status_code == 400
    _data(client.post(f"{base}/withdraw", {"reason": "Done"}, format="json"))
    again = client.post(f"{base}/withdraw", {}, format="json")
    assert again.status_code == 409
    assert Transaction.objects.filter(kind="refund").count() == 1


def test_other_portals_are_refused(creator, pitch):
    response = _client(creator).get("/api/investor/portfolio/summary")
    assert response.status_code == 403
    assert APIClient().get("/api/investor/portfolio/summary").status_code == 401


PATHS = [
    "/api/investor/investments",
    "/api/investor/investments/all",
    "/api/investor/portfolio",
    "/api/investor/portfolio/summary",
    "/api/investor/portfolio/performance",
    "/api/investor/performance",
    "/api/investor/dashboard",
    "/api/investor/analytics/roi/summary",
    "/api/investor/analytics/roi/by-category",
    "/api/investor/projects/completed",
]


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def test_query_counts_do_not_grow_with_the_holdings(investor, creator):
    client = _client(investor)
    pitches = [PitchFactory(owner=creator) for _ in range(50)]
    for p in pitches[:5]:
        services.record_investment(investor=investor, pitch=p, amount=100)
    few = {path: _queries(client, path) for path in PATHS}
    for p in pitches[5:]:
        services.record_investment(investor=investor, pitch=p, amount=100)
    many = {path: _queries(client, path) for path in PATHS}
    assert many == few
