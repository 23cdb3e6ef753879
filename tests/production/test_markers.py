"""The protection rule through the production channels: the queue, reviews, submissions,
calls, notes and team views show the public facts of a pitch only, to every company (one with
a signed NDA included), so a marker planted in the protected fields never appears."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from production import services
from tests.ndas.conftest import MARK, nda_pitch  # noqa: F401  (the marked pitch)
from tests.production.conftest import client_for, sign_nda

pytestmark = pytest.mark.django_db

PATHS = [
    "/api/production/review-queue",
    "/api/production/reviews",
    "/api/production/submissions",
    "/api/production/dashboard",
    "/api/calls",
    "/api/calls/mine",
    "/api/calls/submissions/mine",
    "/api/creator/reviews",
    "/api/production/deals",
    "/api/production/slate",
    "/api/production/saved-pitches",
    "/api/meetings",
]


def _bodies(user, extra: list[str]) -> list[str]:
    client = client_for(user)
    bodies = []
    for path in PATHS + extra:
        answer = client.get(path)
        assert answer.status_code in (200, 403, 404), (path, answer.status_code)
        bodies.append(answer.content.decode())
    return bodies


def test_production_channels_carry_no_markers(nda_pitch, creator, production, other_company):  # noqa: F811
    call = services.create_call(
        company=production,
        fields={"title": "Call", "deadline": timezone.now() + timedelta(days=3)},
    )
    submission = services.submit_to_call(creator=creator, call=call, pitch=nda_pitch)
    services.submit_to_company(creator=creator, company=other_company, pitch=nda_pitch)
    sign_nda(nda_pitch, other_company)
    from investments import services as deal_services
    from pitches import services as pitch_services

    deal_services.propose_deal(pitch=nda_pitch, proposer=other_company, deal_type="option")
    pitch_services.save_pitch(pitch=nda_pitch, user=production)
    services.request_meeting(
        requester=production,
        creator=creator,
        pitch=nda_pitch,
        times=[timezone.now() + timedelta(days=2)],
    )
    services.add_note(
        company=production, pitch=nda_pitch, author=production, content="Keen", shared=True
    )
    services.request_collaboration(requester=production, pitch=nda_pitch, role="producer")
    team = services.create_team(owner=production, name="Dev")
    extra = [
        f"/api/calls/{call.pk}",
        f"/api/calls/{call.pk}/submissions",
        f"/api/production/pitches/{nda_pitch.pk}/notes",
        f"/api/production/pitches/{nda_pitch.pk}/checklist",
        f"/api/production/pitches/{nda_pitch.pk}/team",
        f"/api/production/pitches/{nda_pitch.pk}/collaborators",
        "/api/collaborations",
        "/api/my/collaborations",
        "/api/production/team/collaborators",
        "/api/teams",
        f"/api/teams/{team.pk}",
    ]
    for user in (production, other_company, creator):
        assert not any(MARK in body for body in _bodies(user, extra)), user
    review = services.create_review(
        company=other_company, pitch=nda_pitch, status="approved", rating=8
    )
    extra.append(f"/api/production/reviews/{review.pk}")
    services.move_submission(submission=submission, actor=production, status="accepted")
    for user in (production, other_company, creator):
        assert not any(MARK in body for body in _bodies(user, extra)), user
