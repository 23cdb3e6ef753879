"""What the access export (GDPR art. 15) holds from production: the company's verification,
calls, reviews, workspace, teams and invitations, and anyone's calendar, meetings, submissions
and collaboration requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from production.models import (
    CalendarEvent,
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
    TeamMember,
)

if TYPE_CHECKING:
    from accounts.models import User


def personal_data(user: User) -> dict[str, Any]:
    email = Q(email__iexact=user.email)
    return {
        "company_verifications": list(
            CompanyVerification.objects.filter(company=user).values(
                "company_name",
                "region",
                "registration_number",
                "website",
                "document_name",
                "status",
                "reason",
                "submitted_at",
            )
        ),
        "open_calls": list(
            OpenCall.objects.filter(company=user).values(
                "id", "title", "description", "status", "deadline"
            )
        ),
        "reviews_given": list(
            PitchReview.objects.filter(company=user).values(
                "pitch_id", "status", "rating", "feedback", "created_at"
            )
        ),
        "production_notes": list(
            ProductionNote.objects.filter(Q(author=user) | Q(company=user)).values(
                "pitch_id", "content", "category", "created_at"
            )
        ),
        "project_sheets": list(
            ProjectSheet.objects.filter(company=user).values("pitch_id", "checklist", "team")
        ),
        "submissions": list(
            Submission.objects.filter(Q(creator=user) | Q(company=user)).values(
                "id", "pitch_id", "company_id", "creator_id", "status", "message", "notes"
            )
        ),
        "calendar": list(
            CalendarEvent.objects.filter(owner=user).values(
                "title", "description", "location", "event_type", "start", "end"
            )
        ),
        "meetings": list(
            Meeting.objects.filter(Q(requester=user) | Q(creator=user)).values(
                "id", "requester_id", "creator_id", "pitch_id", "status", "message", "note"
            )
        ),
        "collaborations": list(
            Collaboration.objects.filter(Q(requester=user) | Q(collaborator=user)).values(
                "pitch_id", "role", "message", "status"
            )
        ),
        "teams_owned": list(Team.objects.filter(owner=user).values("id", "name", "description")),
        "team_memberships": list(
            TeamMember.objects.filter(user=user).values(
                "team_id", "role", "nda_name", "nda_address", "nda_ip"
            )
        ),
        "team_invites": list(
            TeamInvite.objects.filter(Q(invited_by=user) | email).values(
                "team_id", "email", "message", "status", "created_at"
            )
        ),
        "referrals": list(
            ReferralInvite.objects.filter(Q(inviter=user) | Q(redeemed_by=user) | email).values(
                "email", "user_type", "note", "status"
            )
        ),
        "project_collaborators": list(
            ProjectCollaborator.objects.filter(Q(company=user) | Q(user=user) | email).values(
                "pitch_id", "email", "role", "status"
            )
        ),
    }
