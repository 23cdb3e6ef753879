"""Reads of teams, their members and invitations, and referral invites."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from production.models import ReferralInvite, Team, TeamInvite, TeamMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def _first_team_of_owner() -> Subquery:
    return Subquery(Team.objects.filter(owner=OuterRef("owner")).order_by("id").values("id")[:1])


def my_teams(user: User | AnonymousUser) -> QuerySet[Team]:
    """The teams `user` belongs to with their member count and the id of their owner's company
    team (its first), in one query."""
    return (
        Team.objects.of_member(user)
        .select_related("owner")
        .annotate(
            member_count=Count("memberships", distinct=True),
            company_team_id=_first_team_of_owner(),
        )
        .order_by("name", "id")
    )


def is_company_team(team: Team) -> bool:
    """Whether `team` is its owner's company team (the first it made, the one the SPA's join-code
    card shows)."""
    first = getattr(team, "company_team_id", None)
    if first is None:
        first = Team.objects.filter(owner_id=team.owner_id).order_by("id").values("id").first()
        first = first["id"] if first else None
    return first == team.pk


def team_or_404(user: User | AnonymousUser, team_id: int) -> Team:
    """A team `user` belongs to; any other is a 404."""
    return get_object_or_404(my_teams(user), pk=team_id)


def members_of(team: Team) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(team=team).select_related("user").order_by("joined_at", "id")


def member_or_404(team: Team, user_id: int) -> TeamMember:
    """A member of `team` by their user id (or membership id)."""
    rows = TeamMember.objects.filter(team=team).select_related("team", "user")
    return rows.filter(user_id=user_id).first() or get_object_or_404(rows, pk=user_id)


def invites_for(user: User | AnonymousUser) -> QuerySet[TeamInvite]:
    """Invitations sent to `user` and those their teams sent."""
    return (
        TeamInvite.objects.addressed_to(user) | TeamInvite.objects.sent_by_teams_of(user)
    ).for_display()


def received_invite_or_404(user: User | AnonymousUser, invite_id: int) -> TeamInvite:
    return get_object_or_404(TeamInvite.objects.addressed_to(user).for_display(), pk=invite_id)


def sent_invite_or_404(user: User | AnonymousUser, invite_id: int) -> TeamInvite:
    return get_object_or_404(TeamInvite.objects.sent_by_teams_of(user).for_display(), pk=invite_id)


def referrals_sent(user: User | AnonymousUser) -> QuerySet[ReferralInvite]:
    return ReferralInvite.objects.sent_by(user).select_related("inviter", "redeemed_by")


def referral_or_404(code: str) -> ReferralInvite:
    return get_object_or_404(
        ReferralInvite.objects.select_related("inviter"), code=(code or "").strip().upper()[:12]
    )
