"""Information requests: an investor or production company asks a pitch's creator for
material, the creator answers, either side closes; nobody else sees or touches them."""

from __future__ import annotations

import pytest

from analytics.models import AuditLog
from messaging.models import Notification
from pitches.models import InfoRequest
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _ask(api, pitch, **extra):
    body = {
        "targetUserId": pitch.owner_id,
        "pitchId": pitch.pk,
        "message": "Could you share the budget top sheet?",
        "categories": ["Budget", "schedule"],
        **extra,
    }
    return api.post("/api/info-requests", body, format="json")


def test_ask_answer_and_close(api, investor, creator, published_pitch):
    api.force_authenticate(investor)
    asked = _ask(api, published_pitch)
    assert asked.status_code == 201, asked.content
    data = asked.json()["data"]
    assert data["status"] == "open"
    assert data["categories"] == ["budget", "schedule"]
    assert data["pitchTitle"] == published_pitch.title
    row = InfoRequest.objects.get()
    assert Notification.objects.filter(user=creator, kind="pitch_info_request").exists()

    listed = api.get("/api/info-requests").json()["data"]
    assert [r["id"] for r in listed["outgoing"]] == [row.pk]
    assert listed["incoming"] == []

    # Only the creator answers.
    assert api.post(f"/api/info-requests/{row.pk}/respond", {"response": "x"}).status_code == 404
    api.force_authenticate(creator)
    assert [r["id"] for r in api.get("/api/info-requests").json()["data"]["incoming"]] == [row.pk]
    answered = api.post(
        f"/api/info-requests/{row.pk}/respond", {"response": "Attached in messages."}
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["data"]["status"] == "responded"
    assert Notification.objects.filter(user=investor, kind="pitch_info_response").exists()

    api.force_authenticate(investor)
    closed = api.patch(f"/api/info-requests/{row.pk}", {"status": "closed"}, format="json")
    assert closed.status_code == 200
    assert closed.json()["data"]["status"] == "closed"
    api.force_authenticate(creator)
    late = api.post(f"/api/info-requests/{row.pk}/respond", {"response": "late"})
    assert late.status_code == 409
    actions = set(AuditLog.objects.filter(object_id=str(row.pk)).values_list("action", flat=True))
    assert {
        "pitches.info_request.created",
        "pitches.info_request.responded",
        "pitches.info_request.closed",
    } <= actions


def test_someone_elses_request_is_a_404_and_changes_nothing(
    api, investor, production, creator, published_pitch
):
    api.force_authenticate(investor)
    row_id = _ask(api, published_pitch).json()["data"]["id"]
    api.force_authenticate(production)
    assert api.get("/api/info-requests").json()["data"] == {"incoming": [], "outgoing": []}
    assert api.patch(f"/api/info-requests/{row_id}", {"status": "closed"}).status_code == 404
    assert api.post(f"/api/info-requests/{row_id}/respond", {"response": "x"}).status_code == 404
    assert InfoRequest.objects.get().status == "open"


def test_who_may_ask_and_what(api, investor, creator, watcher, published_pitch):
    api.force_authenticate(creator)
    assert _ask(api, published_pitch).status_code == 403  # your own pitch
    api.force_authenticate(watcher)
    assert _ask(api, published_pitch).status_code == 403
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    api.force_authenticate(investor)
    assert _ask(api, draft).status_code == 404
    wrong_target = _ask(api, published_pitch, targetUserId=investor.pk)
    assert wrong_target.status_code == 400
    assert "targetUserId" in wrong_target.json()["error"]["details"]
    bad = api.post("/api/info-requests", {"pitchId": "x", "message": ""}, format="json")
    assert bad.status_code == 400
    assert {"pitchId", "message"} <= set(bad.json()["error"]["details"])
    assert _ask(api, published_pitch).status_code == 201
    again = _ask(api, published_pitch)
    assert again.status_code == 409
    assert InfoRequest.objects.count() == 1
    assert (
        api.patch(
            f"/api/info-requests/{InfoRequest.objects.get().pk}", {"status": "open"}
        ).status_code
        == 400
    )


def test_info_requests_need_a_session(api):
    assert api.get("/api/info-requests").status_code == 401
    assert api.post("/api/info-requests", {}).status_code == 401


def test_listing_costs_the_same_queries_whatever_the_number(api, investor, creator):
    from pitches.services import info

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert api.get("/api/info-requests").status_code == 200
        return len(ctx.captured_queries)

    api.force_authenticate(investor)
    info.request_info(
        pitch=PitchFactory(owner=creator), requester=investor, message="m", categories=[]
    )
    few = count()
    for _ in range(10):
        info.request_info(
            pitch=PitchFactory(owner=creator), requester=investor, message="m", categories=[]
        )
    assert count() == few
