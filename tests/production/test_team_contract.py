"""The "Teams & invites" table of the SPA contract: every live endpoint answers with the keys the
SPA reads; someone else's team or invitation is a 404 with nothing written; bad input is a 4xx
naming the field; invitations and referral codes are emailed after commit; a referral code is
redeemed at sign-up."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.models import User
from analytics.models import AuditLog
from messaging.models import Notification
from production import services
from production.models import ReferralInvite, Team, TeamInvite, TeamMember
from tests.factories import UserFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _team(company, name="Development"):
    return services.create_team(owner=company, name=name)


def test_every_team_endpoint_answers_with_the_spa_keys(production, creator):
    company, member = client_for(production), client_for(creator)
    made = company.post("/api/teams", {"name": "Development"}, format="json").json()
    assert made["success"] is True
    team_id = made["data"]["team"]["id"]
    assert made["data"]["team"]["is_company_team"] is True  # read as written by the SPA

    listed = company.get("/api/teams").json()
    assert listed["success"] is True
    assert listed["data"]["teams"][0]["id"] == team_id
    assert listed["data"]["teams"][0]["is_company_team"] is True
    second = company.post("/api/teams", {"name": "Side"}, format="json").json()["data"]["team"]
    assert second["is_company_team"] is False

    assert company.get(f"/api/teams/{team_id}").json()["data"]["team"]["id"] == team_id
    edited = company.put(f"/api/teams/{team_id}", {"description": "Us"}, format="json").json()
    assert edited["data"]["team"]["description"] == "Us"

    generated = company.post(f"/api/teams/{team_id}/generate-code").json()["data"]
    code = company.get(f"/api/teams/{team_id}/code").json()["data"]
    assert code["code"] == generated["code"]
    assert (code["seatLimit"], code["seatsUsed"]) == (10, 1)

    joined = member.post("/api/teams/join", {"code": code["code"]}, format="json")
    assert joined.status_code == 200
    assert joined.json()["data"]["teamName"] == "Development"

    signers = company.get(f"/api/teams/{team_id}/collaboration-nda/members").json()["data"]
    assert {m["userId"] for m in signers["members"]} == {production.pk, creator.pk}
    signed = member.post(
        f"/api/teams/{team_id}/collaboration-nda/sign",
        {"agreed": True, "name": "Alice Creator", "address": "Leeds"},
        format="json",
    ).json()
    assert signed["success"] is True
    assert signed["data"]["success"] is True

    invited = company.post(
        f"/api/teams/{team_id}/invite", {"email": "new@example.org", "role": "viewer"}
    ).json()
    invitation = invited["data"]["invitation"]
    assert invitation["teamName"] == "Development"
    assert company.get("/api/teams/invites").json()["data"]["invites"][0]["id"] == invitation["id"]
    resent = company.post(f"/api/teams/invites/{invitation['id']}/resend").json()
    assert resent["data"]["invitation"]["id"] == invitation["id"]
    assert company.delete(f"/api/teams/invites/{invitation['id']}").json()["success"] is True

    guest = UserFactory(email="guest@example.org")
    for answer in ("accept", "reject"):
        sent = services.invite_to_team(
            team=Team.objects.get(pk=team_id), actor=production, email=f"{answer}@example.org"
        )
        guest.email = f"{answer}@example.org"
        guest.save(update_fields=["email"])
        response = client_for(guest).post(f"/api/teams/invites/{sent.pk}/{answer}")
        assert response.json()["success"] is True, answer

    role = company.put(f"/api/teams/{team_id}/members/{creator.pk}", {"role": "admin"}).json()
    assert role["success"] is True
    removed = company.delete(f"/api/teams/{team_id}/members/{creator.pk}").json()
    assert removed["success"] is True
    assert company.delete(f"/api/teams/{second['id']}").json()["success"] is True


def test_every_referral_endpoint_answers_with_the_spa_keys(production, creator, api):
    company = client_for(production)
    made = company.post("/api/invites", {"email": creator.email}, format="json").json()
    code = made["data"]["code"]
    rows = company.get("/api/invites").json()["data"]["invites"]
    row = rows[0]
    assert row["code"] == code
    assert row["inviter_name"] == "Big Studio"
    assert row["expires_at"]
    assert row["redeemed_at"] is None
    assert row["created_at"]
    assert row["redeemed_by_name"] is None
    landing = api.get(f"/api/invites/{code}").json()["data"]
    assert landing["inviterName"] == "Big Studio"
    assert (landing["valid"], landing["expired"], landing["redeemed"]) == (True, False, False)
    assert "email" in landing
    redeemed = client_for(creator).post(f"/api/invites/{code}/redeem", {}, format="json")
    assert redeemed.json()["success"] is True
    row = company.get("/api/invites").json()["data"]["invites"][0]
    assert row["redeemed_by_name"] == creator.display_name
    assert row["redeemed_by_email"] == creator.email
    assert api.get(f"/api/invites/{code}").json()["data"]["redeemed"] is True


def test_someone_elses_team_and_invitations_are_404_with_nothing_written(
    production, other_company, creator
):
    team = services.rotate_join_code(team=_team(production), actor=production)
    invite = services.invite_to_team(team=team, actor=production, email="guest@example.org")
    rival = client_for(other_company)
    writes_before = AuditLog.objects.count()
    for method, path, body in [
        ("get", f"/api/teams/{team.pk}", None),
        ("put", f"/api/teams/{team.pk}", {"name": "Mine"}),
        ("delete", f"/api/teams/{team.pk}", None),
        ("get", f"/api/teams/{team.pk}/code", None),
        ("post", f"/api/teams/{team.pk}/generate-code", None),
        ("get", f"/api/teams/{team.pk}/members", None),
        ("put", f"/api/teams/{team.pk}/members/{production.pk}", {"role": "viewer"}),
        ("delete", f"/api/teams/{team.pk}/members/{production.pk}", None),
        ("get", f"/api/teams/{team.pk}/collaboration-nda/members", None),
        ("get", f"/api/teams/{team.pk}/collaboration-nda/document", None),
        ("post", f"/api/teams/{team.pk}/collaboration-nda/sign", {"agreed": True, "name": "R"}),
        ("post", f"/api/teams/{team.pk}/invite", {"email": "x@example.org"}),
        ("delete", f"/api/teams/invites/{invite.pk}", None),
        ("post", f"/api/teams/invites/{invite.pk}/accept", None),
        ("post", f"/api/teams/invites/{invite.pk}/reject", None),
        ("post", f"/api/teams/invites/{invite.pk}/resend", None),
    ]:
        answer = getattr(rival, method)(path, body, format="json")
        assert answer.status_code == 404, (method, path, answer.status_code)
    assert AuditLog.objects.count() == writes_before
    team.refresh_from_db()
    assert (team.name, team.owner_id) == ("Development", production.pk)
    assert TeamMember.objects.filter(team=team).count() == 1
    assert TeamInvite.objects.get().status == "pending"
    assert rival.get("/api/teams").json()["data"]["teams"] == []
    assert rival.get("/api/invites").json()["data"]["invites"] == []


def test_bad_input_answers_4xx_with_field_messages(production, creator):
    company = client_for(production)
    team = services.rotate_join_code(team=_team(production), actor=production)
    services.join_team(user=creator, code=team.join_code)
    cases = [
        (company.post, "/api/teams", {"name": ""}, "name"),
        (company.put, f"/api/teams/{team.pk}", {"seatLimit": 0}, "seatLimit"),
        (company.post, f"/api/teams/{team.pk}/invite", {"email": "nope"}, "email"),
        (company.post, f"/api/teams/{team.pk}/invite", {"email": "a@b.org", "role": "god"}, "role"),
        (company.put, f"/api/teams/{team.pk}/members/{creator.pk}", {"role": "owner"}, "role"),
        (company.post, "/api/teams/join", {}, "code"),
        (company.post, "/api/invites", {"email": "nope"}, "email"),
        (
            client_for(creator).post,
            f"/api/teams/{team.pk}/collaboration-nda/sign",
            {"agreed": False, "name": "Alice"},
            "agreed",
        ),
        (
            client_for(creator).post,
            f"/api/teams/{team.pk}/collaboration-nda/sign",
            {"agreed": True, "name": " "},
            "name",
        ),
    ]
    for call, path, body, field in cases:
        answer = call(path, body, format="json")
        assert answer.status_code == 400, (path, body, answer.status_code)
        assert field in answer.json()["error"]["details"], (path, answer.json())
    assert TeamMember.objects.get(user=creator).nda_signed_at is None
    assert not TeamInvite.objects.exists()


def test_invitations_and_referral_codes_are_emailed_after_commit(
    production, creator, django_capture_on_commit_callbacks
):
    team = _team(production)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_to_team(team=team, actor=production, email="outsider@example.org")
        services.create_referral(inviter=production, email="friend@example.org")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == ["friend@example.org", "outsider@example.org"]
    referral = ReferralInvite.objects.get()
    assert any(f"/invite/{referral.code}" in m.body for m in mail.outbox)
    # an address with an account hears of it in the app (emailed as their settings say)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_to_team(team=team, actor=production, email=creator.email)
    assert Notification.objects.filter(user=creator, kind="team_invite").exists()
    assert not [m for m in mail.outbox if m.to == [creator.email] and "to the team" in m.subject]


def test_a_referral_code_is_redeemed_at_sign_up_or_no_account_is_made(production, api):
    referral = services.create_referral(inviter=production)
    body = {
        "email": "newbie@example.org",
        "username": "newbie",
        "password": "A-long-enough-pass-123",
        "userType": "creator",
    }
    refused = api.post("/api/auth/sign-up", {**body, "inviteCode": "WRONG234"}, format="json")
    assert refused.status_code == 400
    assert "inviteCode" in refused.json()["error"]["details"]
    assert not User.objects.filter(email="newbie@example.org").exists()
    made = api.post("/api/auth/sign-up", {**body, "inviteCode": referral.code.lower()})
    assert made.status_code == 201, made.content
    referral.refresh_from_db()
    assert referral.redeemed_by == User.objects.get(email="newbie@example.org")
    again = api.post(
        "/api/auth/sign-up",
        {**body, "email": "late@example.org", "username": "late", "inviteCode": referral.code},
    )
    assert again.status_code == 400
    assert "inviteCode" in again.json()["error"]["details"]
    assert not User.objects.filter(email="late@example.org").exists()


def test_the_collaboration_nda_binds_the_exact_standard_text_once(production, creator):
    team = services.rotate_join_code(team=_team(production), actor=production)
    services.join_team(user=creator, code=team.join_code)
    member = client_for(creator)
    document = member.get(f"/api/teams/{team.pk}/collaboration-nda/document").json()["data"]
    assert "Big Studio" in document["content"]
    assert "all Big Studio projects" in document["content"]
    stale = member.post(
        f"/api/teams/{team.pk}/collaboration-nda/sign",
        {"agreed": True, "name": "Alice Creator", "textSha256": "0" * 64},
        format="json",
    )
    assert stale.status_code == 400
    assert "textSha256" in stale.json()["error"]["details"]
    expected = services.collaboration_text(team=team, recipient_name="Alice Creator")
    signed = member.post(
        f"/api/teams/{team.pk}/collaboration-nda/sign",
        {"agreed": True, "name": "Alice  Creator", "textSha256": expected.sha256},
        format="json",
        HTTP_USER_AGENT="pytest-browser",
    )
    assert signed.status_code == 200, signed.content
    row = TeamMember.objects.get(user=creator)
    assert row.nda_text.startswith(expected.content)
    assert f"Signature reference: {row.nda_nonce}" in row.nda_text
    assert signed.json()["data"]["textSha256"] == row.nda_sha256 != expected.sha256
    assert (row.nda_name, row.nda_user_agent) == ("Alice Creator", "pytest-browser")
    assert row.nda_ip
    again = member.post(
        f"/api/teams/{team.pk}/collaboration-nda/sign", {"agreed": True, "name": "Alice"}
    )
    assert again.status_code == 409
    assert AuditLog.objects.filter(action="production.team.nda_signed").count() == 1


def test_the_roles_of_a_team_and_who_hears_of_joins_and_redemptions(
    production, creator, other_company, django_capture_on_commit_callbacks
):
    team = services.rotate_join_code(team=_team(production), actor=production)
    with django_capture_on_commit_callbacks(execute=True):
        services.join_team(user=creator, code=team.join_code)
        referral = services.create_referral(inviter=production)
        services.redeem_referral(code=referral.code, user=other_company)
    kinds = set(Notification.objects.filter(user=production).values_list("kind", flat=True))
    assert kinds == {"team_update", "referral_redeemed"}
    member = client_for(creator)
    roles = member.get(f"/api/teams/{team.pk}/roles").json()["data"]["roles"]
    counts = {r["name"]: r["memberCount"] for r in roles}
    assert counts == {"owner": 1, "admin": 0, "editor": 0, "member": 1, "viewer": 0}
    assert roles[0]["permissions"]["canDelete"] is True
    one = member.get(f"/api/teams/{team.pk}/roles/viewer").json()["data"]["role"]
    assert one["permissions"]["canEdit"] is False
    assert member.get(f"/api/teams/{team.pk}/roles/boss").status_code == 404
    assert client_for(production).delete(f"/api/teams/{team.pk}/roles/viewer").status_code == 409
    assert client_for(other_company).get(f"/api/teams/{team.pk}/roles").status_code == 404


def _sign_up(api, email, username, code):
    body = {
        "email": email,
        "username": username,
        "password": "A-long-enough-pass-123",
        "userType": "production",
        "inviteCode": code,
    }
    return api.post("/api/auth/sign-up", body, format="json")


def test_a_referral_code_made_for_an_address_is_refused_to_any_other_sign_up(production, api):
    referral = services.create_referral(inviter=production, email=" Friend@Example.org ")
    refused = _sign_up(api, "stranger@example.org", "stranger", referral.code)
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert "another email address" in error["details"]["inviteCode"][0]
    assert "friend@example.org" not in refused.content.decode().lower()  # the address stays private
    assert not User.objects.filter(email="stranger@example.org").exists()
    referral.refresh_from_db()
    assert referral.status == "open"
    assert referral.redeemed_by is None
    assert not AuditLog.objects.filter(action="production.referral.redeemed").exists()
    # the address it was made for, typed in any case and with spaces, redeems it
    made = _sign_up(api, "  FRIEND@example.ORG", "friend", referral.code)
    assert made.status_code == 201, made.content
    referral.refresh_from_db()
    assert referral.status == "redeemed"
    assert referral.redeemed_by == User.objects.get(email="friend@example.org")


def test_a_referral_code_made_for_an_address_is_refused_to_another_existing_account(
    production, creator
):
    referral = services.create_referral(inviter=production, email="friend@example.org")
    answer = client_for(creator).post(f"/api/invites/{referral.code}/redeem")
    assert answer.status_code == 403
    assert "another email address" in answer.json()["error"]["message"]
    referral.refresh_from_db()
    assert referral.status == "open"
    assert referral.redeemed_by is None


def test_a_referral_code_made_without_an_address_stays_open_to_anyone(production, api):
    referral = services.create_referral(inviter=production)
    made = _sign_up(api, "anyone@example.org", "anyone", referral.code)
    assert made.status_code == 201, made.content
    referral.refresh_from_db()
    assert referral.redeemed_by == User.objects.get(email="anyone@example.org")
