"""GDPR erasure in production: the person's private workspace goes (calendar and its feed,
notes, checklists and project teams), what they wrote to others follows the rule of messages
(the row stays so the other side keeps its history, the text goes: meeting messages and notes,
submission messages and notes, review feedback, collaboration requests, invitation notes, open
calls), their company's verification keeps its decision but not the company's details or
document, invitations addressed to their email lose the address, and their teams keep their
members (and those members' signed team NDAs, which are evidence) under a neutral name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q

from production.models import (
    CalendarEvent,
    CalendarFeed,
    Collaboration,
    CompanyVerification,
    Meeting,
    OpenCall,
    PitchReview,
    ProductionNote,
    ProjectCollaborator,
    ProjectSheet,
    ReferralInvite,
    Submission,
    Team,
    TeamInvite,
)

if TYPE_CHECKING:
    from accounts.models import User


def _naming(markers: Sequence[str], *fields: str) -> Q:
    found = Q(pk__in=[])
    for marker in markers:
        for field in fields:
            found |= Q(**{f"{field}__icontains": marker})
    return found


def _forget_documents(keys: list[str]) -> None:
    for key in keys:
        default_storage.delete(key)


@transaction.atomic
def erase_person(*, user: User, markers: Sequence[str] = ()) -> dict[str, int]:
    """`markers` (the person's names, email, username) find other people's calendar entries
    that name them (a meeting's event in the other party's calendar)."""
    private = CalendarEvent.objects.filter(owner=user).delete()[0]
    private += CalendarFeed.objects.filter(user=user).delete()[0]
    private += ProductionNote.objects.filter(Q(author=user) | Q(company=user)).delete()[0]
    private += ProjectSheet.objects.filter(company=user).delete()[0]
    erased_email = f"deleted-{user.pk}@deleted.invalid"
    CalendarEvent.objects.filter(_naming(markers, "title", "description", "location")).update(
        title="Meeting", description="", location=""
    )
    words = Meeting.objects.filter(requester=user).update(message="")
    # Who wrote a meeting's note (a reason to decline, cancel or move) is not recorded.
    words += Meeting.objects.filter(Q(requester=user) | Q(creator=user)).update(note="")
    words += Submission.objects.filter(creator=user).update(message="")
    words += Submission.objects.filter(company=user).update(notes="")
    words += PitchReview.objects.filter(company=user).update(feedback="")
    words += Collaboration.objects.filter(requester=user).update(message="")
    words += OpenCall.objects.filter(company=user).update(
        title="Closed call", description="", status=OpenCall.Status.CLOSED
    )
    verifications = CompanyVerification.objects.filter(company=user)
    documents = [key for key in verifications.values_list("document_key", flat=True) if key]
    erased_verifications = verifications.update(
        company_name="",
        registration_number="",
        website="",
        document_key="",
        document_name="",
        document_type="",
        checks=[],
        reason="",
    )
    if documents:
        transaction.on_commit(lambda: _forget_documents(documents))
    Team.objects.filter(owner=user).update(
        name="Former member's team", description="", join_code=None
    )
    pending = TeamInvite.Status.PENDING
    TeamInvite.objects.filter(invited_by=user, status=pending).update(
        status=TeamInvite.Status.REVOKED
    )
    TeamInvite.objects.filter(invited_by=user).update(message="")
    invites = TeamInvite.objects.filter(email__iexact=user.email).update(
        email=erased_email, message="", status=TeamInvite.Status.REVOKED
    )
    ReferralInvite.objects.filter(inviter=user, status=ReferralInvite.Status.OPEN).update(
        status=ReferralInvite.Status.REVOKED
    )
    ReferralInvite.objects.filter(inviter=user).update(note="")
    invites += ReferralInvite.objects.filter(email__iexact=user.email).update(email="", note="")
    invites += ProjectCollaborator.objects.filter(
        Q(user=user) | Q(email__iexact=user.email)
    ).update(email=erased_email, token_sha256="", status=ProjectCollaborator.Status.REVOKED)
    return {
        "private": private,
        "words": words,
        "verifications": erased_verifications,
        "invitations": invites,
    }
