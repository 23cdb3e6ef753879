"""Company teams (PR8): members with roles, join codes (generate, rotate, expire; a code seats
one person once), email invitations, the team's collaboration NDA; and referral invites (PR9)
redeemed once at sign-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import normalise_email
from analytics.services import record_activity
from messaging import NotificationKind
from ndas import text as nda_text
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError
from production import tasks
from production.models import ReferralInvite, Team, TeamInvite, TeamMember
from production.models.teams import new_code
from production.services.common import ensure_company, invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User

CODE_DAYS = 7
INVITE_DAYS = 14
REFERRAL_DAYS = 30
WRONG_ADDRESS = (
    "This invitation was made for another email address: sign up with the address it was sent to."
)
MANAGERS = (TeamMember.Role.OWNER, TeamMember.Role.ADMIN)


def _role_of(team: Team, user: User) -> str | None:
    return TeamMember.objects.filter(team=team, user=user).values_list("role", flat=True).first()


def _ensure_manager(team: Team, user: User) -> None:
    if team.owner_id != user.pk and _role_of(team, user) not in MANAGERS:
        raise NotAllowed("Only the team's owner or admins can do this.")


@transaction.atomic
def create_team(*, owner: User, name: str, description: str = "") -> Team:
    """A company team; its owner is its first member."""
    ensure_company(owner)
    name = name.strip()[:120]
    if not name:
        raise invalid("name", "Give the team a name.")
    team = Team.objects.create(owner=owner, name=name, description=description.strip()[:2000])
    TeamMember.objects.create(team=team, user=owner, role=TeamMember.Role.OWNER)
    record_activity(team, "production.team.created", actor=owner)
    return team


@transaction.atomic
def update_team(*, team: Team, actor: User, fields: dict[str, Any]) -> Team:
    _ensure_manager(team, actor)
    for name in ("name", "description", "seat_limit"):
        if name in fields:
            setattr(team, name, fields[name])
    if not str(team.name).strip():
        raise invalid("name", "Give the team a name.")
    team.save()
    record_activity(team, "production.team.updated", actor=actor, data={"fields": sorted(fields)})
    return team


@transaction.atomic
def delete_team(*, team: Team, actor: User) -> None:
    if team.owner_id != actor.pk:
        raise NotAllowed("Only the team's owner can delete it.")
    record_activity(team, "production.team.deleted", actor=actor)
    team.delete()


@transaction.atomic
def rotate_join_code(*, team: Team, actor: User, days: int = CODE_DAYS) -> Team:
    """A new join code (the old one stops working) that expires in `days` days."""
    _ensure_manager(team, actor)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    locked.join_code = new_code()
    locked.code_expires_at = timezone.now() + timedelta(days=days)
    locked.save(update_fields=["join_code", "code_expires_at"])
    record_activity(locked, "production.team.code_rotated", actor=actor)
    return locked


def seats_used(team: Team) -> int:
    return TeamMember.objects.filter(team=team).count()


@transaction.atomic
def join_team(*, user: User, code: str) -> TeamMember:
    """Join by code: a live code, a free seat, and once per person."""
    team = (
        Team.objects.select_for_update()
        .filter(join_code=(code or "").strip().upper())
        .exclude(join_code=None)
        .first()
    )
    if team is None:
        raise invalid("code", "No team has this code.")
    if not team.code_is_live:
        raise Conflict("This join code has expired; ask for a new one.")
    if TeamMember.objects.filter(team=team, user=user).exists():
        raise Conflict("You are already in this team.")
    if seats_used(team) >= team.seat_limit:
        raise Conflict("This team has no free seats.")
    member = TeamMember.objects.create(team=team, user=user, role=TeamMember.Role.MEMBER)
    record_activity(member, "production.team.joined", actor=user, data={"team": team.pk})
    notify_after_commit(
        team.owner_id,
        NotificationKind.TEAM_UPDATE,
        f"{user.display_name} joined {team.name} with your join code",
        link="/production/team/",
        data={"team_id": team.pk, "user_id": user.pk},
    )
    return member


@transaction.atomic
def change_member_role(*, member: TeamMember, actor: User, role: str) -> TeamMember:
    _ensure_manager(member.team, actor)
    if role not in TeamMember.Role.values or role == TeamMember.Role.OWNER:
        raise invalid("role", "admin, editor, member or viewer.")
    if member.role == TeamMember.Role.OWNER:
        raise NotAllowed("The owner's role does not change.")
    member.role = role
    member.save(update_fields=["role"])
    record_activity(member, "production.team.role", actor=actor, data={"role": role})
    return member


@transaction.atomic
def remove_member(*, member: TeamMember, actor: User) -> None:
    """Managers remove members; anyone may leave; the owner stays."""
    if member.user_id != actor.pk:
        _ensure_manager(member.team, actor)
    if member.role == TeamMember.Role.OWNER:
        raise NotAllowed("The owner cannot leave their own team.")
    record_activity(member, "production.team.removed", actor=actor)
    member.delete()


@transaction.atomic
def invite_to_team(*, team: Team, actor: User, email: str, role: str = "member") -> TeamInvite:
    """Invite someone by email (once while pending); they answer from their invites."""
    _ensure_manager(team, actor)
    email = email.strip().lower()
    if role not in TeamMember.Role.values or role == TeamMember.Role.OWNER:
        raise invalid("role", "admin, editor, member or viewer.")
    try:
        with transaction.atomic():
            invite = TeamInvite.objects.create(
                team=team,
                email=email,
                role=role,
                invited_by=actor,
                expires_at=timezone.now() + timedelta(days=INVITE_DAYS),
            )
    except IntegrityError:
        raise Conflict("This person already has a pending invitation.") from None
    record_activity(invite, "production.team.invited", actor=actor, data={"email": email})
    _tell_invitee(invite)
    return invite


def _tell_invitee(invite: TeamInvite) -> None:
    """After commit: a notification when the address has an account (emailed as their settings
    say), otherwise an email with the way in."""
    invitee = get_user_model().objects.filter(email__iexact=invite.email, is_active=True).first()
    if invitee is None:
        transaction.on_commit(lambda: tasks.send_team_invite_email.delay(invite.pk))
    else:
        notify_after_commit(
            invitee.pk,
            NotificationKind.TEAM_INVITE,
            f"You are invited to join {invite.team.name}",
            link="/team/",
            data={"invite_id": invite.pk, "team_id": invite.team_id},
        )


def _locked_invite(invite: TeamInvite) -> TeamInvite:
    return TeamInvite.objects.select_for_update().select_related("team").get(pk=invite.pk)


@transaction.atomic
def answer_team_invite(*, invite: TeamInvite, user: User, accept: bool) -> TeamInvite:
    """The invitee accepts (joining the team) or declines; an invitation works once and only
    until it expires."""
    locked = _locked_invite(invite)
    if locked.email.lower() != user.email.lower():
        raise NotFoundError("No such invitation.")
    if locked.status != TeamInvite.Status.PENDING:
        raise Conflict(f"This invitation was already {locked.status}.")
    if locked.expires_at <= timezone.now():
        raise Conflict("This invitation has expired; ask for a new one.")
    if accept:
        if seats_used(locked.team) >= locked.team.seat_limit:
            raise Conflict("This team has no free seats.")
        TeamMember.objects.get_or_create(
            team=locked.team, user=user, defaults={"role": locked.role}
        )
    locked.status = TeamInvite.Status.ACCEPTED if accept else TeamInvite.Status.REJECTED
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    record_activity(locked, f"production.team.invite_{locked.status}", actor=user)
    notify_after_commit(
        locked.invited_by_id,
        NotificationKind.TEAM_UPDATE,
        f"{user.display_name} {'joined' if accept else 'declined to join'} {locked.team.name}",
        link="/production/team/",
        data={"team_id": locked.team_id, "invite_id": locked.pk},
    )
    return locked


@transaction.atomic
def revoke_team_invite(*, invite: TeamInvite, actor: User) -> TeamInvite:
    locked = _locked_invite(invite)
    _ensure_manager(locked.team, actor)
    if locked.status != TeamInvite.Status.PENDING:
        raise Conflict(f"This invitation was already {locked.status}.")
    locked.status = TeamInvite.Status.REVOKED
    locked.save(update_fields=["status"])
    record_activity(locked, "production.team.invite_revoked", actor=actor)
    return locked


@transaction.atomic
def resend_team_invite(*, invite: TeamInvite, actor: User) -> TeamInvite:
    locked = _locked_invite(invite)
    _ensure_manager(locked.team, actor)
    if locked.status != TeamInvite.Status.PENDING:
        raise Conflict(f"This invitation was already {locked.status}.")
    locked.expires_at = timezone.now() + timedelta(days=INVITE_DAYS)
    locked.save(update_fields=["expires_at"])
    record_activity(locked, "production.team.invite_resent", actor=actor)
    _tell_invitee(locked)
    return locked


@dataclass(frozen=True)
class CollaborationText:
    name: str
    content: str
    sha256: str


def collaboration_text(*, team: Team, recipient_name: str) -> CollaborationText:
    """What a member signs: the platform's standard NDA with the company as the disclosing
    party over all of its projects (the text the SPA's modal shows), then the signature
    statement."""
    company = team.owner.company_name or team.owner.display_name
    name, body, _template = nda_text.render_standard(
        recipient_name=recipient_name,
        disclosing_name=company,
        project_name=f"all {company} projects",
    )
    content = f"{body}\n\n{nda_text.SIGNATURE_STATEMENT}"
    return CollaborationText(name, content, nda_text.sha256_text(content))


@transaction.atomic
def sign_team_nda(
    *,
    team: Team,
    user: User,
    agreed: bool,
    name: str,
    address: str = "",
    text_sha256: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
) -> TeamMember:
    """A member signs the team's collaboration NDA once: the exact text (sealed with a random
    reference, as `ndas` seals a signature) and its SHA-256 are kept with the name, time, IP and
    browser. With `text_sha256`, a text changed since the member read it is refused."""
    member = (
        TeamMember.objects.select_for_update()
        .select_related("team__owner")
        .filter(team=team, user=user)
        .first()
    )
    if member is None:
        raise NotFoundError("You are not in this team.")
    if not agreed:
        raise invalid("agreed", "Tick that you agree to the collaboration NDA.")
    full_name = " ".join(name.split())[:200]
    if not full_name:
        raise invalid("name", "Sign with your full name.")
    if member.nda_signed_at is not None:
        raise Conflict("You have already signed this team's NDA.")
    current = collaboration_text(team=member.team, recipient_name=full_name)
    if text_sha256 and text_sha256 != current.sha256:
        raise invalid("text_sha256", "The NDA changed since you opened it; read it again.")
    member.nda_nonce, member.nda_text = nda_text.sealed(current.content)
    member.nda_sha256 = nda_text.sha256_text(member.nda_text)
    member.nda_signed_at = timezone.now()
    member.nda_name = full_name
    member.nda_address = " ".join(address.split())[:500]
    member.nda_ip, member.nda_user_agent = ip_address or None, user_agent[:500]
    member.save(update_fields=[*NDA_FIELDS])
    record_activity(
        member,
        "production.team.nda_signed",
        actor=user,
        ip_address=ip_address,
        data={"team": team.pk, "sha256": member.nda_sha256},
    )
    return member


NDA_FIELDS = (
    "nda_signed_at",
    "nda_name",
    "nda_address",
    "nda_text",
    "nda_sha256",
    "nda_nonce",
    "nda_ip",
    "nda_user_agent",
)


@transaction.atomic
def create_referral(
    *, inviter: User, email: str = "", user_type: str = "", note: str = ""
) -> ReferralInvite:
    """A referral code for another company or a creator, valid for REFERRAL_DAYS days."""
    if user_type and user_type not in ("creator", "investor", "production"):
        raise invalid("user_type", "creator, investor or production.")
    referral = ReferralInvite.objects.create(
        inviter=inviter,
        email=normalise_email(email)[:255],
        user_type=user_type,
        note=note.strip()[:500],
        expires_at=timezone.now() + timedelta(days=REFERRAL_DAYS),
    )
    record_activity(referral, "production.referral.created", actor=inviter)
    if referral.email:
        transaction.on_commit(lambda: tasks.send_referral_email.delay(referral.pk))
    return referral


@transaction.atomic
def redeem_referral(*, code: str, user: User) -> ReferralInvite:
    """Redeem a referral code once, before it expires (not your own). A code made for an
    address works only for the account with that address (compared as accounts normalises
    emails); a code made without one works for anyone."""
    referral = (
        ReferralInvite.objects.select_for_update().filter(code=(code or "").strip().upper()).first()
    )
    if referral is None:
        raise NotFoundError("No invitation has this code.")
    if referral.inviter_id == user.pk:
        raise NotAllowed("You cannot redeem your own invitation.")
    if referral.email and normalise_email(referral.email) != normalise_email(user.email):
        raise NotAllowed(WRONG_ADDRESS)
    if referral.status != ReferralInvite.Status.OPEN:
        raise Conflict("This invitation was already used.")
    if referral.expires_at <= timezone.now():
        raise Conflict("This invitation has expired.")
    referral.status = ReferralInvite.Status.REDEEMED
    referral.redeemed_by = user
    referral.redeemed_at = timezone.now()
    referral.save(update_fields=["status", "redeemed_by", "redeemed_at"])
    record_activity(referral, "production.referral.redeemed", actor=user)
    notify_after_commit(
        referral.inviter_id,
        NotificationKind.REFERRAL_REDEEMED,
        f"{user.display_name} joined with your invitation",
        link="/production/invites/",
        data={"referral_id": referral.pk},
    )
    return referral


def redeem_at_signup(*, user: User, code: str) -> None:
    """The registration hook (`accounts.signup_codes`): redeem a referral code for the new
    account, or refuse the registration with the reason under `inviteCode`."""
    try:
        redeem_referral(code=code, user=user)
    except DomainError as exc:
        raise invalid("invite_code", exc.message) from None
