"""Demo ratings, comments, feedback and reading time, so scores, threads and feedback tabs have
something to show. Idempotent: a pitch that already has comments is left alone."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from pitches.engagement import heat, reputation, scores, services, text
from pitches.engagement.models import PitchComment, PitchConsumption, PitchFeedback
from pitches.models import Pitch

COMMENTS = [
    "The hook lands in the first line. Who do you see directing?",
    "Love the world. How long is the writers' room planned for?",
    "Reminds me of early Ken Loach, in the best way.",
    "Is there a proof-of-concept short?",
]
REPLIES = ["Good question, following this.", "Same here, keen to hear more."]
FEEDBACK = {
    "strengths": ["Distinctive voice", "Clear commercial hook"],
    "weaknesses": ["The second act needs a stronger turn"],
    "suggestions": ["Attach a showrunner with genre credits"],
    "overall": "A confident pitch with a clear audience.",
}


def seed(pitches: list[Pitch], rng: random.Random) -> None:
    """Ratings from the demo backers and a crowd of watchers, a short thread and feedback on the
    first pitches, then the heat and trust tiers those produce."""
    backers = {
        u.email: u
        for u in User.objects.filter(
            email__in=[
                "sarah.investor@demo.com",
                "stellar.production@demo.com",
                "jamie.watcher@demo.com",
            ]
        )
    }
    if not backers or not pitches:
        return
    crowd = _watchers()
    for index, pitch in enumerate(pitches[:16]):
        for rater in [*backers.values(), *crowd[: index % 6]]:
            if rater.pk != pitch.owner_id:
                services.rate_pitch(pitch=pitch, rater=rater, score=rng.randint(5, 10))
        if not PitchComment.objects.filter(pitch=pitch).exists():
            _thread(pitch, list(backers.values()), rng)
    investor = backers.get("sarah.investor@demo.com")
    production = backers.get("stellar.production@demo.com")
    for pitch in pitches[1:4]:
        if investor is not None:
            _feedback(pitch, investor, anonymous=False)
        if production is not None:
            _feedback(pitch, production, anonymous=True)
    if production is not None:
        # long enough on the first pitch to leave feedback there
        _read(pitches[0], production)
    heat.refresh_heat_scores()
    reputation.recompute_reputation()


def _watchers() -> list[User]:
    people = []
    for n in range(1, 6):
        email = f"fan{n}.watcher@demo.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                f"demofan{n}",
                None,
                user_type=User.Type.VIEWER,
                first_name="Fan",
                last_name=str(n),
                email_verified=True,
            )
        people.append(user)
    return people


def _thread(pitch: Pitch, people: list[User], rng: random.Random) -> None:
    now = timezone.now()
    commenters = [p for p in people if p.pk != pitch.owner_id]
    for n, author in enumerate(commenters[:2]):
        body = COMMENTS[(pitch.pk + n) % len(COMMENTS)]
        top = PitchComment.objects.create(
            pitch=pitch,
            author=author,
            author_role=scores.role_of(author),
            body=body,
            body_html=text.comment_html(body),
            is_anonymous=n == 1,
            created_at=now - timedelta(hours=rng.randint(2, 72)),
        )
        reply = REPLIES[n % len(REPLIES)]
        PitchComment.objects.create(
            pitch=pitch,
            author=pitch.owner,
            author_role="creator",
            parent=top,
            body=reply,
            body_html=text.comment_html(reply),
            created_at=top.created_at + timedelta(hours=1),
        )


def _read(pitch: Pitch, viewer: User) -> None:
    PitchConsumption.objects.update_or_create(
        pitch=pitch, viewer=viewer, defaults={"seconds": 90, "last_seen_at": timezone.now()}
    )


def _feedback(pitch: Pitch, author: User, *, anonymous: bool) -> None:
    if pitch.owner_id == author.pk or PitchFeedback.objects.filter(pitch=pitch, author=author):
        return
    _read(pitch, author)
    PitchFeedback.objects.create(
        pitch=pitch,
        author=author,
        author_role=scores.role_of(author),
        is_anonymous=anonymous,
        is_interested=True,
        **FEEDBACK,
    )
