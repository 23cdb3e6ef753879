"""What a person leaves behind on Pitchey, for the GDPR tests: every table that can hold their
words, their identifiers or their IP gets a row through the services (or, where a service
needs a long setup, the model), each free text carrying their surname so that the erasure
scan finds whatever erasure forgot."""

from __future__ import annotations

import io
from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from accounts.services.files import store_user_file
from billing import services as billing_services
from billing.providers.sandbox import SandboxProvider
from content import services as content_services
from curation import services as curation_services
from investments import services as investment_services
from messaging import services as messaging_services
from ndas import services as nda_services
from ndas.models import NdaRequest
from ndas.services import templates as nda_templates
from pitches.engagement import services as engagement
from pitches.models import Pitch
from pitches.models.search import SavedSearch, SearchHistory
from pitches.services import info as info_services
from pitches.services import reactions
from pitches.services.provenance import seal
from production.models import PitchReview, Submission
from production.services import calendar, calls, collaborators, teams, verification, workspace
from staff.models import Flag
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

IP = "198.51.100.77"
EMAIL = "zelda.erase@example.com"
MARKERS = [EMAIL, "zelda_erase", "Quixotic", "+44 7700 900123", IP]
# Kept on purpose, with the reason in docs/GDPR.md: the signature records of agreements (NDA
# requests, team NDAs, deal signatures) name the signer, with the IP and browser they signed
# from; they are the evidence of what was agreed (art. 17(3)(e)).
EVIDENCE = {
    "nda_requests.signer_name",
    "nda_requests.signer_ip",
    "nda_requests.signer_user_agent",
    "nda_requests.signed_text",
    "production_team_members.nda_name",
    "production_team_members.nda_text",
    "production_team_members.nda_ip",
    "production_team_members.nda_user_agent",
    "deal_signatures.full_name",
    "deal_signatures.ip_address",
    "deal_signatures.user_agent",
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def live_a_little(zelda: User, other: User) -> list[str]:
    """What every kind of user does, then what their kind does; returns identifiers beyond
    MARKERS that their kind wrote (a company's registration number and website)."""
    client = browser_client()
    client.defaults["REMOTE_ADDR"] = IP
    log_in(client, zelda)
    assert (
        client.put("/api/user/profile", {"bio": "Quixotic bio"}, format="json").status_code == 200
    )
    pitch = PitchFactory(owner=other, status=Pitch.Status.PUBLISHED)
    engagement.post_comment(pitch=pitch, author=zelda, body="Quixotic thoughts")
    conversation = messaging_services.start_conversation(creator=zelda, recipient_ids=[other.pk])
    messaging_services.send_message(
        sender=zelda, conversation=conversation, content="From Zelda Quixotic"
    )
    billing_services.grant_credits(user=zelda, amount=7, reason="Goodwill", actor=None)
    content_services.send_contact_message(
        kind="general",
        email=zelda.email,
        subject="About my account",
        message="Zelda Quixotic writing",
        name="Zelda Quixotic",
        sender=zelda,
        ip_address=IP,
    )
    content_services.record_client_error(
        source="error_log", report={"message": "zelda_erase saw a crash"}, user=zelda, ip_address=IP
    )
    SearchHistory.objects.create(user=zelda, query="Quixotic windmills", normalized="quixotic")
    SavedSearch.objects.create(owner=zelda, name="Quixotic picks", search_query="Quixotic")
    client.post(
        "/api/reports",
        {"targetType": "pitch", "targetId": str(pitch.pk), "reason": "spam",
         "details": "zelda.erase@example.com says so"},
        format="json",
    )  # fmt: skip
    Flag.objects.update(notes="Zelda Quixotic reports often", resolution_note="Told Quixotic")
    _leave_traces_elsewhere(zelda, other)
    reactions.save_pitch(pitch=pitch, user=zelda, notes="Quixotic watchlist note")
    calendar.create_event(
        owner=zelda,
        title="Quixotic lunch",
        start=timezone.now() + timedelta(days=3),
        description="With Zelda Quixotic's agent",
        location="Quixotic cafe",
    )
    calendar.feed_for(zelda)
    curation_services.create_share_link(owner=zelda, label="Quixotic portfolio")
    # Someone else invites the person by address: the invitations hold their email.
    company = UserFactory(user_type="production", company_name="Inviting Pictures")
    own_pitch = PitchFactory(owner=UserFactory(user_type="creator"), status="published")
    team = teams.create_team(owner=company, name="Inviting team")
    teams.invite_to_team(team=team, actor=company, email=EMAIL)
    teams.create_referral(inviter=company, email=EMAIL, note="For Zelda Quixotic")
    collaborators.invite_collaborator(company=company, pitch=own_pitch, email=EMAIL)
    return LIVES[zelda.user_type](zelda, other, pitch)


def _leave_traces_elsewhere(zelda: User, other: User) -> None:
    """Files, a titled conversation, the billing sandbox's customer, a staff member's admin
    change and moderation note about the person."""
    store_user_file(owner=zelda, fileobj=io.BytesIO(PDF), name="quixotic-cv.pdf", size=len(PDF))
    messaging_services.start_conversation(
        creator=zelda,
        recipient_ids=[other.pk, UserFactory(user_type="creator").pk],
        title="Quixotic circle",
    )
    SandboxProvider().ensure_customer(zelda)
    LogEntry.objects.create(
        user=other,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(zelda.pk),
        object_repr=str(zelda),
        action_flag=CHANGE,
        change_message="Checked Zelda Quixotic's profile",
    )


def _live_as_creator(zelda: User, other: User, pitch: Pitch) -> list[str]:
    mine = PitchFactory(owner=zelda, status=Pitch.Status.PUBLISHED, title="A tale of windmills")
    seal(pitch=mine, creator_name=zelda.display_name)
    investor = UserFactory(user_type="investor")
    company = UserFactory(user_type="production")
    asked = info_services.request_info(
        pitch=mine, requester=investor, message="Send the budget", categories=["budget"]
    )
    info_services.respond_to_info_request(
        info_request=asked, actor=zelda, response="Quixotic budget attached"
    )
    nda_templates.create_template(
        owner=zelda, fields={"name": "Quixotic NDA", "content": "Terms by Zelda Quixotic " * 5}
    )
    workspace.request_collaboration(requester=company, pitch=mine, message="Work with us")
    workspace_submission = Submission.objects.create(
        company=company, pitch=mine, creator=zelda, message="Quixotic submission"
    )
    assert workspace_submission.pk
    curation_services.create_slate(
        owner=zelda, fields={"title": "Quixotic slate", "description": "Zelda Quixotic's best"}
    )
    deal = investment_services.propose_deal(
        pitch=mine, proposer=investor, deal_type="investment", amount="5000"
    )
    investment_services.post_deal_message(deal=deal, author=zelda, body="Quixotic counter talk")
    investment_services.decline_deal(deal=deal, actor=zelda, reason="Quixotic no")
    meeting = calendar.request_meeting(
        requester=company, creator=zelda, times=[timezone.now() + timedelta(days=5)]
    )
    calendar.decline_meeting(meeting=meeting, actor=zelda, reason="Quixotic is busy")
    return []


def _sign_nda(zelda: User, pitch: Pitch) -> NdaRequest:
    return nda_services.request_nda(
        pitch=pitch,
        requester=zelda,
        full_name="Zelda Quixotic",
        consent=True,
        message="Quixotic would like to read it",
        company_info={"name": "Quixotic Capital", "email": EMAIL},
        ip_address=IP,
        user_agent="Quixotic browser",
    )


def _live_as_investor(zelda: User, other: User, pitch: Pitch) -> list[str]:
    investment_services.record_investment(
        investor=zelda, pitch=pitch, amount="1000", notes="Quixotic position"
    )
    deal = investment_services.propose_deal(
        pitch=pitch, proposer=zelda, deal_type="investment", amount="5000"
    )
    investment_services.post_deal_message(deal=deal, author=zelda, body="Quixotic offer talk")
    investment_services.withdraw_deal(deal=deal, actor=zelda, reason="Quixotic withdrew")
    investment_services.save_thesis(
        investor=zelda, fields={"summary": "Quixotic thesis", "themes": ["quixotic quests"]}
    )
    investment_services.save_preferences(investor=zelda, values={"motto": "Quixotic always"})
    investment_services.add_note(author=zelda, pitch=pitch, content="Quixotic research")
    investment_services.save_diligence(
        investor=zelda, pitch=pitch, items=[{"label": "Quixotic check"}]
    )
    investment_services.allocate_budget(
        investor=zelda, category="Quixotic fund", allocated_amount="100"
    )
    info_services.request_info(
        pitch=pitch, requester=zelda, message="Quixotic question", categories=["budget"]
    )
    _sign_nda(zelda, pitch)
    calendar.request_meeting(
        requester=zelda,
        creator=other,
        times=[timezone.now() + timedelta(days=5)],
        message="Quixotic coffee?",
    )
    curation_services.save_comparison(
        owner=zelda,
        title="Quixotic comparison",
        kind="pitch",
        subject_ids=[pitch.pk, PitchFactory(status="published").pk],
    )
    return []


def _live_as_production(zelda: User, other: User, pitch: Pitch) -> list[str]:
    User.objects.filter(pk=zelda.pk).update(company_verified=True)
    verification.submit_verification(
        company=zelda,
        company_name="Quixotic Films Ltd",
        region="UK",
        registration_number="09876543",
        website="https://quixotic-films.example",
    )
    verification.attach_document(
        company=zelda, fileobj=io.BytesIO(PDF), name="quixotic-insurance.pdf", size=len(PDF)
    )
    calls.create_call(
        company=zelda,
        fields={
            "title": "Quixotic call",
            "description": "Zelda Quixotic seeks",
            "deadline": timezone.now() + timedelta(days=30),
        },
    )
    nda = _sign_nda(zelda, pitch)
    assert nda.pk
    PitchReview.objects.create(
        company=zelda, pitch=pitch, status="passed", rating=4, feedback="Quixotic review"
    )
    workspace.add_note(company=zelda, pitch=pitch, author=zelda, content="Quixotic note")
    workspace.save_checklist(company=zelda, pitch=pitch, items=[{"label": "Quixotic check"}])
    workspace.save_project_team(
        company=zelda, pitch=pitch, members=[{"name": "Quixotic crew", "role": "DP"}]
    )
    workspace.request_collaboration(requester=zelda, pitch=pitch, message="Quixotic together")
    team = teams.create_team(owner=zelda, name="Quixotic team", description="Zelda Quixotic's")
    teams.invite_to_team(team=team, actor=zelda, email="friend@example.com")
    teams.create_referral(inviter=zelda, email="pal@example.com", note="Quixotic referral")
    collaborators.invite_collaborator(company=zelda, pitch=pitch, email="collab@example.com")
    Submission.objects.create(
        company=zelda, pitch=pitch, creator=other, notes="Quixotic submission notes"
    )
    deal = investment_services.propose_deal(pitch=pitch, proposer=zelda, deal_type="option")
    investment_services.post_deal_message(deal=deal, author=zelda, body="Quixotic option talk")
    calendar.request_meeting(
        requester=zelda,
        creator=other,
        times=[timezone.now() + timedelta(days=5)],
        message="Quixotic meeting",
    )
    return ["09876543", "quixotic-films.example"]


LIVES = {
    "creator": _live_as_creator,
    "investor": _live_as_investor,
    "production": _live_as_production,
}
