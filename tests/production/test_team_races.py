"""A join code's last seat, a team invitation, a referral code and a collaborator's link each
work once: of two concurrent redemptions exactly one wins. The team, invitation and referral
lists cost the same queries at 5 and 50 rows."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from accounts.models import User
from pitchey.errors import DomainError
from production import services
from production.models import ProjectCollaborator, ReferralInvite, Team, TeamInvite, TeamMember
from production.models.workspace import token_hash
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.production.conftest import client_for


def _race(*calls: Callable[[], object]) -> list[str]:
    """Run the calls at once in their own threads (and connections); 'won' or the refusal."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_a_teams_last_seat_exactly_one_joins(production):
    team = services.create_team(owner=production, name="Tiny")
    Team.objects.filter(pk=team.pk).update(seat_limit=2)  # the owner and one more
    code = services.rotate_join_code(team=team, actor=production).join_code
    people = [UserFactory(user_type=User.Type.CREATOR) for _ in range(2)]
    outcomes = _race(*(lambda p=p: services.join_team(user=p, code=code) for p in people))
    assert sorted(outcomes) == ["Conflict", "won"]
    assert TeamMember.objects.filter(team=team).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_racing_acceptances_of_one_team_invitation_exactly_one_wins(production, creator):
    team = services.create_team(owner=production, name="Core")
    invite = services.invite_to_team(team=team, actor=production, email=creator.email)

    def accept() -> object:
        row = TeamInvite.objects.get(pk=invite.pk)
        return services.answer_team_invite(invite=row, user=creator, accept=True)

    assert sorted(_race(accept, accept)) == ["Conflict", "won"]
    assert TeamMember.objects.filter(team=team, user=creator).count() == 1
    assert TeamInvite.objects.get().status == "accepted"


@pytest.mark.django_db(transaction=True)
def test_two_racing_redemptions_of_one_referral_code_exactly_one_wins(production):
    referral = services.create_referral(inviter=production)
    people = [UserFactory(user_type=User.Type.CREATOR) for _ in range(2)]
    outcomes = _race(
        *(lambda p=p: services.redeem_referral(code=referral.code, user=p) for p in people)
    )
    assert sorted(outcomes) == ["Conflict", "won"]
    assert ReferralInvite.objects.get().redeemed_by_id in {p.pk for p in people}


@pytest.mark.django_db(transaction=True)
def test_two_racing_acceptances_of_one_collaborator_link_exactly_one_wins(production, creator):
    pitch = PitchFactory(owner=creator)
    guest = UserFactory(email="guest@example.org")
    row = services.invite_collaborator(
        company=production, pitch=pitch, email=guest.email, role="viewer"
    )
    ProjectCollaborator.objects.filter(pk=row.pk).update(token_sha256=token_hash("known-token"))
    outcomes = _race(
        *(lambda: services.accept_invite(user=guest, token="known-token") for _ in range(2))
    )
    assert sorted(outcomes) == ["DomainError", "won"]  # a spent link is a 400 on `token`
    assert ProjectCollaborator.objects.get().status == "active"


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_the_team_list_costs_the_same_queries_at_any_size(
    production, creator, size, django_assert_num_queries
):
    for number in range(size):
        owner = production if number % 2 else UserFactory(user_type=User.Type.PRODUCTION)
        team = services.create_team(owner=owner, name=f"Team {number:02}")
        TeamMember.objects.get_or_create(team=team, user=creator)
    with django_assert_num_queries(1):
        answer = client_for(creator).get("/api/teams")
    teams = answer.json()["data"]["teams"]
    assert len(teams) == size
    # each of the other companies has its one team; the first of the company's is its own
    assert sum(t["is_company_team"] for t in teams) == (size + 1) // 2 + 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_the_invitation_list_costs_the_same_queries_at_any_size(
    production, creator, size, django_assert_num_queries
):
    for number in range(size):
        team = services.create_team(owner=production, name=f"Team {number:02}")
        services.invite_to_team(team=team, actor=production, email=creator.email)
        services.invite_to_team(team=team, actor=production, email=f"x{number}@example.org")
    with django_assert_num_queries(1):
        received = client_for(creator).get("/api/teams/invites")
    assert len(received.json()["data"]["invites"]) == size
    with django_assert_num_queries(1):
        sent = client_for(production).get("/api/teams/invites")
    assert len(sent.json()["data"]["invites"]) == 2 * size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_the_referral_list_costs_the_same_queries_at_any_size(
    production, creator, size, django_assert_num_queries
):
    for number in range(size):
        referral = services.create_referral(inviter=production)
        if number % 2:
            services.redeem_referral(code=referral.code, user=UserFactory())
    with django_assert_num_queries(1):
        answer = client_for(production).get("/api/invites")
    rows = answer.json()["data"]["invites"]
    assert len(rows) == size
    assert sum(1 for r in rows if r["redeemed_by_name"]) == size // 2
