"""Deal endpoints: both parties move a deal through the API; someone else's deal is a 404 with
nothing written; bad input answers field messages; lists keep their query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from investments import services
from investments.models import Deal, DealEvent, DealMessage, DealSignature
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _offer(pitch, who, **extra):
    terms = {"deal_type": "investment", "amount": 50000, **extra}
    return services.propose_deal(pitch=pitch, proposer=who, **terms)


def test_creator_counters_investor_accepts_both_sign_and_close(creator, investor, pitch):
    deal = _offer(pitch, investor)
    mine, theirs = _client(creator), _client(investor)
    inbox = mine.get("/api/creator/deals").json()["data"]["deals"]
    assert inbox[0]["actionable"] is True
    assert inbox[0]["producerName"]
    countered = mine.post(
        f"/api/creator/deals/{deal.pk}/respond",
        {"action": "counter", "counterAmount": 80000},
        format="json",
    )
    assert countered.status_code == 200, countered.content
    assert countered.json()["data"]["deal"]["amount"] == 80000
    accepted = theirs.put(
        f"/api/investor/deals/{deal.pk}/status", {"status": "accepted"}, format="json"
    )
    assert accepted.json()["data"]["deal"]["status"] == "accepted"
    for client, name in ((mine, "Alice Creator"), (theirs, "Ivan Investor")):
        signed = client.post(
            f"/api/deals/{deal.pk}/sign", {"fullName": name, "agreed": True}, format="json"
        )
        assert signed.status_code == 200, signed.content
    signatures = theirs.get(f"/api/deals/{deal.pk}/signatures").json()["data"]
    assert signatures["fullySigned"] is True
    closed = mine.post(
        f"/api/creator/deals/{deal.pk}/outcome", {"outcome": "closed_on_platform"}, format="json"
    )
    assert closed.json()["data"]["deal"]["status"] == "closed"
    timeline = theirs.get(f"/api/investor/deals/{deal.pk}/timeline").json()["data"]["timeline"]
    assert [e["eventType"] for e in timeline] == [
        "proposed",
        "countered",
        "accepted",
        "signed",
        "signed",
        "closed",
    ]
    assert "80,000.00" in timeline[1]["description"]
    holdings = theirs.get("/api/investor/investments").json()["data"]["investments"]
    assert holdings[0]["amount"] == 80000


def test_someone_elses_deal_is_404_and_nothing_is_written(creator, investor, pitch):
    deal = _offer(pitch, investor)
    stranger_investor = _client(UserFactory(user_type="investor"))
    stranger_creator = _client(UserFactory(user_type="creator"))
    base = f"/api/deals/{deal.pk}"
    attempts = [
        (stranger_investor, "get", f"/api/investor/deals/{deal.pk}/timeline", None),
        (stranger_investor, "put", f"/api/investor/deals/{deal.pk}/status", {"status": "accepted"}),
        (stranger_investor, "get", f"{base}/messages", None),
        (stranger_investor, "post", f"{base}/messages", {"content": "hi"}),
        (stranger_investor, "post", f"{base}/sign", {"fullName": "X Y", "agreed": True}),
        (stranger_investor, "get", f"{base}/signatures", None),
        (stranger_creator, "post", f"/api/creator/deals/{deal.pk}/respond", {"action": "accept"}),
        (
            stranger_creator,
            "post",
            f"/api/creator/deals/{deal.pk}/outcome",
            {"outcome": "dead"},
        ),
    ]
    for client, method, path, body in attempts:
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 404, (path, response.status_code)
    deal.refresh_from_db()
    assert deal.status == "proposed"
    assert DealEvent.objects.count() == 1
    assert not DealMessage.objects.exists()
    assert not DealSignature.objects.exists()
    assert stranger_investor.get("/api/investor/deals").json()["data"]["deals"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "action"),
        ({"action": "shrug"}, "action"),
        ({"action": "counter", "counterAmount": -1}, "counterAmount"),
        ({"action": "counter", "backendPercentage": 150}, "backendPercentage"),
        ({"action": "counter", "termMonths": 0}, "termMonths"),
    ],
)
def test_bad_answers_get_field_messages(creator, investor, pitch, body, field):
    deal = _offer(pitch, investor)
    response = _client(creator).post(f"/api/creator/deals/{deal.pk}/respond", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert DealEvent.objects.count() == 1


def test_wrong_turns_and_states_are_conflicts(creator, investor, pitch):
    deal = _offer(pitch, investor)
    theirs = _client(investor)
    early = theirs.put(
        f"/api/investor/deals/{deal.pk}/status", {"status": "accepted"}, format="json"
    )
    assert early.status_code == 409
    sign = theirs.post(
        f"/api/deals/{deal.pk}/sign", {"fullName": "Ivan", "agreed": True}, format="json"
    )
    assert sign.status_code == 409
    outcome = _client(creator).post(
        f"/api/creator/deals/{deal.pk}/outcome", {"outcome": "won"}, format="json"
    )
    assert outcome.status_code == 400
    assert Deal.objects.get().status == "proposed"


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_deal_lists_keep_their_query_count(creator, investor):
    pitches = [PitchFactory(owner=creator) for _ in range(50)]
    for p in pitches[:5]:
        _offer(p, investor)
    paths = ["/api/investor/deals", "/api/investor/deals/pending"]
    few = {p: _queries(_client(investor), p) for p in paths}
    few_creator = _queries(_client(creator), "/api/creator/deals")
    for p in pitches[5:]:
        _offer(p, investor)
    assert {p: _queries(_client(investor), p) for p in paths} == few
    assert _queries(_client(creator), "/api/creator/deals") == few_creator
