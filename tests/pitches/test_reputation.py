"""Trust tiers: earned daily from platform facts (sealed pitches, honoured NDAs, closed deals),
never lowered by the job, set by staff in the admin; shown on portfolios and comparisons."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from ndas import services as ndas
from pitches.engagement import reputation
from pitches.engagement.models import CreatorReputation
from pitchey.errors import NotAllowed
from tests.factories import UserFactory
from tests.ndas.conftest import make_request
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def sealed(creator, n: int) -> list:
    return [PitchFactory(owner=creator, content_hash="a" * 64) for _ in range(n)]


def honour(pitch, n: int) -> None:
    for _ in range(n):
        request = make_request(pitch, UserFactory(user_type="investor"))
        ndas.approve_nda(nda_request=request, actor=pitch.owner)


def test_tiers_from_facts():
    assert reputation.tier_for({}) == "grey"
    assert reputation.tier_for({"sealed_pitches": 1, "honoured_ndas": 1}) == "silver"
    assert reputation.tier_for({"sealed_pitches": 2, "honoured_ndas": 3}) == "gold"
    assert reputation.tier_for({"sealed_pitches": 5, "honoured_ndas": 2}) == "silver"
    assert reputation.tier_for({"closed_deals": 1}) == "gold"
    assert reputation.tier_for({"identity_verified": 1}) == "silver"


def test_the_job_promotes_from_the_platforms_facts_and_never_demotes(creator, other_creator):
    pitches = sealed(creator, 2)
    PitchFactory(owner=other_creator)  # published but never sealed
    honour(pitches[0], 3)
    assert reputation.recompute_reputation() == {"checked": 2, "promoted": 1}
    record = CreatorReputation.objects.get(user=creator)
    assert record.tier == "gold"
    assert record.facts == {
        "sealed_pitches": 2,
        "honoured_ndas": 3,
        "closed_deals": 0,
        "identity_verified": 0,
    }
    for request in pitches[0].nda_requests.all():
        ndas.revoke_nda(nda_request=request, actor=creator, reason="Over")
    assert reputation.recompute_reputation()["promoted"] == 0
    record.refresh_from_db()
    assert record.tier == "gold"  # facts fell, the tier stays
    assert record.facts["honoured_ndas"] == 0


def test_only_staff_set_a_tier_by_hand(creator, staff, investor):
    with pytest.raises(NotAllowed):
        reputation.set_trust_tier(user=creator, tier="gold", actor=investor)
    reputation.set_trust_tier(user=creator, tier="silver", actor=staff)
    assert CreatorReputation.objects.get(user=creator).set_by_staff is True


def test_the_daily_command_has_a_dry_run(creator):
    honour(sealed(creator, 1)[0], 1)
    out = StringIO()
    call_command("recompute_reputation", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "1 creators checked, 1 would be promoted."
    assert not CreatorReputation.objects.exists()
    call_command("recompute_reputation", stdout=StringIO())
    assert CreatorReputation.objects.get(user=creator).tier == "silver"


def test_the_tier_shows_on_the_public_portfolio(api, creator, staff):
    PitchFactory(owner=creator)
    reputation.set_trust_tier(user=creator, tier="gold", actor=staff)
    assert api.get(f"/api/portfolio/{creator.pk}").json()["data"]["creator"]["trustTier"] == "gold"
    assert "Gold creator" in Client().get(f"/portfolio/{creator.pk}/").content.decode()


def test_admin_moderation_calls_the_services(staff, published_pitch, investor, creator):
    from pitches.engagement import services as engagement
    from pitches.engagement.models import PitchComment, PitchRating

    comment = engagement.post_comment(pitch=published_pitch, author=investor, body="Spam spam")
    engagement.rate_pitch(pitch=published_pitch, rater=investor, score=1)
    client = Client()
    client.force_login(staff)
    client.post(
        "/admin/pitches/pitchcomment/",
        {"action": "remove_as_moderator", "_selected_action": [comment.pk]},
    )
    client.post(
        "/admin/pitches/pitchrating/",
        {
            "action": "remove_ratings",
            "_selected_action": list(PitchRating.objects.values_list("pk", flat=True)),
        },
    )
    comment.refresh_from_db()
    published_pitch.refresh_from_db()
    assert (comment.removal, comment.removed_by) == ("moderator", staff)
    assert (published_pitch.rating_count, float(published_pitch.rating_average)) == (0, 0.0)
    assert PitchComment.objects.count() == 1
    for path in ("pitchcomment", "pitchfeedback", "pitchrating", "creatorreputation"):
        assert client.get(f"/admin/pitches/{path}/").status_code == 200
    for path in ("slate", "sharelink", "savedcomparison"):
        assert client.get(f"/admin/curation/{path}/").status_code == 200
