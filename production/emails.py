"""The production app's emails, sent by workers after commit (each re-reads its row and sends
nothing when it no longer applies)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from production.models import ReferralInvite, TeamInvite


def _name(user: object) -> str:
    return str(getattr(user, "company_name", "") or getattr(user, "display_name", ""))


def send_team_invite(*, invite_id: int) -> bool:
    """Email a live team invitation to an address that has no account yet."""
    invite = TeamInvite.objects.for_display().filter(pk=invite_id).first()
    if invite is None or not invite.is_live:
        return False
    inviter = _name(invite.invited_by)
    send_mail(
        f"{inviter} invites you to the team {invite.team.name} on Pitchey",
        f"Hello,\n\n{inviter} invites you to join the team {invite.team.name} as {invite.role}."
        f"\n\nCreate your Pitchey account with this address ({invite.email}) and accept the "
        f"invitation from your team page:\n\n{settings.FRONTEND_URL}/team\n\n"
        f"The invitation expires on {invite.expires_at:%d %b %Y}.",
        None,
        [invite.email],
    )
    return True


def send_referral(*, referral_id: int) -> bool:
    """Email an open referral code to the address it was made for."""
    referral = ReferralInvite.objects.select_related("inviter").filter(pk=referral_id).first()
    if referral is None or not referral.email or not referral.is_live:
        return False
    inviter = _name(referral.inviter)
    send_mail(
        f"{inviter} invites you to Pitchey",
        f"Hello,\n\n{inviter} invites you to join Pitchey, where creators pitch their projects "
        f"to production companies and investors.\n\nSign up with this link (it works once):\n\n"
        f"{settings.FRONTEND_URL}/invite/{referral.code}\n\n"
        f"The invitation expires on {referral.expires_at:%d %b %Y}.",
        None,
        [referral.email],
    )
    return True
