"""Teams: join codes (once, expiring, seats), invitations (once, expiring), the collaboration
NDA, referral codes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from production.models import ReferralInvite, Team, TeamInvite, TeamMember
from tests.factories import UserFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(production):
    made = client_for(production).post("/api/teams", {"name": "Development"}, format="json")
    assert made.status_code == 201
    return Team.objects.get(pk=made.json()["data"]["team"]["id"])


def test_a_join_code_seats_a_person_once_and_expires(production, team, creator, investor):
    owner = client_for(production)
    code = owner.post(f"/api/teams/{team.pk}/generate-code").json()["data"]["code"]
    assert len(code) == 8
    shown = owner.get(f"/api/teams/{team.pk}/code").json()["data"]
    assert (shown["code"], shown["seatsUsed"]) == (code, 1)
    joiner = client_for(creator)
    assert joiner.post("/api/teams/join", {"code": code.lower()}).status_code == 200
    assert joiner.post("/api/teams/join", {"code": code}).status_code == 409
    assert TeamMember.objects.filter(team=team).count() == 2
    assert joiner.get(f"/api/teams/{team.pk}/code").status_code == 403
    Team.objects.filter(pk=team.pk).update(code_expires_at=timezone.now() - timedelta(seconds=1))
    assert client_for(investor).post("/api/teams/join", {"code": code}).status_code == 409
    unknown = client_for(investor).post("/api/teams/join", {"code": "NOPE1234"})
    assert unknown.status_code == 400
    assert "code" in unknown.json()["error"]["details"]
    rotated = owner.post(f"/api/teams/{team.pk}/generate-code").json()["data"]["code"]
    assert rotated != code
    Team.objects.filter(pk=team.pk).update(seat_limit=2)
    full = client_for(investor).post("/api/teams/join", {"code": rotated})
    assert full.status_code == 409
    assert "seats" in full.json()["error"]["message"]


def test_an_invitation_works_once_for_its_address_and_expires(production, team):
    guest = UserFactory(email="new.member@example.org")
    stranger = UserFactory()
    owner = client_for(production)
    sent = owner.post(
        f"/api/teams/{team.pk}/invite", {"email": "new.member@example.org", "role": "editor"}
    )
    assert sent.status_code == 201
    invite_id = sent.json()["data"]["invitation"]["id"]
    assert (
        owner.post(f"/api/teams/{team.pk}/invite", {"email": "new.member@example.org"}).status_code
        == 409
    )
    assert client_for(stranger).post(f"/api/teams/invites/{invite_id}/accept").status_code == 404
    mine = client_for(guest)
    assert mine.get("/api/teams/invites").json()["data"]["invites"][0]["id"] == invite_id
    assert mine.post(f"/api/teams/invites/{invite_id}/accept").status_code == 200
    assert mine.post(f"/api/teams/invites/{invite_id}/accept").status_code == 409
    assert TeamMember.objects.get(team=team, user=guest).role == "editor"
    members = mine.get(f"/api/teams/{team.pk}/members").json()["data"]["members"]
    assert len(members) == 2

    late = owner.post(f"/api/teams/{team.pk}/invite", {"email": stranger.email}).json()
    TeamInvite.objects.filter(pk=late["data"]["invitation"]["id"]).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    expired = client_for(stranger).post(
        f"/api/teams/invites/{late['data']['invitation']['id']}/accept"
    )
    assert expired.status_code == 409
    assert not TeamMember.objects.filter(user=stranger).exists()


def test_team_privacy_roles_and_nda(production, other_company, team, creator):
    rival = client_for(other_company)
    assert rival.get(f"/api/teams/{team.pk}").status_code == 404
    assert rival.put(f"/api/teams/{team.pk}", {"name": "Mine"}).status_code == 404
    assert rival.post(f"/api/teams/{team.pk}/generate-code").status_code == 404
    assert Team.objects.get().name == "Development"
    owner = client_for(production)
    code = owner.post(f"/api/teams/{team.pk}/generate-code").json()["data"]["code"]
    member = client_for(creator)
    member.post("/api/teams/join", {"code": code})
    assert member.post(f"/api/teams/{team.pk}/generate-code").status_code == 403
    changed = owner.put(f"/api/teams/{team.pk}/members/{creator.pk}", {"role": "admin"})
    assert changed.status_code == 200
    bad_role = owner.put(f"/api/teams/{team.pk}/members/{creator.pk}", {"role": "owner"})
    assert bad_role.status_code == 400
    unsigned = member.post(
        f"/api/teams/{team.pk}/collaboration-nda/sign", {"agreed": False, "name": "Al"}
    )
    assert unsigned.status_code == 400
    signed = member.post(
        f"/api/teams/{team.pk}/collaboration-nda/sign",
        {"agreed": True, "name": "Alice Creator", "address": "London"},
    )
    assert signed.json()["data"]["success"] is True
    status = owner.get(f"/api/teams/{team.pk}/collaboration-nda/members").json()["data"]
    assert {m["id"]: m["signed"] for m in status["members"]} == {
        production.pk: False,
        creator.pk: True,
    }
    teams = member.get("/api/teams").json()["data"]["teams"]
    assert teams[0]["memberCount"] == 2
    assert owner.delete(f"/api/teams/{team.pk}/members/{production.pk}").status_code == 403
    assert member.delete(f"/api/teams/{team.pk}/members/{creator.pk}").status_code == 200


def test_a_referral_code_is_redeemed_once_and_expires(production, creator, investor, api):
    made = client_for(production).post(
        "/api/invites", {"email": creator.email.upper(), "userType": "creator"}
    )
    assert made.status_code == 201
    code = made.json()["data"]["code"]
    listed = client_for(production).get("/api/invites").json()["data"]["invites"]
    assert listed[0]["code"] == code
    landing = client_for(creator).get(f"/api/invites/{code}").json()["data"]
    assert landing["email"] == creator.email
    assert api.get(f"/api/invites/{code}").json()["data"]["email"] == ""
    assert client_for(production).post(f"/api/invites/{code}/redeem").status_code == 403
    assert client_for(investor).post(f"/api/invites/{code}/redeem").status_code == 403  # not theirs
    assert client_for(creator).post(f"/api/invites/{code}/redeem").status_code == 200
    generic = client_for(production).post("/api/invites", {}).json()["data"]["code"]
    assert client_for(investor).post(f"/api/invites/{generic}/redeem").status_code == 200
    assert client_for(creator).post(f"/api/invites/{generic}/redeem").status_code == 409
    other = client_for(production).post("/api/invites", {}).json()["data"]["code"]
    ReferralInvite.objects.filter(code=other).update(expires_at=timezone.now())
    assert client_for(investor).post(f"/api/invites/{other}/redeem").status_code == 409
    assert client_for(investor).get("/api/invites/ZZZZ").status_code == 404
    bad = client_for(production).post("/api/invites", {"email": "nope"})
    assert bad.status_code == 400
