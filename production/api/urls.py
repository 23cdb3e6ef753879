from django.urls import path

from production.api import views_calendar as cal
from production.api import views_calls as calls
from production.api import views_collaborators as collab
from production.api import views_deals as deals
from production.api import views_reviews as reviews
from production.api import views_slate as slate
from production.api import views_submissions as submissions
from production.api import views_team_roles as team_roles
from production.api import views_teams as teams
from production.api import views_verification as verification
from production.api import views_workspace as workspace

app_name = "production-api"

urlpatterns = [
    path(
        "production/verification-status",
        verification.VerificationStatusApi.as_view(),
        name="verification-status",
    ),
    path("production/verify", verification.VerifyApi.as_view(), name="verify"),
    path(
        "production/verify/upload-insurance",
        verification.UploadInsuranceApi.as_view(),
        name="verify-upload",
    ),
    path(
        "production/verify/companies-house/search",
        verification.CompanySearchApi.as_view(),
        name="company-search",
    ),
    path("production/review-queue", reviews.ReviewQueueApi.as_view(), name="review-queue"),
    path("production/reviews", reviews.ReviewListApi.as_view(), name="reviews"),
    path("production/reviews/<int:review_id>", reviews.ReviewDetailApi.as_view(), name="review"),
    path("creator/reviews", reviews.ReceivedReviewsApi.as_view(), name="creator-reviews"),
    path("production/submissions", submissions.SubmissionBoardApi.as_view(), name="submissions"),
    path(
        "production/submissions/bulk",
        submissions.SubmissionBulkMoveApi.as_view(),
        name="submissions-bulk",
    ),
    path(
        "production/submissions/<int:pitch_id>",
        submissions.SubmissionMoveApi.as_view(),
        name="submission",
    ),
    path("calls", calls.CallListApi.as_view(), name="calls"),
    path("calls/mine", calls.MyCallsApi.as_view(), name="calls-mine"),
    path("calls/submissions/mine", submissions.MySubmissionsApi.as_view(), name="my-submissions"),
    path(
        "calls/submissions/<int:submission_id>",
        calls.CallSubmissionDetailApi.as_view(),
        name="call-submission",
    ),
    path("calls/<int:call_id>", calls.CallDetailApi.as_view(), name="call"),
    path(
        "calls/<int:call_id>/submissions",
        calls.CallSubmissionsApi.as_view(),
        name="call-submissions",
    ),
    # the production view of a pitch (PR6)
    path(
        "production/pitches/<int:pitch_id>/notes",
        workspace.PitchNotesApi.as_view(),
        name="pitch-notes",
    ),
    path(
        "production/pitches/<int:pitch_id>/notes/<int:note_id>",
        workspace.PitchNoteApi.as_view(),
        name="pitch-note",
    ),
    path(
        "production/pitches/<int:pitch_id>/notes/<int:note_id>/share",
        workspace.PitchNoteShareApi.as_view(),
        name="pitch-note-share",
    ),
    path(
        "production/pitches/<int:pitch_id>/checklist",
        workspace.PitchChecklistApi.as_view(),
        name="pitch-checklist",
    ),
    path(
        "production/pitches/<int:pitch_id>/team",
        workspace.PitchTeamApi.as_view(),
        name="pitch-team",
    ),
    path(
        "production/pitches/<int:pitch_id>/collaborators",
        workspace.PitchCollaboratorsApi.as_view(),
        name="pitch-collaborators",
    ),
    path("collaborations", workspace.CollaborationListApi.as_view(), name="collaborations"),
    path(
        "collaborations/<int:collaboration_id>",
        workspace.CollaborationDetailApi.as_view(),
        name="collaboration",
    ),
    path(
        "collaborations/<int:collaboration_id>/status",
        workspace.CollaborationStatusApi.as_view(),
        name="collaboration-status",
    ),
    path(
        "collaborations/<int:collaboration_id>/timeline",
        workspace.CollaborationTimelineApi.as_view(),
        name="collaboration-timeline",
    ),
    # project collaborators (PR7)
    path(
        "projects/<int:project_id>/collaborators",
        collab.ProjectCollaboratorsApi.as_view(),
        name="project-collaborators",
    ),
    path(
        "projects/<int:project_id>/collaborators/invite",
        collab.ProjectInviteApi.as_view(),
        name="project-invite",
    ),
    path(
        "projects/<int:project_id>/collaborators/<int:collaborator_id>",
        collab.ProjectCollaboratorApi.as_view(),
        name="project-collaborator",
    ),
    path(
        "projects/<int:project_id>/collaborators/<int:collaborator_id>/resend",
        collab.ProjectCollaboratorResendApi.as_view(),
        name="project-collaborator-resend",
    ),
    path("collaborate/accept", collab.AcceptInviteApi.as_view(), name="collaborate-accept"),
    path("my/collaborations", collab.MyCollaborationsApi.as_view(), name="my-collaborations"),
    path(
        "my/collaborations/<int:project_id>",
        collab.MyCollaborationApi.as_view(),
        name="my-collaboration",
    ),
    path(
        "my/collaborations/<int:project_id>/activity",
        collab.MyCollaborationActivityApi.as_view(),
        name="my-collaboration-activity",
    ),
    path(
        "my/collaborations/<int:project_id>/checklist",
        collab.MyCollaborationChecklistApi.as_view(),
        name="my-collaboration-checklist",
    ),
    path(
        "my/collaborations/<int:project_id>/checklist/<str:item_id>",
        collab.MyCollaborationChecklistItemApi.as_view(),
        name="my-collaboration-checklist-item",
    ),
    path(
        "my/collaborations/<int:project_id>/notes",
        collab.MyCollaborationNotesApi.as_view(),
        name="my-collaboration-notes",
    ),
    path(
        "production/team/collaborators",
        collab.CompanyCollaboratorsApi.as_view(),
        name="company-collaborators",
    ),
    # teams and invites (PR8, PR9)
    path("teams", teams.TeamListApi.as_view(), name="teams"),
    path("teams/join", teams.TeamJoinApi.as_view(), name="team-join"),
    path("teams/invites", teams.TeamInvitesApi.as_view(), name="team-invites"),
    path(
        "teams/invites/<int:invite_id>",
        teams.TeamInviteDetailApi.as_view(),
        name="team-invite",
    ),
    path(
        "teams/invites/<int:invite_id>/accept",
        teams.TeamInviteAnswerApi.as_view(accept=True),
        name="team-invite-accept",
    ),
    path(
        "teams/invites/<int:invite_id>/reject",
        teams.TeamInviteAnswerApi.as_view(accept=False),
        name="team-invite-reject",
    ),
    path(
        "teams/invites/<int:invite_id>/resend",
        teams.TeamInviteResendApi.as_view(),
        name="team-invite-resend",
    ),
    path("teams/<int:team_id>", teams.TeamDetailApi.as_view(), name="team"),
    path("teams/<int:team_id>/code", teams.TeamCodeApi.as_view(), name="team-code"),
    path(
        "teams/<int:team_id>/generate-code",
        teams.TeamGenerateCodeApi.as_view(),
        name="team-generate-code",
    ),
    path("teams/<int:team_id>/invite", teams.TeamInviteApi.as_view(), name="team-invite-send"),
    path("teams/<int:team_id>/members", teams.TeamMembersApi.as_view(), name="team-members"),
    path(
        "teams/<int:team_id>/members/<int:member_id>",
        teams.TeamMemberApi.as_view(),
        name="team-member",
    ),
    path("teams/<int:team_id>/roles", team_roles.TeamRolesApi.as_view(), name="team-roles"),
    path(
        "teams/<int:team_id>/roles/<str:role>",
        team_roles.TeamRoleApi.as_view(),
        name="team-role",
    ),
    path(
        "teams/<int:team_id>/collaboration-nda/document",
        teams.TeamNdaDocumentApi.as_view(),
        name="team-nda-document",
    ),
    path(
        "teams/<int:team_id>/collaboration-nda/members",
        teams.TeamNdaMembersApi.as_view(),
        name="team-nda-members",
    ),
    path(
        "teams/<int:team_id>/collaboration-nda/sign",
        teams.TeamNdaSignApi.as_view(),
        name="team-nda-sign",
    ),
    path("invites", teams.ReferralListApi.as_view(), name="referrals"),
    path("invites/<str:code>", teams.ReferralDetailApi.as_view(), name="referral"),
    path("invites/<str:code>/redeem", teams.ReferralRedeemApi.as_view(), name="referral-redeem"),
    # calendar and meetings (X13)
    path("calendar", cal.CalendarApi.as_view(), name="calendar"),
    path("calendar/events", cal.CalendarApi.as_view(), name="calendar-events"),
    path("calendar/events/<int:event_id>", cal.CalendarEventApi.as_view(), name="calendar-event"),
    path("calendar/feed", cal.CalendarFeedApi.as_view(), name="calendar-feed"),
    path("creator/calendar", cal.CalendarApi.as_view(), name="creator-calendar"),
    path("creator/calendar/events", cal.CalendarApi.as_view(), name="creator-calendar-events"),
    path("production/calendar", cal.CalendarApi.as_view(), name="production-calendar"),
    path("meetings", cal.MeetingListApi.as_view(), name="meetings"),
    path("meetings/schedule", cal.MeetingScheduleApi.as_view(), name="meeting-schedule"),
    path(
        "meetings/<int:meeting_id>/accept",
        cal.MeetingAnswerApi.as_view(action="accept"),
        name="meeting-accept",
    ),
    path(
        "meetings/<int:meeting_id>/decline",
        cal.MeetingAnswerApi.as_view(action="decline"),
        name="meeting-decline",
    ),
    path(
        "meetings/<int:meeting_id>/propose",
        cal.MeetingAnswerApi.as_view(action="propose"),
        name="meeting-propose",
    ),
    path(
        "meetings/<int:meeting_id>/cancel",
        cal.MeetingAnswerApi.as_view(action="cancel"),
        name="meeting-cancel",
    ),
    # slate and saved pitches (PR1, PR11)
    path("production/slate", slate.SlateApi.as_view(), name="slate"),
    path("production/saved-pitches", slate.SavedPitchesApi.as_view(), name="saved-pitches"),
    # production deals (PR4) on the shared deal model
    path("production/deals", deals.ProductionDealsApi.as_view(), name="deals"),
    path(
        "production/deals/<int:deal_id>/contract",
        deals.ProductionDealContractApi.as_view(),
        name="deal-contract",
    ),
    path(
        "production/deals/<int:deal_id>/outcome",
        deals.ProductionDealOutcomeApi.as_view(),
        name="deal-outcome",
    ),
]
