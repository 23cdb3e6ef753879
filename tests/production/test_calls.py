"""Open calls: posting, the one bulk announcement, the deadline and quota under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import User
from messaging.models import Notification
from pitchey.errors import Conflict
from production import services
from production.models import OpenCall, Submission
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _call(company, **fields):
    data = {
        "title": "Thrillers wanted",
        "genres": ["Thriller"],
        "deadline": timezone.now() + timedelta(days=30),
    }
    data.update(fields)
    return services.create_call(company=company, fields=data)


def test_matching_creators_hear_of_a_call_once_in_bulk_after_commit(
    production, creator, other_creator, django_capture_on_commit_callbacks
):
    PitchFactory(owner=creator, genre="thriller", format="Feature Film")
    PitchFactory(owner=creator, genre="Thriller", format="Series")
    PitchFactory(owner=other_creator, genre="Comedy")
    PitchFactory(owner=other_creator, genre="Thriller", status="draft", published_at=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call = _call(production, formats=["Feature Film"])
    assert not Notification.objects.filter(kind="open_call").exists()
    for callback in callbacks:
        callback()
    assert list(Notification.objects.filter(kind="open_call").values_list("user", flat=True)) == [
        creator.pk
    ]
    call.refresh_from_db()
    assert call.notified_count == 1
    assert services.announce_call(call_id=call.pk) == 0
    assert Notification.objects.filter(kind="open_call").count() == 1


def test_a_call_takes_published_own_pitches_before_its_deadline(production, creator, pitch):
    call = _call(production)
    services.submit_to_call(creator=creator, call=call, pitch=pitch, message="Hi")
    with pytest.raises(Conflict, match="already submitted"):
        services.submit_to_call(creator=creator, call=call, pitch=pitch)
    late = _call(production, title="Late")
    OpenCall.objects.filter(pk=late.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(Conflict, match="closed"):
        services.submit_to_call(creator=creator, call=late, pitch=PitchFactory(owner=creator))


@pytest.mark.django_db(transaction=True)
def test_the_quota_holds_under_concurrent_submissions(production):
    call = _call(production, quota=2)
    creators = [UserFactory(user_type=User.Type.CREATOR) for _ in range(6)]
    pitches = [PitchFactory(owner=c) for c in creators]
    barrier = threading.Barrier(len(creators))
    outcomes: list[str] = []

    def submit(creator, pitch):
        try:
            barrier.wait()
            services.submit_to_call(creator=creator, call=call, pitch=pitch)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=pair) for pair in zip(creators, pitches, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 4 + ["ok"] * 2
    call.refresh_from_db()
    assert call.submission_count == 2 == Submission.objects.filter(call=call).count()


@pytest.mark.django_db(transaction=True)
def test_the_deadline_holds_for_a_submission_racing_the_close(production, creator):
    call = _call(production)
    pitch = PitchFactory(owner=creator)
    services.update_call(call=call, actor=production, fields={"status": "closed"})
    with pytest.raises(Conflict):
        services.submit_to_call(creator=creator, call=call, pitch=pitch)
    assert not Submission.objects.exists()


def test_calls_api_keys_rules_and_bad_input(production, other_company, creator, pitch, api):
    company = client_for(production)
    made = company.post(
        "/api/calls",
        {"title": "Probe call", "genres": ["Drama"], "deadline": "2030-01-01", "quota": 3},
        format="json",
    )
    assert made.status_code == 201, made.content
    call = made.json()["data"]["call"]
    assert call["placesLeft"] == 3
    assert call["deadline"].startswith("2030-01-01T23:59:59")
    past = company.post("/api/calls", {"title": "Old", "deadline": "2001-01-01"}, format="json")
    assert past.status_code == 400
    assert "deadline" in past.json()["error"]["details"]
    garbage = company.post("/api/calls", {"title": "X", "deadline": "soon"}, format="json")
    assert "deadline" in garbage.json()["error"]["details"]
    assert client_for(creator).post("/api/calls", {"title": "X"}, format="json").status_code == 403

    listed = api.get("/api/calls").json()["data"]
    assert [c["id"] for c in listed["calls"]] == [call["id"]]
    assert company.get("/api/calls/mine").json()["data"]["calls"][0]["id"] == call["id"]

    rival = client_for(other_company)
    assert rival.patch(f"/api/calls/{call['id']}", {"quota": 9}, format="json").status_code == 404
    assert OpenCall.objects.get().quota == 3
    assert rival.get(f"/api/calls/{call['id']}/submissions").status_code == 404

    author = client_for(creator)
    sent = author.post(
        f"/api/calls/{call['id']}/submissions", {"pitchId": pitch.pk, "message": "Read me"}
    )
    assert sent.status_code == 201, sent.content
    assert sent.json()["data"]["submission"]["status"] == "new"
    theirs = PitchFactory(owner=UserFactory(user_type=User.Type.CREATOR))
    stolen = author.post(f"/api/calls/{call['id']}/submissions", {"pitchId": theirs.pk})
    assert stolen.status_code == 404
    assert Submission.objects.count() == 1

    got = company.get(f"/api/calls/{call['id']}/submissions").json()["data"]
    assert got["submissions"][0]["creatorName"] == creator.display_name
    moved = company.patch(
        f"/api/calls/submissions/{got['submissions'][0]['id']}", {"status": "accepted"}
    )
    assert moved.status_code == 200
    mine = author.get("/api/calls/submissions/mine").json()["data"]["submissions"]
    assert mine[0]["status"] == "accepted"
    assert mine[0]["companyName"] == "Big Studio"
    closed = company.patch(f"/api/calls/{call['id']}", {"status": "closed"}, format="json")
    assert closed.json()["data"]["status"] == "closed"
    assert api.get("/api/calls").json()["data"]["calls"] == []


@pytest.mark.parametrize("size", [5, 50])
def test_the_calls_list_costs_the_same_queries_at_any_size(
    production, size, django_assert_num_queries
):
    OpenCall.objects.bulk_create(
        OpenCall(company=production, title=f"Call {n}", deadline=timezone.now() + timedelta(days=9))
        for n in range(size)
    )
    client = client_for(production)
    with django_assert_num_queries(2):
        assert client.get("/api/calls?limit=100").json()["data"]["total"] == size
    with django_assert_num_queries(2):
        assert client.get("/api/calls/mine?limit=100").json()["data"]["total"] == size
