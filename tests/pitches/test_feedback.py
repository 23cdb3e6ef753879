"""Structured feedback: the 30-second gate kept by the server's clock, one entry per reviewer,
edit and delete by the author, the creator's tab, and anonymity towards everyone but staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from pitches.engagement import services as engagement
from pitches.engagement.models import PitchConsumption, PitchFeedback, PitchRating
from pitchey.errors import Conflict, DomainError, NotAllowed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {"strengths": ["Strong hook"], "weaknesses": ["Thin middle act"], "overall": "Promising."}


def spend(pitch, user, seconds: int = 40) -> None:
    """Open the pitch, then come back `seconds` later by the server's clock."""
    start = timezone.now() - timedelta(seconds=seconds)
    with time_machine.travel(start, tick=False):
        engagement.touch_consumption(pitch=pitch, viewer=user)


# --- the 30 s gate --------------------------------------------------------------------------------


def test_feedback_waits_for_30_seconds_on_the_pitch(published_pitch, investor):
    start = timezone.now()
    with pytest.raises(NotAllowed, match="30 seconds"):
        engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS)
    with time_machine.travel(start, tick=False):
        engagement.touch_consumption(pitch=published_pitch, viewer=investor)  # opens the pitch
    with (
        time_machine.travel(start + timedelta(seconds=20), tick=False),
        pytest.raises(NotAllowed, match="30 seconds"),
    ):
        engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS)
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS)
    assert PitchFeedback.objects.get().strengths == ["Strong hook"]


def test_a_long_absence_counts_only_two_minutes(published_pitch, investor):
    with time_machine.travel(timezone.now() - timedelta(days=3), tick=False):
        engagement.touch_consumption(pitch=published_pitch, viewer=investor)
    assert engagement.touch_consumption(pitch=published_pitch, viewer=investor).seconds == 120


def test_a_client_timestamp_cannot_open_the_gate(api, published_pitch, investor):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}"
    an_hour_ago = (timezone.now() - timedelta(hours=1)).isoformat()
    api.get(url)  # opens the pitch: the clock starts now
    claims = {"timestamp": an_hour_ago, "viewDuration": 3600, "startedAt": an_hour_ago}
    status = api.get(f"{url}/consumption-status", claims).json()["data"]
    assert (status["eligible"], status["viewDuration"]) == (False, 0)
    response = api.post(
        f"{url}/feedback", {**claims, "strengths": ["Hook"], "rating": 9}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "CONSUMPTION_REQUIRED"
    assert not PitchFeedback.objects.exists()
    assert not PitchRating.objects.exists()
    assert PitchConsumption.objects.get().seconds < 30


def test_consumption_status_moves_with_the_servers_clock(api, published_pitch, investor):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/consumption-status"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = api.get(url).json()
    with time_machine.travel(start + timedelta(seconds=31), tick=False):
        later = api.get(url).json()
    assert first["data"] == {
        "eligible": False,
        "viewDuration": 0,
        "threshold": 30,
        "data": {"eligible": False, "viewDuration": 0, "threshold": 30},
    }
    assert later["data"]["data"] == {"eligible": True, "viewDuration": 31, "threshold": 30}
    assert later["eligible"] is True


# --- rules ----------------------------------------------------------------------------------------


def test_one_feedback_per_reviewer_and_never_on_your_own_pitch(published_pitch, investor, creator):
    spend(published_pitch, investor)
    engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS)
    with pytest.raises(Conflict, match="already"):
        engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS)
    with pytest.raises(NotAllowed, match="own pitch"):
        engagement.submit_feedback(pitch=published_pitch, author=creator, fields=FIELDS)


def test_watchers_rate_but_do_not_review(published_pitch, watcher):
    spend(published_pitch, watcher)
    with pytest.raises(NotAllowed, match="Watchers"):
        engagement.submit_feedback(pitch=published_pitch, author=watcher, fields=FIELDS)


def test_empty_feedback_is_refused(published_pitch, investor):
    spend(published_pitch, investor)
    with pytest.raises(DomainError, match="at least one"):
        engagement.submit_feedback(
            pitch=published_pitch, author=investor, fields={"strengths": ["  ", ""]}
        )
    assert not PitchFeedback.objects.exists()


def test_feedback_with_a_rating_sets_the_reviewers_one_rating(published_pitch, production):
    spend(published_pitch, production)
    engagement.submit_feedback(pitch=published_pitch, author=production, fields=FIELDS, rating=7)
    feedback = PitchFeedback.objects.get()
    engagement.update_feedback(feedback=feedback, actor=production, fields={}, rating=9)
    assert list(PitchRating.objects.values_list("score", "role")) == [(9, "production")]


def test_only_the_author_edits_or_deletes(published_pitch, investor, other_creator, staff):
    spend(published_pitch, investor)
    engagement.submit_feedback(pitch=published_pitch, author=investor, fields=FIELDS, rating=8)
    feedback = PitchFeedback.objects.get()
    with pytest.raises(NotAllowed):
        engagement.update_feedback(feedback=feedback, actor=other_creator, fields=FIELDS)
    with pytest.raises(NotAllowed):
        engagement.delete_feedback(feedback=feedback, actor=published_pitch.owner)
    engagement.update_feedback(feedback=feedback, actor=investor, fields={"overall": "Changed"})
    feedback.refresh_from_db()
    assert (feedback.overall, feedback.strengths) == ("Changed", ["Strong hook"])
    engagement.delete_feedback(feedback=feedback, actor=investor)
    assert not PitchFeedback.objects.exists()
    assert PitchRating.objects.filter(rater=investor).exists()  # the rating is its own act


def test_the_creator_hears_of_new_feedback_without_the_anonymous_name(
    published_pitch, investor, django_capture_on_commit_callbacks
):
    from messaging.models import Notification

    spend(published_pitch, investor)
    with django_capture_on_commit_callbacks(execute=True):
        engagement.submit_feedback(
            pitch=published_pitch, author=investor, fields={**FIELDS, "is_anonymous": True}
        )
    note = Notification.objects.get(user=published_pitch.owner)
    assert note.kind == "pitch_feedback"
    assert investor.display_name not in f"{note.title} {note.body} {note.data}"
    assert str(investor.pk) not in str(note.data.values())


# --- API ------------------------------------------------------------------------------------------


@pytest.fixture
def reviewed(published_pitch, investor, production):
    """Two pieces of feedback: the investor's signed, the production company's anonymous."""
    for author, anonymous, score in ((investor, False, 8), (production, True, 6)):
        spend(published_pitch, author)
        engagement.submit_feedback(
            pitch=published_pitch,
            author=author,
            fields={**FIELDS, "is_anonymous": anonymous, "is_interested": True},
            rating=score,
        )
    return published_pitch


ENTRY_KEYS = {
    "id",
    "pitchId",
    "reviewerType",
    "rating",
    "strengths",
    "weaknesses",
    "suggestions",
    "overallFeedback",
    "isInterested",
    "isAnonymous",
    "reviewerId",
    "reviewerName",
    "reviewerCompany",
    "isMine",
    "createdAt",
    "updatedAt",
}


def test_the_creators_tab_aggregates_feedback_and_hides_the_anonymous_author(
    api, reviewed, creator, production
):
    api.force_authenticate(creator)
    for path in (
        f"/api/creator/pitches/{reviewed.pk}/feedback",
        f"/api/pitches/{reviewed.pk}/feedback",
    ):
        response = api.get(path)
        assert response.status_code == 200
        tab = response.json()["data"]
        assert tab["data"]["feedback"] == tab["feedback"]  # feedback.service reads data.data
        assert set(tab["ratings"]) == {
            "pitcheyScore",
            "avgRating",
            "industryScore",
            "viewerScore",
            "totalReviews",
            "ratingCount",
            "distribution",
        }
        assert tab["ratings"]["distribution"] == [0, 0, 0, 0, 0, 1, 0, 1, 0, 0]
        assert tab["summary"]["totalFeedback"] == 2
        assert tab["summary"]["interestedCount"] == 2
        assert tab["summary"]["topStrengths"] == [{"text": "Strong hook", "count": 2}]
        anonymous = next(e for e in tab["feedback"] if e["isAnonymous"])
        assert set(anonymous) == ENTRY_KEYS
        assert anonymous["reviewerId"] is None
        assert anonymous["reviewerName"] == "Anonymous"
        assert anonymous["reviewerCompany"] is None
        assert anonymous["rating"] == 6
        assert anonymous["reviewerType"] == "production"
        assert production.company_name not in response.content.decode()
        assert production.email not in response.content.decode()


def test_staff_see_the_anonymous_author_for_moderation(api, reviewed, staff, production):
    api.force_authenticate(staff)
    tab = api.get(f"/api/pitches/{reviewed.pk}/feedback").json()["data"]
    anonymous = next(e for e in tab["feedback"] if e["isAnonymous"])
    assert anonymous["reviewerId"] == production.pk


def test_others_read_the_score_and_only_their_own_entry(api, reviewed, investor, watcher):
    assert api.get(f"/api/pitches/{reviewed.pk}/feedback").json()["data"]["feedback"] == []
    api.force_authenticate(watcher)
    assert api.get(f"/api/pitches/{reviewed.pk}/feedback").json()["data"]["feedback"] == []
    api.force_authenticate(investor)
    tab = api.get(f"/api/pitches/{reviewed.pk}/feedback").json()["data"]
    assert [e["reviewerId"] for e in tab["feedback"]] == [investor.pk]
    assert "summary" not in tab
    mine = api.get(f"/api/pitches/{reviewed.pk}/feedback/mine").json()
    assert mine["data"]["data"]["rating"] == 8


def test_feedback_round_trip_through_the_api(api, published_pitch, production):
    api.force_authenticate(production)
    url = f"/api/pitches/{published_pitch.pk}/feedback"
    spend(published_pitch, production)
    body = {
        "rating": 4,
        "strengths": "Clear hook",
        "weaknesses": "Budget",
        "comments": "Probe feedback",
        "interestLevel": "high",
    }
    created = api.post(url, body, format="json")
    assert created.status_code == 201, created.content
    entry = created.json()["data"]["data"]
    assert (entry["strengths"], entry["overallFeedback"], entry["isInterested"]) == (
        ["Clear hook"],
        "Probe feedback",
        True,
    )
    assert entry["rating"] == 4
    assert api.post(url, body, format="json").status_code == 409
    updated = api.put(url, {"rating": 5, "comments": "Revised"}, format="json")
    assert updated.json()["success"] is True
    assert updated.json()["data"]["overallFeedback"] == "Revised"
    progress = api.get(f"/api/pitches/{published_pitch.pk}/feedback-progress").json()
    assert progress["data"]["progress"]["submitted"] is True
    deleted = api.delete(url)
    assert deleted.json()["data"]["success"] is True
    assert api.get(f"{url}/mine").json()["data"]["feedback"] is None
    assert api.delete(url).status_code == 404


def test_feedback_bad_input_writes_nothing(api, published_pitch, investor):
    api.force_authenticate(investor)
    spend(published_pitch, investor)
    url = f"/api/pitches/{published_pitch.pk}/feedback"
    for body in (
        {"rating": 0},
        {"strengths": ["x" * 501]},
        {"strengths": [f"item {n}" for n in range(11)]},
        {"overallFeedback": "x" * 2001},
        {"strengths": {"nested": "object"}},
        {"isAnonymous": "maybe"},
    ):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["details"]
    assert not PitchFeedback.objects.exists()


def test_someone_elses_pitch_tab_is_404_and_drafts_take_no_feedback(
    api, published_pitch, draft_pitch, investor, other_creator
):
    api.force_authenticate(other_creator)
    assert api.get(f"/api/creator/pitches/{published_pitch.pk}/feedback").status_code == 404
    api.force_authenticate(investor)
    assert api.post(f"/api/pitches/{draft_pitch.pk}/feedback", FIELDS).status_code == 404
    assert api.get(f"/api/pitches/{draft_pitch.pk}/consumption-status").status_code == 404
    assert not PitchFeedback.objects.exists()
    assert not PitchConsumption.objects.exists()


def test_feedback_tab_query_count_does_not_grow(
    api, published_pitch, creator, django_assert_num_queries
):
    api.force_authenticate(creator)
    url = f"/api/creator/pitches/{published_pitch.pk}/feedback"

    def add_reviews(n: int) -> None:
        for _ in range(n):
            reviewer = UserFactory(user_type="investor")
            spend(published_pitch, reviewer)
            engagement.submit_feedback(
                pitch=published_pitch, author=reviewer, fields=FIELDS, rating=7
            )

    add_reviews(2)
    with django_assert_num_queries(3) as small:
        api.get(url)
    add_reviews(10)
    with django_assert_num_queries(3) as large:
        assert len(api.get(url).json()["data"]["feedback"]) == 12
    assert len(small.captured_queries) == len(large.captured_queries)
