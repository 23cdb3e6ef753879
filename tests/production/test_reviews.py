"""The review queue and reviews: signed NDAs only, once per pitch, private, the creator told."""

from __future__ import annotations

import pytest

from messaging.models import Notification
from pitchey.errors import Conflict, NotAllowed
from production import selectors, services
from production.models import PitchReview
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for, sign_nda

pytestmark = pytest.mark.django_db


def test_the_queue_holds_signed_unreviewed_pitches_most_viewed_first(
    production, other_company, creator
):
    low = PitchFactory(owner=creator, view_count=5)
    high = PitchFactory(owner=creator, view_count=5000)
    medium = PitchFactory(owner=creator, view_count=500)
    unsigned = PitchFactory(owner=creator, view_count=9999)
    theirs = PitchFactory(owner=creator, view_count=9000)
    for pitch in (low, high, medium):
        sign_nda(pitch, production)
    sign_nda(theirs, other_company)
    queue = list(selectors.review_queue(production))
    assert [p.pk for p in queue] == [high.pk, medium.pk, low.pk]
    assert [p.priority for p in queue] == ["high", "medium", "low"]
    assert all(p.submitted_at is not None for p in queue)
    assert unsigned not in queue
    services.create_review(company=production, pitch=high, status="approved", rating=9)
    assert [p.pk for p in selectors.review_queue(production)] == [medium.pk, low.pk]


def test_a_review_before_a_signed_nda_is_refused_and_nothing_is_written(production, pitch):
    with pytest.raises(NotAllowed, match="NDA"):
        services.create_review(company=production, pitch=pitch, status="approved", rating=8)
    answer = client_for(production).post(
        "/api/production/reviews",
        {"pitchId": pitch.pk, "status": "approved", "rating": 8},
        format="json",
    )
    assert answer.status_code == 403
    assert not PitchReview.objects.exists()
    assert not Notification.objects.filter(kind="pitch_review").exists()


def test_a_review_is_once_per_pitch_and_tells_the_creator_after_commit(
    production, pitch, creator, django_capture_on_commit_callbacks
):
    sign_nda(pitch, production)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        review = services.create_review(
            company=production, pitch=pitch, status="needs_changes", rating=6, feedback="Tighter"
        )
    assert not Notification.objects.filter(kind="pitch_review").exists()
    for callback in callbacks:
        callback()
    note = Notification.objects.get(user=creator, kind="pitch_review")
    assert "asked for changes" in note.title
    assert note.data["review_id"] == review.pk
    with pytest.raises(Conflict):
        services.create_review(company=production, pitch=pitch, status="passed", rating=2)


def test_review_api_keys_privacy_and_bad_input(production, other_company, creator, pitch):
    sign_nda(pitch, production)
    company = client_for(production)
    queue = company.get("/api/production/review-queue").json()
    assert queue["data"]["queue"][0]["pitchId"] == pitch.pk
    assert queue["data"]["total"] == 1
    bad = company.post(
        "/api/production/reviews",
        {"pitchId": pitch.pk, "status": "maybe", "rating": 11},
        format="json",
    )
    assert bad.status_code == 400
    assert "rating" in bad.json()["error"]["details"]
    bad_status = company.post(
        "/api/production/reviews",
        {"pitchId": pitch.pk, "status": "maybe", "rating": 5},
        format="json",
    )
    assert bad_status.status_code == 400
    assert "status" in bad_status.json()["error"]["details"]
    made = company.post(
        "/api/production/reviews",
        {"pitchId": pitch.pk, "status": "approved", "rating": 9, "feedback": "Love it"},
        format="json",
    )
    assert made.status_code == 201
    review = made.json()["data"]["review"]
    assert review["rating"] == 9
    assert review["companyName"] == "Big Studio"
    again = company.post(
        "/api/production/reviews",
        {"pitchId": pitch.pk, "status": "approved", "rating": 9},
        format="json",
    )
    assert again.status_code == 409

    received = client_for(creator).get("/api/creator/reviews").json()["data"]
    assert [r["id"] for r in received["reviews"]] == [review["id"]]
    assert client_for(creator).get(f"/api/production/reviews/{review['id']}").status_code == 200

    rival = client_for(other_company)
    assert rival.get(f"/api/production/reviews/{review['id']}").status_code == 404
    changed = rival.patch(f"/api/production/reviews/{review['id']}", {"rating": 1}, format="json")
    assert changed.status_code == 404
    assert PitchReview.objects.get().rating == 9
    assert rival.get("/api/production/reviews").json()["data"]["reviews"] == []
    assert rival.get("/api/production/review-queue").json()["data"]["queue"] == []

    edited = company.patch(f"/api/production/reviews/{review['id']}", {"rating": 7}, format="json")
    assert edited.json()["data"]["rating"] == 7


def test_someone_elses_draft_cannot_be_reviewed(production, creator):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    answer = client_for(production).post(
        "/api/production/reviews",
        {"pitchId": draft.pk, "status": "approved", "rating": 5},
        format="json",
    )
    assert answer.status_code == 404
    assert not PitchReview.objects.exists()


@pytest.mark.parametrize("size", [5, 50])
def test_the_queue_costs_the_same_queries_at_any_size(
    production, creator, size, django_assert_max_num_queries
):
    from ndas.models import Nda, NdaRequest

    pitches = PitchFactory.create_batch(size, owner=creator)
    for pitch in pitches:
        request = NdaRequest.objects.create(
            pitch=pitch,
            requester=production,
            owner=creator,
            status="approved",
            signed_at=pitch.created_at,
            text_sha256="0" * 64,
            expires_at=pitch.created_at,
        )
        Nda.objects.create(request=request, pitch=pitch, signer=production, owner=creator)
    client = client_for(production)
    with django_assert_max_num_queries(6):
        answer = client.get("/api/production/review-queue?limit=100")
    assert answer.json()["data"]["total"] == size
