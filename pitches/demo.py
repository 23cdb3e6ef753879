"""Demo marketplace: about 40 published pitches across genres and formats, with characters and
documents (some behind an NDA). Idempotent: pitches are keyed by slug."""

from __future__ import annotations

import io
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from pitches import config, services
from pitches.engagement import demo as engagement_demo
from pitches.models import Character, Pitch, PitchDocument, PitchSeal
from pitchey.storage import save_file, sha256_of, unguessable_key

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

EXTRA_CREATORS = [
    ("maya.creator@demo.com", "mayacreator", "Maya", "Okafor"),
    ("leo.creator@demo.com", "leocreator", "Leo", "Marchetti"),
]
ADJECTIVES = [
    "Last",
    "Silent",
    "Broken",
    "Golden",
    "Hidden",
    "Burning",
    "Frozen",
    "Electric",
    "Midnight",
    "Distant",
]
NOUNS = ["Frontier", "Harbour", "Signal", "Orchard", "Kingdom", "Circuit", "Lighthouse", "Archive"]
CHARACTER_NAMES = ["Ada", "Tomas", "Rhea", "Jonah", "Ines", "Kwame", "Mirela", "Sol"]


LOGLINES = [
    "A lighthouse keeper on a dying island discovers the sea is returning what it took.",
    "Two rival chefs must run one kitchen for a season to save the town they both left.",
    "A retired forger is blackmailed into faking the one painting that ruined her life.",
    "When the last video shop in the valley closes, its regulars stage one final heist.",
    "A teenage radio host starts receiving calls from listeners who died decades ago.",
    "An estranged father and son drive a borrowed hearse across the country to a funeral.",
    "A small-town midwife uncovers a pattern of births that no one else wants counted.",
    "The crew of a salvage ship finds a lifeboat still broadcasting a distress call from 1962.",
    "A stand-up comic with stage fright inherits a circus that has one week left to live.",
    "A translator at a peace summit realises one delegate is lying in every language.",
    "Three sisters reopen their late mother's dance hall and find her second family.",
    "A beekeeper turned detective follows a trail of poisoned hives to the mayor's office.",
    "An android nanny raises twins on a colony ship that forgot where it was going.",
    "A disgraced referee takes a job coaching the worst youth football team in Wales.",
]


def _creators() -> list[User]:
    creators = list(User.objects.filter(email="alex.creator@demo.com"))
    for email, username, first, last in EXTRA_CREATORS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                username,
                settings.DEMO_PASSWORD,
                user_type=User.Type.CREATOR,
                first_name=first,
                last_name=last,
                email_verified=True,
            )
        creators.append(user)
    return creators


def _pdf(text: str) -> io.BytesIO:
    return io.BytesIO(f"%PDF-1.4\n% {text}\n%%EOF\n".encode())


def _document(pitch: Pitch, kind: str, requires_nda: bool) -> None:
    data = _pdf(f"{pitch.title} {kind}")
    key = save_file(unguessable_key(f"pitches/{pitch.pk}/documents", f"{kind}.pdf"), data)
    PitchDocument.objects.create(
        pitch=pitch,
        uploaded_by=pitch.owner,
        document_type=kind,
        title=f"{pitch.title} - {kind}",
        original_name=f"{kind}.pdf",
        storage_key=key,
        size=len(data.getvalue()),
        content_type="application/pdf",
        sha256=sha256_of(data),
        requires_nda=requires_nda,
    )


def seed(demo: DemoData) -> None:
    """The demo marketplace: 40 pitches by the demo creators, created once."""
    demo.pitches = create_pitches()


def create_pitches(count: int = 40) -> list[Pitch]:
    """Create the demo pitches that do not exist yet; returns all demo pitches."""
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    creators = _creators()
    if not creators:
        return []
    formats = list(config.FORMAT_CATEGORIES.items())
    now = timezone.now()
    pitches = []
    for i in range(count):
        title = f"The {ADJECTIVES[i % len(ADJECTIVES)]} {NOUNS[(i * 3) % len(NOUNS)]}"
        slug = f"demo-{i + 1}"
        existing = Pitch.objects.filter(slug=slug).first()
        if existing is not None:
            pitches.append(existing)
            continue
        genre = config.GENRES[i % (len(config.GENRES) - 1)]
        category, subtypes = formats[i % len(formats)]
        budget = rng.choice([80_000, 750_000, 3_000_000, 12_000_000, 45_000_000])
        nda = i % 3 == 0
        pitch = Pitch.objects.create(
            owner=creators[i % len(creators)],
            slug=slug,
            title=title,
            genre=genre,
            format_category=category,
            format_subtype=subtypes[0],
            format=subtypes[0],
            logline=LOGLINES[i % len(LOGLINES)],
            short_synopsis=(
                f"{title} is a {genre.lower()} {subtypes[0].lower()} about people who refuse to "
                "give up on each other. Across one turbulent season, a family, a town and a "
                "secret collide, and nothing will be the same again. " * 2
            ).strip(),
            long_synopsis=f"The full story of {title}, act by act, with its ending revealed.",
            themes="Belonging, courage, second chances.",
            development_stage=config.STAGE_KEYS[i % len(config.STAGE_KEYS) - 1],
            estimated_budget_usd=budget,
            estimated_budget=f"${budget:,}",
            budget_bracket=config.bracket_for(budget),
            seeking_investment=i % 2 == 0,
            require_nda=nda,
            nda_type="platform" if nda else "none",
            visibility_settings={
                "show_short_synopsis": True,
                "show_characters": i % 4 == 1,
                "show_budget": i % 5 == 0,
                "show_media": True,
                "show_creator_name": True,
            },
            status=Pitch.Status.PUBLISHED,
            published_at=now - timedelta(days=i, hours=i),
            view_count=rng.randint(5, 900),
            like_count=rng.randint(0, 120),
        )
        Character.objects.bulk_create(
            Character(
                pitch=pitch,
                name=CHARACTER_NAMES[(i + n) % len(CHARACTER_NAMES)],
                role=["Protagonist", "Antagonist", "Mentor"][n],
                description="Carries a secret that changes everything.",
                position=n,
            )
            for n in range(3)
        )
        _document(pitch, "treatment", requires_nda=False)
        _document(pitch, "script", requires_nda=nda)
        pitch.content_hash = services.content_hash_of(pitch)
        pitch.save(update_fields=["content_hash"])
        PitchSeal.objects.get_or_create(
            pitch=pitch,
            content_hash=pitch.content_hash,
            defaults={
                "title": pitch.title,
                "creator_name": pitch.owner.display_name,
                "sealed_at": pitch.published_at or now,
            },
        )
        pitches.append(pitch)
    _engagement(pitches, rng)
    engagement_demo.seed(pitches, rng)
    return pitches


def _engagement(pitches: list[Pitch], rng: random.Random) -> None:
    """Recent likes, saves and views from the demo backers, so the trending tab has a story."""
    backers = list(
        User.objects.filter(
            email__in=[
                "sarah.investor@demo.com",
                "jamie.watcher@demo.com",
                "stellar.production@demo.com",
            ]
        )
    )
    for pitch in rng.sample(pitches, k=min(12, len(pitches))):
        for backer in backers:
            services.record_view(pitch=pitch, user=backer, session_key="")
            if rng.random() < 0.5:
                services.like_pitch(pitch=pitch, user=backer)
            if rng.random() < 0.3:
                services.save_pitch(pitch=pitch, user=backer)
