"""The verified-company badge (`User.company_verified`, set when staff approve a verification)
travels with the company's name through the API: pitch cards, NDA rows, message threads and
deals carry `companyVerified` inside the name objects, true for a verified company only; it comes
with the same queries, and cached marketplace pages are rebuilt when a company's badge changes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import services as account_services
from accounts.models import User
from investments import services as deal_services
from messaging import services as messaging
from pitches import access
from pitches import services as pitch_services
from pitches.api.card_rows import card_queryset, card_rows
from pitches.api.serializers import PitchCardSerializer
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for, sign_nda

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(production):
    account_services.mark_company_verified(user=production)
    production.refresh_from_db()
    return production


def _creators(rows):
    return {row["title"]: row["creator"]["companyVerified"] for row in rows}


def test_pitch_cards_show_the_badge_of_a_verified_company_only(verified, other_company, investor):
    PitchFactory(owner=verified, title="Verified lighthouse")
    PitchFactory(owner=other_company, title="Plain lighthouse")
    saved = PitchFactory(owner=verified, title="Saved lighthouse")
    pitch_services.save_pitch(pitch=saved, user=investor)
    expected = {"Verified lighthouse": True, "Plain lighthouse": False, "Saved lighthouse": True}
    for client in (client_for(investor), client_for(AnonymousUser())):
        for path in ("/api/pitches", "/api/browse?tab=new", "/api/search?q=lighthouse"):
            answer = client.get(path).json()["data"]
            assert _creators(answer["pitches"]) == expected, path
    rows = client_for(investor).get("/api/saved-pitches").json()["data"]["savedPitches"]
    assert [row["pitch"]["creator"]["companyVerified"] for row in rows] == [True]


def test_the_fast_cards_carry_the_badge_as_the_serializer_does(verified, other_company, investor):
    ids = [PitchFactory(owner=verified).pk, PitchFactory(owner=other_company).pk]
    pitches = list(card_queryset().filter(pk__in=ids).order_by("pk"))
    confidential = access.confidential_pitch_ids(investor, pitches)

    class Request:
        user = investor

    context = {"request": Request(), "confidential_ids": confidential}
    slow = [dict(r) for r in PitchCardSerializer(pitches, many=True, context=context).data]
    fast = card_rows(pitches, investor, confidential)
    assert fast == slow
    assert [row["creator"]["company_verified"] for row in fast] == [True, False]


def test_nda_rows_show_the_badge_of_a_verified_requester_only(verified, other_company, creator):
    sign_nda(PitchFactory(owner=creator, title="Theirs"), verified)
    sign_nda(PitchFactory(owner=creator, title="Rivals"), other_company)
    client = client_for(creator)
    for path in ("/api/ndas/incoming-signed", "/api/ndas"):
        data = client.get(path).json()["data"]
        rows = data.get("ndaRequests") or data.get("ndas")
        badges = {row["pitchTitle"]: row["requester"]["companyVerified"] for row in rows}
        assert badges == {"Theirs": True, "Rivals": False}, path
        assert {row["owner"]["companyVerified"] for row in rows} == {False}
    outgoing = client_for(verified).get("/api/ndas/outgoing-signed").json()["data"]
    rows = outgoing.get("ndaRequests") or outgoing.get("ndas")
    assert [row["requester"]["companyVerified"] for row in rows] == [True]


def test_message_threads_show_the_badge_of_a_verified_participant_only(
    verified, other_company, creator
):
    for company in (verified, other_company):
        chat = messaging.start_conversation(creator=company, recipient_ids=[creator.pk])
        messaging.send_message(sender=company, conversation=chat, content="Hello")
    client = client_for(creator)
    rows = client.get("/api/conversations").json()["data"]["conversations"]
    assert {r["participantName"]: r["participantCompanyVerified"] for r in rows} == {
        verified.display_name: True,
        other_company.display_name: False,
    }
    for row in rows:
        thread = client.get(f"/api/conversations/{row['id']}").json()["data"]
        people = {p["id"]: p["companyVerified"] for p in thread["conversation"]["participants"]}
        partner = row["participantCompanyVerified"]
        assert people == {creator.pk: False, row["participantId"]: partner}
        senders = {m["sender"]["companyVerified"] for m in thread["messages"]}
        assert senders == {partner}


def test_deal_rows_show_the_badge_of_a_verified_company_only(verified, other_company, creator):
    for company in (verified, other_company):
        deal_services.propose_deal(
            pitch=PitchFactory(owner=creator), proposer=company, deal_type="option"
        )
    rows = client_for(creator).get("/api/creator/deals").json()["data"]["deals"]
    assert sorted(r["counterparty"]["companyVerified"] for r in rows) == [False, True]
    mine = client_for(verified).get("/api/production/deals").json()["data"]["deals"]
    assert [r["counterparty"]["companyVerified"] for r in mine] == [True]
    assert [r["creator"]["companyVerified"] for r in mine] == [False]


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize(
    ("path", "queries"),
    [("/api/browse?tab=new", 4), ("/api/search?q=lighthouse", 5), ("/api/pitches?genre=Drama", 4)],
)
def test_cards_of_verified_companies_cost_the_pinned_queries_at_any_size(
    verified, other_company, investor, size, path, queries, django_assert_num_queries
):
    for number in range(size):
        PitchFactory(owner=verified if number % 2 else other_company)
    with django_assert_num_queries(queries):
        answer = client_for(investor).get(f"{path}&limit=50")
    rows = answer.json()["data"]["pitches"]
    assert len(rows) == size
    assert sum(row["creator"]["companyVerified"] for row in rows) == size // 2


@pytest.mark.redis
def test_a_change_of_badge_rebuilds_the_cached_marketplace_pages(
    api, production, django_capture_on_commit_callbacks
):
    PitchFactory(owner=production, title="Cached lighthouse")

    def badge() -> bool:
        return api.get("/api/browse").json()["data"]["pitches"][0]["creator"]["companyVerified"]

    assert badge() is False
    assert badge() is False  # now served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        account_services.mark_company_verified(user=production)
    assert badge() is True
    with django_capture_on_commit_callbacks(execute=True):
        account_services.withdraw_company_verification(user=production)
    assert badge() is False
    assert not User.objects.get(pk=production.pk).company_verified


def test_who_viewed_shows_the_badge_of_a_verified_company_only(verified, other_company, creator):
    from analytics.models import Event

    pitch = PitchFactory(owner=creator)
    for company in (verified, other_company):
        Event.objects.create(
            event_type="pitch_view", user_id=company.pk, pitch_id=pitch.pk, creator_id=creator.pk
        )
    rows = client_for(creator).get(f"/api/views/pitch/{pitch.pk}").json()["data"]["viewers"]
    assert {r["name"]: r["companyVerified"] for r in rows} == {
        verified.display_name: True,
        other_company.display_name: False,
    }


def test_the_following_feed_shows_the_badge_of_a_followed_verified_company(
    verified, other_company, investor
):
    from accounts.services import social

    for company in (verified, other_company):
        PitchFactory(owner=company, title=f"By {company.company_name}")
        social.follow_user(follower=investor, target=company)
    rows = client_for(investor).get("/api/pitches/following").json()["data"]["pitches"]
    assert _creators(rows) == {"By Big Studio": True, "By Rival Pictures": False}


def test_staff_withdraw_the_badge_through_the_user_update(verified, staff):
    from staff.services import users as staff_users

    staff_users.update_user(user=verified, actor=staff, changes={"company_verified": False})
    verified.refresh_from_db()
    assert verified.company_verified is False
    staff_users.update_user(user=verified, actor=staff, changes={"company_verified": True})
    verified.refresh_from_db()
    assert verified.company_verified is True
