"""The Pitchey Score: role weights, the Bayesian average on fixed data, one rating per viewer,
no self-rating, anonymous visitors by address."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pitches.engagement import scores
from pitches.engagement import services as engagement
from pitches.engagement.models import PitchRating
from pitchey.errors import DomainError, NotAllowed
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_role_weights_are_the_originals():
    assert {role: float(w) for role, w in scores.ROLE_WEIGHTS.items()} == {
        "anonymous": 0.25,
        "viewer": 0.5,
        "creator": 1.0,
        "admin": 1.0,
        "investor": 3.0,
        "production": 4.0,
    }


def test_bayesian_average_on_fixed_data():
    # prior: 10 weight units at 5.5
    assert scores.score_of([]) == Decimal("0.00")
    # one production 8: (55 + 32) / (10 + 4)
    assert scores.score_of([(8, "production")]) == Decimal("6.21")
    # investor 10 and watcher 2: (55 + 30 + 1) / (10 + 3.5)
    assert scores.score_of([(10, "investor"), (2, "viewer")]) == Decimal("6.37")
    # four anonymous 10s weigh one unit: (55 + 10) / 11
    assert scores.score_of([(10, "anonymous")] * 4) == Decimal("5.91")
    assert scores.weighted_mean(Decimal(31), Decimal("3.5")) == Decimal("8.86")


def test_two_ratings_do_not_outrank_two_hundred():
    two_perfect = scores.score_of([(10, "investor"), (10, "investor")])
    crowd = scores.score_of([(8, "viewer")] * 200)
    assert (two_perfect, crowd) == (Decimal("7.19"), Decimal("7.77"))
    assert crowd > two_perfect
    # a plain mean would rank them the other way round
    assert scores.weighted_mean(Decimal(60), Decimal(6)) > scores.weighted_mean(
        Decimal(800), Decimal(100)
    )


def test_rating_is_weighted_by_role_and_stored_on_the_pitch(published_pitch, investor, watcher):
    engagement.rate_pitch(pitch=published_pitch, rater=investor, score=9)
    engagement.rate_pitch(pitch=published_pitch, rater=watcher, score=3)
    engagement.rate_pitch(pitch=published_pitch, rater=None, score=1, anonymous_key="a" * 64)
    published_pitch.refresh_from_db()
    # (55 + 27 + 1.5 + 0.25) / (10 + 3 + 0.5 + 0.25)
    assert published_pitch.rating_average == Decimal("6.09")
    assert published_pitch.rating_count == 3
    assert sorted(PitchRating.objects.values_list("role", "weight")) == [
        ("anonymous", Decimal("0.25")),
        ("investor", Decimal("3.00")),
        ("viewer", Decimal("0.50")),
    ]


def test_one_rating_per_viewer_which_they_can_change(published_pitch, production):
    engagement.rate_pitch(pitch=published_pitch, rater=production, score=2)
    engagement.rate_pitch(pitch=published_pitch, rater=production, score=9)
    published_pitch.refresh_from_db()
    assert PitchRating.objects.get().score == 9
    assert published_pitch.rating_count == 1
    assert published_pitch.rating_average == Decimal("6.50")  # (55 + 36) / 14


def test_nobody_rates_their_own_pitch(published_pitch, creator):
    with pytest.raises(NotAllowed, match="own pitch"):
        engagement.rate_pitch(pitch=published_pitch, rater=creator, score=10)
    assert not PitchRating.objects.exists()


def test_ratings_are_1_to_10_on_published_pitches(published_pitch, draft_pitch, investor):
    for bad in (0, 11, -3):
        with pytest.raises(DomainError, match="1 to 10"):
            engagement.rate_pitch(pitch=published_pitch, rater=investor, score=bad)
    with pytest.raises(DomainError, match="published"):
        engagement.rate_pitch(pitch=draft_pitch, rater=investor, score=5)
    assert not PitchRating.objects.exists()


# --- API ------------------------------------------------------------------------------------------


def test_rate_and_rating_status_answer_the_spa_keys(api, investor, published_pitch):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}"
    assert api.get(f"{url}/rating-status").json()["rating"] is None
    response = api.post(f"{url}/rate", {"rating": 8}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["success"] is True
    assert body["data"]["rating"] == 8
    assert body["data"]["pitcheyScore"] == 6.08  # (55 + 24) / 13
    status = api.get(f"{url}/rating-status").json()
    # social.service reads the raw body's `rating`; feedback.service reads `data.data.rating`
    assert status["rating"] == 8
    assert status["data"]["rating"] == 8
    assert status["data"]["data"]["rating"] == 8
    assert set(status["data"]) == {"rating", "pitcheyScore", "ratingAverage", "ratingCount", "data"}


def test_a_logged_out_visitor_rates_once_per_address(api, published_pitch):
    url = f"/api/pitches/{published_pitch.pk}"
    api.post(f"{url}/rate", {"rating": 10}, format="json", REMOTE_ADDR="203.0.113.7")
    api.post(f"{url}/rate", {"rating": 6}, format="json", REMOTE_ADDR="203.0.113.7")
    api.post(f"{url}/rate", {"rating": 2}, format="json", REMOTE_ADDR="198.51.100.9")
    assert sorted(PitchRating.objects.values_list("score", flat=True)) == [2, 6]
    assert api.get(f"{url}/rating-status", REMOTE_ADDR="203.0.113.7").json()["rating"] == 6
    assert api.get(f"{url}/rating-status", REMOTE_ADDR="192.0.2.1").json()["rating"] is None
    # the address itself is never stored
    assert "203.0.113.7" not in "".join(PitchRating.objects.values_list("anonymous_key", flat=True))


def test_rating_bad_input_is_a_field_error_and_writes_nothing(api, investor, published_pitch):
    api.force_authenticate(investor)
    url = f"/api/pitches/{published_pitch.pk}/rate"
    for body in ({"rating": 11}, {"rating": "ten"}, {}, {"rating": 10**30}):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, body
        assert "rating" in response.json()["error"]["details"]
    assert api.post(url, {"rating": "\x00"}, format="json").status_code == 400
    assert not PitchRating.objects.exists()


def test_someone_elses_draft_cannot_be_rated(api, investor, draft_pitch):
    api.force_authenticate(investor)
    assert api.post(f"/api/pitches/{draft_pitch.pk}/rate", {"rating": 5}).status_code == 404
    assert api.get(f"/api/pitches/{draft_pitch.pk}/rating-status").status_code == 404
    assert not PitchRating.objects.exists()


def test_the_owner_gets_403_rating_their_own_pitch(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.post(f"/api/pitches/{published_pitch.pk}/rate", {"rating": 10})
    assert response.status_code == 403
    assert not PitchRating.objects.exists()


def test_cards_show_the_score_and_count(api, published_pitch):
    raters = UserFactory.create_batch(2, user_type="investor")
    for rater in raters:
        engagement.rate_pitch(pitch=published_pitch, rater=rater, score=10)
    PitchFactory(owner=published_pitch.owner, title="Unrated")
    cards = {c["title"]: c for c in api.get("/api/pitches/public").json()["data"]["pitches"]}
    assert cards[published_pitch.title]["pitcheyScore"] == 7.19
    assert cards[published_pitch.title]["ratingCount"] == 2
    assert cards["Unrated"]["ratingCount"] == 0
    detail = api.get(f"/api/pitches/{published_pitch.pk}").json()["data"]["pitch"]
    assert (detail["pitcheyScore"], detail["ratingCount"]) == (7.19, 2)
