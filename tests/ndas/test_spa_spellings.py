"""The NDA reads answer the SPA's spellings (`existingNDA`, `hasNDA`) beside the camelCase ones."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.ndas.conftest import make_request
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_both_spellings_agree(nda_pitch, investor):
    client = _client(investor)
    can = client.get(f"/api/ndas/pitch/{nda_pitch.pk}/can-request").json()["data"]
    assert can["existingNDA"] is None
    assert can["existingNda"] is None
    request = make_request(nda_pitch, investor)
    can = client.get(f"/api/ndas/pitch/{nda_pitch.pk}/can-request").json()
    assert can["data"]["existingNDA"]["id"] == request.pk
    assert can["data"]["existingNDA"] == can["data"]["existingNda"] == can["existingNDA"]
    status = client.get(f"/api/ndas/pitch/{nda_pitch.pk}/status").json()
    # Pending: there is an NDA to show (the wizard's "awaiting review" step), none in force.
    assert status["data"]["hasNDA"] is status["data"]["hasNda"] is True
    assert status["hasNDA"] is True
    assert status["data"]["hasSignedNDA"] is status["data"]["hasSignedNda"] is False
    assert status["data"]["ndaStatus"] == "pending"
    assert status["data"]["nda"]["id"] == request.pk


def test_someone_elses_draft_and_anonymous(investor, creator):
    draft = PitchFactory(owner=creator, status="draft", published_at=None, require_nda=True)
    client = _client(investor)
    for path in ("can-request", "status"):
        assert client.get(f"/api/ndas/pitch/{draft.pk}/{path}").status_code == 404
        assert APIClient().get(f"/api/ndas/pitch/{draft.pk}/{path}").status_code == 401
