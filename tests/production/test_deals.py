"""Production deals on the shared deal model: propose, list, contract record, outcome."""

from __future__ import annotations

import pytest

from investments import services as deal_services
from investments.models import Deal
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _propose(company, pitch, **extra):
    body = {"pitchId": pitch.pk, "creatorId": pitch.owner_id, "dealType": "option", "amount": 50000}
    body.update(extra)
    return client_for(company).post("/api/production/deals", body, format="json")


def test_a_company_proposes_lists_and_records_an_outcome(production, creator, pitch):
    made = _propose(production, pitch, territory="UK", backendPercent="5.5")
    assert made.status_code == 201, made.content
    deal = made.json()["data"]["deal"]
    assert (deal["dealType"], deal["status"], deal["producerName"]) == (
        "option",
        "proposed",
        "Big Studio",
    )
    assert Deal.objects.get().counterparty_kind == "production"
    listed = client_for(production).get("/api/production/deals").json()["data"]
    assert listed["total"] == 1
    assert listed["deals"][0]["id"] == deal["id"]
    assert (
        client_for(production).get("/api/production/deals?status=closed").json()["data"]["deals"]
        == []
    )
    contract = client_for(production).get(f"/api/production/deals/{deal['id']}/contract")
    assert contract.json()["data"]["contract"]["termsSha256"]
    row = Deal.objects.get()
    deal_services.accept_deal(deal=row, actor=creator)
    won = client_for(production).post(
        f"/api/production/deals/{deal['id']}/outcome", {"outcome": "won"}, format="json"
    )
    assert won.status_code == 200
    assert won.json()["data"]["deal"]["outcome"] == "closed_off_platform"
    assert Deal.objects.get().status == "closed"


def test_deal_rules_privacy_and_bad_input(production, other_company, creator, pitch):
    made = _propose(production, pitch).json()["data"]["deal"]
    assert _propose(production, pitch).status_code == 409
    rival = client_for(other_company)
    assert rival.get("/api/production/deals").json()["data"]["deals"] == []
    assert rival.get(f"/api/production/deals/{made['id']}/contract").status_code == 404
    gone = rival.post(f"/api/production/deals/{made['id']}/outcome", {"outcome": "lost"})
    assert gone.status_code == 404
    assert Deal.objects.get().status == "proposed"
    bad = client_for(production).post(
        f"/api/production/deals/{made['id']}/outcome", {"outcome": "maybe"}
    )
    assert bad.status_code == 400
    assert "outcome" in bad.json()["error"]["details"]
    wrong_type = _propose(production, PitchFactory(owner=creator), dealType="loan")
    assert wrong_type.status_code == 400
    assert "dealType" in wrong_type.json()["error"]["details"]
    own = _propose(production, PitchFactory(owner=production))
    assert own.status_code == 403
    stranger = _propose(production, pitch, creatorId=other_company.pk, dealType="acquisition")
    assert stranger.status_code == 400
    lost = client_for(production).post(
        f"/api/production/deals/{made['id']}/outcome", {"outcome": "lost"}
    )
    assert lost.json()["data"]["deal"]["status"] == "withdrawn"


@pytest.mark.parametrize("size", [5, 50])
def test_the_deal_list_costs_the_same_queries_at_any_size(
    production, creator, size, django_assert_max_num_queries
):
    for _ in range(size):
        deal_services.propose_deal(
            pitch=PitchFactory(owner=creator), proposer=production, deal_type="option"
        )
    with django_assert_max_num_queries(4):
        answer = client_for(production).get("/api/production/deals?limit=100")
    assert answer.json()["data"]["total"] == size
