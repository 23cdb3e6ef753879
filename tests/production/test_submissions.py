"""The submissions board: moves, bulk moves, counts, privacy, the creator's view."""

from __future__ import annotations

import pytest

from messaging.models import Notification
from pitchey.errors import DomainError
from production import services
from production.models import Submission
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _submitted(creator, company, n=1):
    return [
        services.submit_to_company(
            creator=creator, company=company, pitch=PitchFactory(owner=creator)
        )
        for _ in range(n)
    ]


def test_moves_follow_the_pipeline_and_tell_the_creator(
    production, creator, django_capture_on_commit_callbacks
):
    (submission,) = _submitted(creator, production)
    with django_capture_on_commit_callbacks(execute=True):
        services.move_submission(submission=submission, actor=production, status="shortlisted")
    note = Notification.objects.get(user=creator, kind="submission_update")
    assert "shortlisted" in note.title
    services.move_submission(submission=submission, actor=production, status="rejected")
    with pytest.raises(DomainError, match="cannot move"):
        services.move_submission(submission=submission, actor=production, status="accepted")
    services.move_submission(submission=submission, actor=production, status="archive")
    submission.refresh_from_db()
    assert submission.status == "archived"


def test_board_api_counts_moves_by_pitch_and_refuses_strangers(production, other_company, creator):
    first, second, third = _submitted(creator, production, 3)
    company = client_for(production)
    board = company.get("/api/production/submissions").json()
    assert board["data"]["counts"]["new"] == 3
    assert len(board["submissions"]) == 3  # also at the top level, as the SPA reads it
    moved = company.put(
        f"/api/production/submissions/{first.pitch_id}",
        {"status": "reviewing", "notes": "Strong opening"},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["data"]["status"] == "review"
    review = company.get("/api/production/submissions?status=review").json()["data"]
    assert [s["pitchId"] for s in review["submissions"]] == [first.pitch_id]
    assert review["submissions"][0]["notes"] == "Strong opening"
    bad = company.put(f"/api/production/submissions/{first.pitch_id}", {"status": "x"})
    assert bad.status_code == 400
    assert "status" in bad.json()["error"]["details"]
    assert company.get("/api/production/submissions?status=x").status_code == 400

    rival = client_for(other_company)
    stolen = rival.put(f"/api/production/submissions/{second.pitch_id}", {"status": "rejected"})
    assert stolen.status_code == 404
    sneaky = rival.post(
        "/api/production/submissions/bulk", {"ids": [second.pk], "status": "rejected"}
    )
    assert sneaky.status_code == 404
    assert Submission.objects.get(pk=second.pk).status == "new"
    assert rival.get("/api/production/submissions").json()["data"]["submissions"] == []

    bulk = company.post(
        "/api/production/submissions/bulk",
        {"ids": [second.pk, third.pk], "status": "shortlisted"},
        format="json",
    )
    assert bulk.status_code == 200
    assert bulk.json()["data"]["counts"]["shortlisted"] == 2
    mixed = company.post(
        "/api/production/submissions/bulk",
        {"ids": [first.pk, second.pk], "status": "new"},
        format="json",
    )
    assert mixed.status_code == 400  # shortlisted cannot go back to new: none move
    assert Submission.objects.get(pk=first.pk).status == "review"

    mine = client_for(creator).get("/api/calls/submissions/mine").json()["data"]["submissions"]
    assert {s["status"] for s in mine} == {"review", "shortlisted"}
    assert "notes" not in mine[0]


def test_only_published_own_pitches_go_to_companies(production, creator, other_creator):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    with pytest.raises(DomainError, match="Publish"):
        services.submit_to_company(creator=creator, company=production, pitch=draft)
    with pytest.raises(DomainError):
        services.submit_to_company(
            creator=creator, company=other_creator, pitch=PitchFactory(owner=creator)
        )


@pytest.mark.parametrize("size", [5, 50])
def test_the_board_costs_the_same_queries_at_any_size(production, size, django_assert_num_queries):
    creator = UserFactory(user_type="creator")
    Submission.objects.bulk_create(
        Submission(company=production, creator=creator, pitch=PitchFactory(owner=creator))
        for _ in range(size)
    )
    client = client_for(production)
    with django_assert_num_queries(3):
        answer = client.get("/api/production/submissions?limit=100")
    assert answer.json()["data"]["total"] == size
