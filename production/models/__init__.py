"""The production app's tables, one module per concern."""

from production.models.calendar import CalendarEvent, CalendarFeed, Meeting
from production.models.company import CompanyVerification
from production.models.pipeline import OpenCall, Submission
from production.models.review import PitchReview
from production.models.teams import ReferralInvite, Team, TeamInvite, TeamMember
from production.models.workspace import (
    Collaboration,
    ProductionNote,
    ProjectCollaborator,
    ProjectSheet,
)

__all__ = [
    "CalendarEvent",
    "CalendarFeed",
    "Collaboration",
    "CompanyVerification",
    "Meeting",
    "OpenCall",
    "PitchReview",
    "ProductionNote",
    "ProjectCollaborator",
    "ProjectSheet",
    "ReferralInvite",
    "Submission",
    "Team",
    "TeamInvite",
    "TeamMember",
]
