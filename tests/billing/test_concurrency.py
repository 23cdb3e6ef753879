"""Twenty NDA requests at once by a user holding credits for three: the account lock lets exactly
three through and the balance ends at zero, never below."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import User
from billing.models import CreditEntry
from billing.services import credits
from ndas.models import NdaRequest
from tests.factories import UserFactory
from tests.ndas.conftest import _standard_template  # noqa: F401  (the NDA text to sign)
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db(transaction=True)
PARALLEL = 20


def test_twenty_parallel_nda_requests_with_credits_for_three(settings):
    settings.RATE_LIMIT_ENABLED = False
    owner = UserFactory(user_type=User.Type.CREATOR)
    pitches = [
        PitchFactory(owner=owner, require_nda=True, nda_type="platform") for _ in range(PARALLEL)
    ]
    requester = UserFactory(user_type=User.Type.INVESTOR, credits=30)
    start = threading.Barrier(PARALLEL)

    def request(pitch_id: int) -> tuple[int, str]:
        client = APIClient()
        client.force_authenticate(requester)
        body = {"pitchId": pitch_id, "signature": {"fullName": "Ivan Investor", "consent": True}}
        try:
            start.wait(timeout=30)
            response = client.post("/api/ndas/request", body, format="json")
            code = response.json().get("error", {}).get("code", "")
            return response.status_code, code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        answers = list(pool.map(request, [p.pk for p in pitches]))

    assert sorted(answers) == [(201, "")] * 3 + [(402, "INSUFFICIENT_CREDITS")] * 17
    assert NdaRequest.objects.filter(requester=requester).count() == 3
    assert credits.balance_of(requester.pk) == 0
    entries = CreditEntry.objects.filter(user=requester)
    assert entries.filter(kind="spend").count() == 3
    assert min(entries.values_list("balance_after", flat=True)) == 0
