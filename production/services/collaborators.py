"""Project collaborators (PR7): the company invites someone by email to one project with a
single-use token that expires; accepting it gives scoped access to that project only."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind
from pitchey.errors import Conflict, NotAllowed
from production.models import ProjectCollaborator
from production.models.workspace import token_hash
from production.services.common import ensure_company, invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

INVITE_DAYS = 7


def _send(row: ProjectCollaborator, token: str, company: User, pitch: Pitch) -> None:
    """Email the link (and notify the invitee in the app when they have an account)."""
    name = company.company_name or company.display_name
    link = f"{settings.SITE_URL.rstrip('/')}/collaborate/accept/?token={token}"
    transaction.on_commit(
        lambda: send_mail(
            f"{name} invites you to collaborate on “{pitch.title}”",
            f"Accept within {INVITE_DAYS} days: {link}\n\nThe link works once.",
            None,
            [row.email],
        )
    )
    existing = get_user_model().objects.filter(email__iexact=row.email, is_active=True).first()
    if existing is not None:
        notify_after_commit(
            existing.pk,
            NotificationKind.PROJECT_INVITE,
            f"{name} invites you to collaborate on “{pitch.title}”",
            link="/my/collaborations/",
            data={"collaborator_id": row.pk, "pitch_id": pitch.pk},
        )


def _fresh_token(row: ProjectCollaborator) -> str:
    token = secrets.token_urlsafe(32)
    row.token_sha256 = token_hash(token)
    row.expires_at = timezone.now() + timedelta(days=INVITE_DAYS)
    return token


@transaction.atomic
def invite_collaborator(
    *, company: User, pitch: Pitch, email: str, role: str = "viewer"
) -> ProjectCollaborator:
    """Invite `email` to the company's project on `pitch` (once while pending or active)."""
    ensure_company(company)
    email = email.strip().lower()
    if role not in ProjectCollaborator.Role.values:
        raise invalid("role", "viewer or editor.")
    if email == company.email.lower():
        raise invalid("email", "You are already on your own project.")
    row = ProjectCollaborator(company=company, pitch=pitch, email=email, role=role)
    token = _fresh_token(row)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise Conflict("This person is already invited to the project.") from None
    record_activity(row, "production.collaborator.invited", actor=company, data={"email": email})
    _send(row, token, company, pitch)
    return row


@transaction.atomic
def resend_invite(*, collaborator: ProjectCollaborator, actor: User) -> ProjectCollaborator:
    """A new link (the old one stops working) and a new expiry for a pending invitation."""
    if collaborator.company_id != actor.pk:
        raise NotAllowed("Only the inviting company can resend it.")
    row = (
        ProjectCollaborator.objects.select_for_update()
        .select_related("pitch")
        .get(pk=collaborator.pk)
    )
    if row.status != ProjectCollaborator.Status.PENDING:
        raise Conflict("Only a pending invitation can be sent again.")
    token = _fresh_token(row)
    row.save(update_fields=["token_sha256", "expires_at"])
    record_activity(row, "production.collaborator.resent", actor=actor)
    _send(row, token, actor, row.pitch)
    return row


@transaction.atomic
def accept_invite(*, user: User, token: str) -> ProjectCollaborator:
    """Accept an invitation sent to the user's email: the token works once, until it expires."""
    row = (
        ProjectCollaborator.objects.select_for_update()
        .filter(token_sha256=token_hash(token or ""), status=ProjectCollaborator.Status.PENDING)
        .first()
    )
    if row is None or not token:
        # A token is input, not an address: a wrong or used one is a 400 on `token`.
        raise invalid("token", "This invitation link is not valid (or was already used).")
    if row.expires_at <= timezone.now():
        raise Conflict("This invitation has expired; ask for a new one.")
    if row.email.lower() != user.email.lower():
        raise NotAllowed("This invitation was sent to another email address.")
    row.status = ProjectCollaborator.Status.ACTIVE
    row.user = user
    row.accepted_at = timezone.now()
    row.token_sha256 = ""
    row.save(update_fields=["status", "user", "accepted_at", "token_sha256"])
    record_activity(row, "production.collaborator.accepted", actor=user)
    notify_after_commit(
        row.company_id,
        NotificationKind.PROJECT_INVITE,
        f"{user.display_name} joined your project",
        link=f"/production/pitch/{row.pitch_id}/",
        data={"collaborator_id": row.pk, "pitch_id": row.pitch_id},
    )
    return row


@transaction.atomic
def update_collaborator(
    *, collaborator: ProjectCollaborator, actor: User, role: str
) -> ProjectCollaborator:
    if collaborator.company_id != actor.pk:
        raise NotAllowed("Only the inviting company can change this.")
    if role not in ProjectCollaborator.Role.values:
        raise invalid("role", "viewer or editor.")
    collaborator.role = role
    collaborator.save(update_fields=["role"])
    record_activity(collaborator, "production.collaborator.role", actor=actor, data={"role": role})
    return collaborator


@transaction.atomic
def remove_collaborator(*, collaborator: ProjectCollaborator, actor: User) -> None:
    """Take someone off the project: their access and any pending link end at once."""
    if collaborator.company_id != actor.pk:
        raise NotAllowed("Only the inviting company can remove a collaborator.")
    collaborator.status = ProjectCollaborator.Status.REVOKED
    collaborator.token_sha256 = ""
    collaborator.save(update_fields=["status", "token_sha256"])
    record_activity(collaborator, "production.collaborator.removed", actor=actor)
