"""The protection rule through the team and invitation views the production marker test does not
open: the join code, the collaboration NDA (its text and who signed), invitations, referral codes
and a collaborator's own project. A marker planted in a pitch's protected fields never appears,
not even to a collaborator of that pitch or a team member with a signed collaboration NDA."""

from __future__ import annotations

import pytest

from production import services
from production.models import ProjectCollaborator
from production.models.workspace import token_hash
from tests.factories import UserFactory
from tests.ndas.conftest import MARK, nda_pitch  # noqa: F401  (the marked pitch)
from tests.production.conftest import client_for, sign_nda

pytestmark = pytest.mark.django_db


def test_team_and_invitation_views_carry_no_markers(nda_pitch, creator, production):  # noqa: F811
    sign_nda(nda_pitch, production)  # the company may read the pitch; its team views still not
    team = services.rotate_join_code(
        team=services.create_team(owner=production, name="Core"), actor=production
    )
    services.join_team(user=creator, code=team.join_code)
    services.sign_team_nda(team=team, user=creator, agreed=True, name="Alice Creator")
    services.invite_to_team(team=team, actor=production, email=creator.email)
    referral = services.create_referral(inviter=production)
    guest = UserFactory(email="guest@example.org")
    row = services.invite_collaborator(
        company=production, pitch=nda_pitch, email=guest.email, role="editor"
    )
    ProjectCollaborator.objects.filter(pk=row.pk).update(token_sha256=token_hash("t"))
    services.accept_invite(user=guest, token="t")
    paths = [
        "/api/teams",
        f"/api/teams/{team.pk}",
        f"/api/teams/{team.pk}/members",
        f"/api/teams/{team.pk}/code",
        f"/api/teams/{team.pk}/roles",
        f"/api/teams/{team.pk}/collaboration-nda/document",
        f"/api/teams/{team.pk}/collaboration-nda/members",
        "/api/teams/invites",
        "/api/invites",
        f"/api/invites/{referral.code}",
        f"/api/projects/{nda_pitch.pk}/collaborators",
        "/api/my/collaborations",
        f"/api/my/collaborations/{nda_pitch.pk}",
    ]
    opened = 0
    for user in (production, creator, guest):
        client = client_for(user)
        for path in paths:
            answer = client.get(path)
            assert answer.status_code in (200, 403, 404), (path, answer.status_code)
            opened += answer.status_code == 200
            assert MARK not in answer.content.decode(), (user, path)
    assert opened >= 20
