"""Every investor-portal, deal and creator-funding route answers the keys the SPA reads (section
3.4), with no 404 for a missing route and no 5xx."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from investments import services
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _walk(body, chain: str) -> bool:
    value = body
    for part in chain.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


@pytest.fixture
def world(creator, investor, production):
    pitch = PitchFactory(owner=creator, seeking_investment=True, genre="Drama")
    investment = services.record_investment(investor=investor, pitch=pitch, amount=5000)
    deal = services.propose_deal(pitch=pitch, proposer=investor, deal_type="investment", amount=9)
    company_deal = services.propose_deal(pitch=pitch, proposer=production, deal_type="option")
    services.save_thesis(investor=investor, fields={"genres": ["Drama"], "is_public": True})
    return {"pitch": pitch, "investment": investment, "deal": deal, "company_deal": company_deal}


INVESTOR_GETS = {
    "/api/investor/investments": ["data.investments", "data.total", "data.summary"],
    "/api/investor/investments/all": ["data.investments"],
    "/api/investor/investments/summary": ["data.summary"],
    "/api/investor/investments/{investment}": ["data.investment"],
    "/api/investor/pitch/{pitch}/investment-detail": ["data.isWatchlisted"],
    "/api/investor/dashboard": ["data.dashboard"],
    "/api/investor/portfolio": ["data.portfolio"],
    "/api/investor/portfolio/summary": ["data.summary", "data.totalInvested"],
    "/api/investor/portfolio/performance": ["data.performanceData"],
    "/api/investor/performance": [
        "data.overallROI",
        "data.projectedROI",
        "data.roiByGenre",
        "data.roiByProject",
        "data.roiTimeline",
    ],
    "/api/investor/analytics/roi/summary": ["data.summary"],
    "/api/investor/analytics/roi/by-category": ["data.categories"],
    "/api/investor/projects/completed": ["data.projects"],
    "/api/investor/deals": ["deals", "data.deals"],
    "/api/investor/deals/pending": ["data.deals"],
    "/api/investor/deals/{deal}/timeline": ["data.timeline"],
    "/api/deals/{deal}/messages": ["data.messages"],
    "/api/deals/{deal}/signatures": ["data.signatures"],
    "/api/investor/thesis": ["data.thesis"],
    "/api/investor/thesis/matches": ["data.matches"],
    "/api/investor/opportunities": ["data.opportunities", "data.total"],
    "/api/investor/recommendations": ["data.recommendations"],
    "/api/investment/recommendations": ["data"],
    "/api/investor/pitches/{pitch}/notes": ["data.notes"],
    "/api/investor/pitches/{pitch}/diligence": ["data.checklist"],
    "/api/investor/watchlist": ["data.watchlist"],
    "/api/investor/transactions": ["data.transactions"],
    "/api/investor/transactions/stats": ["data.stats"],
    "/api/investor/financial/summary": ["data.summary"],
    "/api/investor/financial/recent-transactions?limit=5": ["data.transactions"],
    "/api/investor/tax-documents": ["data.documents"],
    "/api/investor/tax/{year}": ["data.taxInfo"],
    "/api/investor/reports": ["data.reports"],
    "/api/investor/budget/allocations": ["data.allocations"],
    "/api/investor/analytics/market/trends": ["data.trends"],
    "/api/investor/analytics/risk/portfolio": ["data.risk"],
    "/api/investor/settings": ["data.settings"],
    "/api/investor/preferences": ["data.preferences", "data.genres"],
    "/api/investor/investments/{investment}/documents": ["data.documents"],
    "/api/investor/network": ["data.network"],
    "/api/investor/co-investors": ["data.coInvestors"],
    "/api/investor/creators": ["data.creators"],
    "/api/investor/production-companies": ["data.productionCompanies"],
}
CREATOR_GETS = {
    "/api/creator/funding/overview": ["data.totalRaised", "data.recentInvestments"],
    "/api/creator/investors": ["data.investors", "data.totalRaised"],
    "/api/creator/deals": ["data.deals"],
    "/api/creator/value": ["data.totalValue"],
    "/api/creator/companies": ["data.companies"],
    "/api/pitches/{pitch}/matching-investors": ["data.investors"],
    "/api/deals/{deal}/timeline": ["data.timeline"],
}


def _fill(path: str, world) -> str:
    from django.utils import timezone

    return path.format(
        investment=world["investment"].pk,
        pitch=world["pitch"].pk,
        deal=world["deal"].pk,
        year=timezone.localdate().year,
    )


@pytest.mark.parametrize(("who", "paths"), [("investor", INVESTOR_GETS), ("creator", CREATOR_GETS)])
def test_every_route_answers_the_keys_the_spa_reads(who, paths, world, request):
    client = _client(request.getfixturevalue(who))
    for template, chains in paths.items():
        response = client.get(_fill(template, world))
        assert response.status_code == 200, (template, response.status_code, response.content)
        body = response.json()
        assert body["success"] is True, template
        for chain in chains:
            assert _walk(body, chain), (template, chain)


def test_files_download_as_pdf_and_csv(investor, world):
    from django.utils import timezone

    client = _client(investor)
    year = timezone.localdate().year
    pdf = client.get(f"/api/investor/tax-documents/{year}/statement.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = client.get("/api/investor/transactions/export")
    assert csv["Content-Type"].startswith("text/csv")
    assert b"investment" in csv.content
    one = client.get(f"/api/investor/investments/{world['investment'].pk}/report")
    assert one["Content-Type"].startswith("text/csv")
    assert b"valuation" in one.content
    report = client.get("/api/investor/reports/portfolio.csv")
    assert report.status_code == 200
    assert world["pitch"].title.encode() in report.content
    assert client.get("/api/investor/reports/secrets.csv").status_code == 404


def test_writes_answer_the_spa(investor, creator, world):
    client = _client(investor)
    pitch = world["pitch"]
    note = client.post(
        f"/api/investor/pitches/{pitch.pk}/notes",
        {"content": "Strong lead", "category": "strength", "isPrivate": True},
        format="json",
    )
    assert note.status_code == 201
    assert note.json()["data"]["note"]["content"] == "Strong lead"
    gone = client.delete(
        f"/api/investor/pitches/{pitch.pk}/notes/{note.json()['data']['note']['id']}"
    )
    assert gone.status_code == 200
    checklist = client.put(
        f"/api/investor/pitches/{pitch.pk}/diligence",
        {"checklist": [{"item": "Script", "done": True}]},
        format="json",
    )
    assert checklist.json()["data"]["checklist"][0] == {"id": "1", "label": "Script", "done": True}
    thesis = client.put(
        "/api/investor/thesis",
        {"genres": ["Drama"], "budgetMin": 100000, "budgetMax": 5000000, "isPublic": True},
        format="json",
    )
    assert thesis.json()["data"]["thesis"]["budgetBrackets"] == ["low", "medium"]
    watch = client.post(
        "/api/investor/watchlist", {"pitchId": pitch.pk, "notes": "x"}, format="json"
    )
    assert watch.status_code == 201
    assert watch.json()["data"]["item"]["pitchId"] == pitch.pk
    assert client.delete(f"/api/investor/watchlist/{pitch.pk}").status_code == 200
    allocation = client.post(
        "/api/investor/budget/allocations",
        {"category": "Drama", "allocated_amount": 100000},
        format="json",
    )
    assert allocation.json()["data"]["allocation"]["usedAmount"] == 5000
    settings = client.put("/api/investor/settings", {"emailAlerts": True}, format="json")
    assert settings.json()["data"]["settings"] == {"email_alerts": True} or settings.json()["data"][
        "settings"
    ] == {"emailAlerts": True}
    message = client.post(
        f"/api/deals/{world['deal'].pk}/messages", {"content": "Hello"}, format="json"
    )
    assert message.status_code == 201
    assert (
        _client(creator)
        .get(f"/api/deals/{world['deal'].pk}/messages")
        .json()["data"]["messages"][0]["content"]
        == "Hello"
    )
