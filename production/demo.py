"""Demo production data: Stellar Productions is a verified company with three pitches in its
review queue, an open call with two submissions, a team of two and a meeting with Alex, the
demo creator. Idempotent: each part is made only when it is missing."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from ndas import services as nda_services
from ndas.models import NdaRequest
from pitches.models import Pitch
from production import selectors, services
from production.models import (
    Meeting,
    OpenCall,
    Submission,
    Team,
    TeamMember,
)

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

COMPANY = "stellar.production@demo.com"
CREATOR = "alex.creator@demo.com"
STAFF = "admin@demo.com"
TEAMMATE = ("maya.stellar@demo.com", "mayastellar", "Maya", "Okafor")
QUEUE = 3
CALL_TITLE = "Contemporary thrillers and dramas"


def seed(demo: DemoData) -> None:
    company = User.objects.filter(email=COMPANY).first()
    creator = User.objects.filter(email=CREATOR).first()
    staff = User.objects.filter(email=STAFF, is_staff=True).first()
    if company is None or creator is None:
        return
    if staff is not None:
        _verify(company, staff)
    _fill_queue(company)
    _open_call(company, creator)
    _team(company)
    _meeting(company, creator)
    demo.counts["production_queue"] = selectors.queue_size(company)
    demo.counts["open_calls"] = OpenCall.objects.filter(company=company).count()


def _verify(company: User, staff: User) -> None:
    if company.company_verified:
        return
    verification = services.submit_verification(
        company=company,
        company_name="Stellar Productions Ltd",
        region="UK",
        registration_number="09876543",
        website="https://demo.com",
    )
    services.approve_verification(verification=verification, actor=staff, reason="Demo company")
    company.refresh_from_db()


def _fill_queue(company: User) -> None:
    """Signed NDAs on other creators' published pitches until three await review."""
    candidates = (
        Pitch.objects.published()
        .exclude(owner=company)
        .exclude(nda_requests__requester=company)
        .select_related("owner")
        .order_by("-view_count", "id")
    )
    for pitch in candidates:
        if selectors.queue_size(company) >= QUEUE:
            break
        request = nda_services.request_nda(
            pitch=pitch,
            requester=company,
            full_name=company.display_name,
            consent=True,
            message="Reviewing for our development slate.",
            company_info={"company_name": company.company_name},
            ip_address="127.0.0.1",
            user_agent="demo-data",
        )
        if request.status == NdaRequest.Status.PENDING:
            nda_services.approve_nda(nda_request=request, actor=pitch.owner)


def _open_call(company: User, creator: User) -> None:
    call = OpenCall.objects.filter(company=company, title=CALL_TITLE).first()
    if call is None:
        call = services.create_call(
            company=company,
            fields={
                "title": CALL_TITLE,
                "description": "Character-led thrillers and dramas, feature or limited series, "
                "ready to package this year.",
                "genres": ["Thriller", "Drama"],
                "deadline": timezone.now() + timedelta(days=60),
                "quota": 20,
            },
        )
    taken = set(Submission.objects.filter(company=company).values_list("pitch_id", flat=True))
    mine = Pitch.objects.published().filter(owner=creator).exclude(pk__in=taken).order_by("id")
    for pitch in mine[: max(0, 2 - call.submissions.count())]:
        services.submit_to_call(
            creator=creator, call=call, pitch=pitch, message="A fit for your slate, I think."
        )


def _team(company: User) -> None:
    team = Team.objects.filter(owner=company).first() or services.create_team(
        owner=company, name="Stellar Development", description="Our development executives."
    )
    email, username, first, last = TEAMMATE
    mate = User.objects.filter(email=email).first()
    if mate is None:
        mate = User(email=email, username=username, user_type=User.Type.PRODUCTION)
        mate.first_name, mate.last_name = first, last
        mate.company_name = company.company_name
        mate.email_verified = True
        mate.email_verified_at = timezone.now()
        mate.set_password(settings.DEMO_PASSWORD)
        mate.save()
    membership, _ = TeamMember.objects.get_or_create(
        team=team, user=mate, defaults={"role": TeamMember.Role.EDITOR}
    )
    if membership.nda_signed_at is None:
        services.sign_team_nda(
            team=team,
            user=mate,
            agreed=True,
            name=mate.display_name,
            address="London, United Kingdom",
            ip_address="127.0.0.1",
            user_agent="demo-data",
        )
    if not team.code_is_live:
        services.rotate_join_code(team=team, actor=company)


def _meeting(company: User, creator: User) -> None:
    if Meeting.objects.filter(requester=company, creator=creator).exists():
        return
    pitch = Pitch.objects.published().filter(owner=creator).order_by("id").first()
    start = (timezone.now() + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = services.request_meeting(
        requester=company,
        creator=creator,
        pitch=pitch,
        times=[start, start + timedelta(days=1)],
        meeting_type="video",
        duration=45,
        message="We would love to talk about packaging and financing.",
    )
    services.accept_meeting(meeting=meeting, actor=creator)
