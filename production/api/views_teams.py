"""Teams (PR8) and invites (PR9): company teams with join codes and the collaboration NDA,
email invitations to a team, and referral codes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response, logged_in_user, request_user, with_snake_keys
from pitchey.errors import NotAllowed
from pitchey.ratelimit import client_ip
from production import selectors, services
from production.api.common import person, shape
from production.models import ReferralInvite, Team, TeamInvite, TeamMember


def team_data(team: Team, user: Any) -> dict[str, Any]:
    """A team; the SPA's join-code card reads `is_company_team` as written (snake_case)."""
    data = {
        "id": team.pk,
        "name": team.name,
        "description": team.description,
        "owner": person(team.owner),
        "owner_id": team.owner_id,
        "is_owner": team.owner_id == user.pk,
        "member_count": getattr(team, "member_count", None),
        "seat_limit": team.seat_limit,
        "is_company_team": selectors.is_company_team(team),
        "created_at": team.created_at,
    }
    return with_snake_keys(data, ("is_company_team",))


def member_data(member: TeamMember) -> dict[str, Any]:
    return {
        **person(member.user),
        "member_id": member.pk,
        "user_id": member.user_id,
        "role": member.role,
        "joined_at": member.joined_at,
        "nda_signed": member.nda_signed_at is not None,
        "signed": member.nda_signed_at is not None,
        "nda_signed_at": member.nda_signed_at,
    }


def invite_data(invite: TeamInvite) -> dict[str, Any]:
    return {
        "id": invite.pk,
        "team_id": invite.team_id,
        "team_name": invite.team.name,
        "email": invite.email,
        "role": invite.role,
        "status": invite.status if invite.is_live or invite.status != "pending" else "expired",
        "invited_by": person(invite.invited_by),
        "expires_at": invite.expires_at,
        "created_at": invite.created_at,
    }


SPA_REFERRAL_KEYS = (
    "inviter_name",
    "redeemed_at",
    "expires_at",
    "created_at",
    "redeemed_by_name",
    "redeemed_by_email",
)


def referral_data(referral: ReferralInvite) -> dict[str, Any]:
    """A referral invite; the SPA's invites page reads several keys as written (snake_case)."""
    redeemer = referral.redeemed_by
    data = {
        "id": referral.pk,
        "code": referral.code,
        "email": referral.email,
        "user_type": referral.user_type,
        "note": referral.note,
        "status": referral.status if referral.is_live or referral.status != "open" else "expired",
        "inviter_name": referral.inviter.company_name or referral.inviter.display_name,
        "redeemed_by": person(redeemer) if redeemer else None,
        "redeemed_by_name": redeemer.display_name if redeemer else None,
        "redeemed_by_email": redeemer.email if redeemer else None,
        "redeemed_at": referral.redeemed_at,
        "expires_at": referral.expires_at,
        "created_at": referral.created_at,
    }
    return with_snake_keys(data, SPA_REFERRAL_KEYS)


class TeamInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    seat_limit = serializers.IntegerField(min_value=1, max_value=500, required=False)


class TeamListApi(APIView):
    @extend_schema(summary="Teams you belong to", responses=shape("Teams", "teams"))
    def get(self, request: Request) -> Response:
        user = request_user(request)
        teams = [team_data(t, user) for t in selectors.my_teams(user)[:100]]
        return flat_response({"teams": teams, "total": len(teams)})

    @extend_schema(
        summary="Create a company team", request=TeamInput, responses={201: shape("Team", "team")}
    )
    def post(self, request: Request) -> Response:
        payload = TeamInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request_user(request)
        team = services.create_team(
            owner=user,
            name=payload.validated_data.get("name", ""),
            description=payload.validated_data.get("description", ""),
        )
        return flat_response({"team": team_data(team, user)}, status.HTTP_201_CREATED)


class TeamDetailApi(APIView):
    @extend_schema(summary="A team with its members", responses=shape("TeamDetail", "team"))
    def get(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        members = [member_data(m) for m in selectors.members_of(team)]
        return flat_response({"team": {**team_data(team, user), "members": members}})

    @extend_schema(summary="Edit a team", request=TeamInput, responses=shape("TeamEdited", "team"))
    def put(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        payload = TeamInput(data=request.data)
        payload.is_valid(raise_exception=True)
        team = services.update_team(team=team, actor=user, fields=dict(payload.validated_data))
        return flat_response({"team": team_data(team, user)})

    patch = put

    @extend_schema(summary="Delete your team", responses=shape("TeamDeleted", "deleted"))
    def delete(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        services.delete_team(team=selectors.team_or_404(user, team_id), actor=user)
        return flat_response({"deleted": True, "id": team_id})


class TeamMembersApi(APIView):
    @extend_schema(summary="A team's members", responses=shape("TeamMembers", "members"))
    def get(self, request: Request, team_id: int) -> Response:
        team = selectors.team_or_404(request_user(request), team_id)
        members = [member_data(m) for m in selectors.members_of(team)]
        return flat_response({"members": members, "total": len(members)})


class TeamMemberApi(APIView):
    class InputSerializer(serializers.Serializer):
        role = serializers.CharField(max_length=10)

    @extend_schema(
        summary="Change a member's role",
        request=InputSerializer,
        responses=shape("MemberChanged", "member"),
    )
    def put(self, request: Request, team_id: int, member_id: int) -> Response:
        user = request_user(request)
        member = selectors.member_or_404(selectors.team_or_404(user, team_id), member_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = services.change_member_role(
            member=member, actor=user, role=payload.validated_data["role"]
        )
        return flat_response({"member": member_data(member)})

    @extend_schema(
        summary="Remove a member (or leave)", responses=shape("MemberRemoved", "removed")
    )
    def delete(self, request: Request, team_id: int, member_id: int) -> Response:
        user = request_user(request)
        member = selectors.member_or_404(selectors.team_or_404(user, team_id), member_id)
        services.remove_member(member=member, actor=user)
        return flat_response({"removed": True, "id": member_id})


class TeamCodeApi(APIView):
    @extend_schema(
        summary="The team's join code and seats (owner and admins)",
        responses=shape("TeamCode", "code", "seat_limit", "seats_used", "expires_at"),
    )
    def get(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        if team.owner_id != user.pk and not _manages(team, user):
            raise NotAllowed("Only the team's owner or admins see its join code.")
        return flat_response(_code_data(team))


def _manages(team: Team, user: Any) -> bool:
    return any(
        m.user_id == user.pk and m.role in ("owner", "admin") for m in selectors.members_of(team)
    )


def _code_data(team: Team) -> dict[str, Any]:
    return {
        "code": team.join_code if team.code_is_live else None,
        "expires_at": team.code_expires_at,
        "seat_limit": team.seat_limit,
        "seats_used": services.seats_used(team),
    }


class TeamGenerateCodeApi(APIView):
    @extend_schema(
        request=None,
        summary="A new join code (the old one stops working), valid 7 days",
        responses=shape("TeamCodeMade", "code", "expires_at"),
    )
    def post(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = services.rotate_join_code(team=selectors.team_or_404(user, team_id), actor=user)
        return flat_response(_code_data(team))


class TeamJoinApi(APIView):
    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=20)

    @extend_schema(
        summary="Join a team by its code",
        request=InputSerializer,
        responses=shape("Joined", "teamId", "teamName", "team", "member"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request_user(request)
        member = services.join_team(user=user, code=payload.validated_data["code"])
        return flat_response(
            {
                "team_id": member.team_id,
                "team_name": member.team.name,
                "team": team_data(member.team, user),
                "member": member_data(member),
            }
        )


class TeamNdaDocumentApi(APIView):
    @extend_schema(
        summary="The team's collaboration NDA, filled in for you (what you would sign)",
        responses=shape("TeamNda", "name", "content", "sha256"),
    )
    def get(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        text = services.collaboration_text(team=team, recipient_name=user.display_name)
        return flat_response(
            {
                "name": text.name,
                "title": f"{team.name}: collaboration NDA",
                "content": text.content,
                "text": text.content,
                "sha256": text.sha256,
            }
        )


class TeamNdaMembersApi(APIView):
    @extend_schema(
        summary="Who in the team signed its collaboration NDA",
        responses=shape("TeamNdaMembers", "members"),
    )
    def get(self, request: Request, team_id: int) -> Response:
        team = selectors.team_or_404(request_user(request), team_id)
        members = [member_data(m) for m in selectors.members_of(team)]
        return flat_response({"members": members})


class TeamNdaSignApi(APIView):
    class InputSerializer(serializers.Serializer):
        agreed = serializers.BooleanField()
        name = serializers.CharField(max_length=200)
        address = serializers.CharField(max_length=500, required=False, allow_blank=True)
        text_sha256 = serializers.CharField(max_length=64, required=False, allow_blank=True)

    @extend_schema(
        summary="Sign the team's collaboration NDA",
        request=InputSerializer,
        responses=shape("TeamNdaSigned", "success", "signedAt", "textSha256"),
    )
    def post(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member = services.sign_team_nda(
            team=team,
            user=user,
            **payload.validated_data,
            ip_address=client_ip(request),
            user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
        )
        return flat_response(
            {
                "success": True,
                "signed_at": member.nda_signed_at,
                "signer_name": member.nda_name,
                "text_sha256": member.nda_sha256,
            }
        )


class TeamInviteApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=255)
        role = serializers.CharField(max_length=10, required=False)

    @extend_schema(
        summary="Invite someone to the team by email",
        request=InputSerializer,
        responses={201: shape("TeamInvitation", "invitation")},
    )
    def post(self, request: Request, team_id: int) -> Response:
        user = request_user(request)
        team = selectors.team_or_404(user, team_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invite = services.invite_to_team(
            team=team,
            actor=user,
            email=payload.validated_data["email"],
            role=payload.validated_data.get("role", "member"),
        )
        return flat_response({"invitation": invite_data(invite)}, status.HTTP_201_CREATED)


class TeamInvitesApi(APIView):
    @extend_schema(
        summary="Team invitations sent to you and by your teams",
        responses=shape("TeamInvites", "invites"),
    )
    def get(self, request: Request) -> Response:
        rows = [invite_data(i) for i in selectors.invites_for(request_user(request))[:200]]
        return flat_response({"invites": rows, "total": len(rows)})


class TeamInviteDetailApi(APIView):
    @extend_schema(summary="Withdraw an invitation", responses=shape("InviteWithdrawn", "invite"))
    def delete(self, request: Request, invite_id: int) -> Response:
        user = request_user(request)
        invite = services.revoke_team_invite(
            invite=selectors.sent_invite_or_404(user, invite_id), actor=user
        )
        return flat_response({"invite": invite_data(invite)})


class TeamInviteAnswerApi(APIView):
    accept = True

    @extend_schema(
        request=None,
        summary="Accept or decline an invitation (once, before it expires)",
        responses=shape("InviteAnswered", "invite"),
    )
    def post(self, request: Request, invite_id: int) -> Response:
        user = request_user(request)
        invite = services.answer_team_invite(
            invite=selectors.received_invite_or_404(user, invite_id), user=user, accept=self.accept
        )
        return flat_response({"invite": invite_data(invite)})


class TeamInviteResendApi(APIView):
    @extend_schema(
        request=None,
        summary="Send an invitation again (a new expiry)",
        responses=shape("InviteResent", "invitation"),
    )
    def post(self, request: Request, invite_id: int) -> Response:
        user = request_user(request)
        invite = services.resend_team_invite(
            invite=selectors.sent_invite_or_404(user, invite_id), actor=user
        )
        return flat_response({"invitation": invite_data(invite)})


class ReferralListApi(APIView):
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=255, required=False, allow_blank=True)
        user_type = serializers.ChoiceField(
            choices=["creator", "investor", "production"], required=False
        )
        role = serializers.CharField(max_length=20, required=False, allow_blank=True)
        note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    @extend_schema(summary="Referral invitations you sent", responses=shape("Referrals", "invites"))
    def get(self, request: Request) -> Response:
        rows = [referral_data(r) for r in selectors.referrals_sent(request_user(request))[:200]]
        return flat_response({"invites": rows, "total": len(rows)})

    @extend_schema(
        summary="A referral code for another company or a creator (30 days, once)",
        request=InputSerializer,
        responses={201: shape("ReferralMade", "code", "invite")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        referral = services.create_referral(
            inviter=request_user(request),
            email=data.get("email", ""),
            user_type=data.get("user_type", ""),
            note=data.get("note", ""),
        )
        body = referral_data(referral)
        return flat_response({"code": referral.code, "invite": body}, status.HTTP_201_CREATED)


class ReferralDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="What a referral code offers (for the landing page)",
        responses=shape("Referral", "code", "email", "inviterName", "valid", "expired", "redeemed"),
    )
    def get(self, request: Request, code: str) -> Response:
        referral = selectors.referral_or_404(code)
        mine = logged_in_user(request)
        name = referral.inviter.company_name or referral.inviter.display_name
        return flat_response(
            {
                "code": referral.code,
                "email": referral.email if mine else "",
                "user_type": referral.user_type,
                "inviter": {"name": name},
                "inviter_name": name,
                "valid": referral.is_live,
                "expired": referral.status == "open" and not referral.is_live,
                "redeemed": referral.status == "redeemed",
                "status": referral.status,
                "expires_at": referral.expires_at,
            }
        )


class ReferralRedeemApi(APIView):
    @extend_schema(
        request=None,
        summary="Redeem a referral code (once, before it expires)",
        responses=shape("ReferralRedeemed", "redeemed"),
    )
    def post(self, request: Request, code: str) -> Response:
        referral = services.redeem_referral(code=code[:20], user=request_user(request))
        return flat_response({"redeemed": True, "code": referral.code})
