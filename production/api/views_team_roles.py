"""The roles of a team (owner, admin, editor, member, viewer) and what each may do. Roles are
built in: a member's role changes, a role itself does not."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response, request_user
from pitchey.errors import Conflict
from production import selectors
from production.api.common import shape
from production.models import TeamMember

Role = TeamMember.Role

ROLES: dict[str, tuple[str, dict[str, bool]]] = {
    Role.OWNER: (
        "The company that made the team: everything, including deleting it.",
        {"can_edit": True, "can_invite": True, "can_delete": True, "can_manage_roles": True},
    ),
    Role.ADMIN: (
        "Invites people, manages the join code and members' roles.",
        {"can_edit": True, "can_invite": True, "can_delete": False, "can_manage_roles": True},
    ),
    Role.EDITOR: (
        "Works on the team's projects and edits them.",
        {"can_edit": True, "can_invite": False, "can_delete": False, "can_manage_roles": False},
    ),
    Role.MEMBER: (
        "Takes part in the team's projects.",
        {"can_edit": False, "can_invite": False, "can_delete": False, "can_manage_roles": False},
    ),
    Role.VIEWER: (
        "Sees the team's projects without changing them.",
        {"can_edit": False, "can_invite": False, "can_delete": False, "can_manage_roles": False},
    ),
}


def role_data(role: str, member_count: int) -> dict[str, Any]:
    description, permissions = ROLES[role]
    return {
        "id": role,
        "name": role,
        "label": Role(role).label,
        "description": description,
        "permissions": {
            **permissions,
            "can_view_analytics": permissions["can_manage_roles"],
            "can_manage_pitches": permissions["can_edit"],
        },
        "member_count": member_count,
        "is_default": role == Role.MEMBER,
        "is_built_in": True,
    }


def _counts(team_id: int, user: Any) -> dict[str, int]:
    team = selectors.team_or_404(user, team_id)
    counts: dict[str, int] = {}
    for member in selectors.members_of(team):
        counts[member.role] = counts.get(member.role, 0) + 1
    return counts


class TeamRolesApi(APIView):
    @extend_schema(
        summary="The roles of a team, what each may do and how many hold it",
        responses=shape("TeamRoles", "roles"),
    )
    def get(self, request: Request, team_id: int) -> Response:
        counts = _counts(team_id, request_user(request))
        return flat_response({"roles": [role_data(r, counts.get(r, 0)) for r in ROLES]})


class TeamRoleApi(APIView):
    @extend_schema(summary="One role of a team", responses=shape("TeamRole", "role"))
    def get(self, request: Request, team_id: int, role: str) -> Response:
        counts = _counts(team_id, request_user(request))
        if role not in ROLES:
            raise Http404
        return flat_response({"role": role_data(role, counts.get(role, 0))})

    @extend_schema(
        summary="Roles are built in and cannot be deleted (409)",
        responses=shape("TeamRoleKept", "role"),
    )
    def delete(self, request: Request, team_id: int, role: str) -> Response:
        _counts(team_id, request_user(request))
        if role not in ROLES:
            raise Http404
        raise Conflict("Roles are built in; change a member's role instead.")
