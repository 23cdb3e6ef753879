"""The protection rule across every channel: a marker planted in each protected field and
document of an NDA pitch never reaches someone without a live grant."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from pitches import services
from pitches.models import CreativeAttachment, PitchMedia
from tests.pitches.factories import CharacterFactory, PitchFactory

pytestmark = pytest.mark.django_db

MARK = "ZQXMARKER"
SYNOPSIS_MARK = "SYNTAILMARK"
BUDGET = "987654321"
PROTECTED_TEXT_FIELDS = [
    "long_synopsis",
    "themes",
    "world_description",
    "tone_and_style",
    "comps",
    "story_breakdown",
    "why_now",
    "target_audience",
    "production_location",
    "production_timeline",
    "video_password",
    "custom_nda_text",
    "estimated_budget",
]


@pytest.fixture
def secret_pitch(creator):
    fields = {name: f"{MARK}-{name}" for name in PROTECTED_TEXT_FIELDS}
    pitch = PitchFactory(
        owner=creator,
        title="Harbour of Whispers",
        logline="A harbour town keeps a secret that the sea wants back.",
        short_synopsis=("Public opening of the harbour story. " * 10)[:320] + SYNOPSIS_MARK,
        require_nda=True,
        nda_type="platform",
        estimated_budget_usd=f"{BUDGET}.00",
        budget_bracket="tentpole",
        video_url=f"https://video.example/{MARK}",
        title_image=f"https://img.example/{MARK}.png",
        visibility_settings={
            "show_short_synopsis": True,
            "show_characters": False,
            "show_budget": False,
            "show_media": False,
            "show_creator_name": True,
        },
        **fields,
    )
    CharacterFactory(pitch=pitch, name=f"{MARK}ch"[:50], description=f"{MARK} secret past")
    CreativeAttachment.objects.create(pitch=pitch, name="Director", bio=f"{MARK} bio")
    PitchMedia.objects.create(
        pitch=pitch, kind="video_link", url=f"https://v.example/{MARK}", caption=MARK
    )
    for kind, nda in (("script", True), ("treatment", True), ("deck", True)):
        services.upload_document(
            pitch=pitch,
            actor=creator,
            fileobj=io.BytesIO(f"%PDF-1.4 {MARK} {kind} body".encode()),
            name=f"{MARK}-{kind}.pdf",
            size=40,
            document_type=kind,
            requires_nda=nda,
            # Titles of locked documents are public on purpose (the page lists what an NDA
            # opens); their bytes are what must not leak.
            title=f"Confidential {kind}",
        )
    services.upload_document(
        pitch=pitch,
        actor=creator,
        fileobj=io.BytesIO(b"%PDF-1.4 public one-pager"),
        name="one-pager.pdf",
        size=25,
        document_type="other",
        requires_nda=False,
        title="One pager",
    )
    return pitch


def _responses(client: APIClient, pitch, *, save: bool) -> list[str]:
    """Every channel's response body for `client`, with document downloads followed."""
    paths = [
        f"/api/pitches/{pitch.pk}",
        f"/api/pitches/{pitch.slug}",
        f"/api/pitches/public/{pitch.pk}",
        "/api/pitches",
        "/api/pitches?search=harbour",
        "/api/pitches/public",
        "/api/pitches/public/trending",
        "/api/pitches/public/search?q=harbour",
        "/api/browse",
        "/api/browse?tab=trending",
        "/api/browse?genre=Drama",
        "/api/browse/top-rated",
        "/api/browse/genres",
        "/api/search?q=harb",
        f"/api/search?q={MARK}",
        f"/api/pitches/{pitch.pk}/characters",
        f"/api/pitches/{pitch.pk}/documents",
        "/api/config/all",
        f"/pitch/{pitch.slug}/",
        "/marketplace/?q=harbour",
    ]
    if save:
        client.post(f"/api/pitches/{pitch.pk}/save")
        paths += ["/api/saved-pitches", "/saved/"]
    bodies = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        bodies.append(response.content.decode())
    for document in pitch.documents.all():
        response = client.get(f"/api/pitches/{pitch.pk}/documents/{document.pk}/download")
        bodies.append(response.content.decode())
        if response.status_code == 302:
            served = client.get(urlparse(response["Location"]).path)
            bodies.append(b"".join(served.streaming_content).decode())
    return bodies


def _leaks(bodies: list[str], marker: str) -> bool:
    return any(marker in body for body in bodies)


@pytest.mark.parametrize("persona", ["anonymous", "watcher", "investor"])
def test_no_channel_leaks_protected_material_without_a_grant(persona, secret_pitch, request):
    client = APIClient()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    bodies = _responses(client, secret_pitch, save=persona != "anonymous")
    assert not _leaks(bodies, MARK)
    assert not _leaks(bodies, BUDGET)
    # The public part is there: title and the truncated synopsis.
    assert _leaks(bodies, "Harbour of Whispers")
    if persona in ("anonymous", "watcher"):
        assert not _leaks(bodies, SYNOPSIS_MARK)


def test_a_live_grant_shows_everything_and_revoking_or_expiry_hides_it_again(
    secret_pitch, investor
):
    client = APIClient()
    client.force_login(investor)
    grant = services.grant_access(user=investor, pitch=secret_pitch, source="nda", source_id=1)
    bodies = _responses(client, secret_pitch, save=True)
    for name in PROTECTED_TEXT_FIELDS:
        assert _leaks(bodies, f"{MARK}-{name}"), name
    assert _leaks(bodies, f"{MARK} treatment body")  # the NDA-only file's bytes
    assert _leaks(bodies, BUDGET)

    services.revoke_access(user=investor, pitch=secret_pitch, source="nda", source_id=1)
    assert not _leaks(_responses(client, secret_pitch, save=True), MARK)

    services.grant_access(
        user=investor,
        pitch=secret_pitch,
        source="nda",
        source_id=2,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert _leaks(_responses(client, secret_pitch, save=True), MARK)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert not _leaks(_responses(client, secret_pitch, save=True), MARK)
    assert grant.pk


def test_the_owner_and_staff_see_everything(secret_pitch, creator, staff):
    for user in (creator, staff):
        client = APIClient()
        client.force_login(user)
        body = client.get(f"/api/pitches/{secret_pitch.pk}").content.decode()
        assert f"{MARK}-long_synopsis" in body
        assert "Confidential treatment" in body


def test_a_document_uploaded_without_requires_an_nda_is_public_whatever_its_kind(creator, watcher):
    pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
    services.upload_document(
        pitch=pitch,
        actor=creator,
        fileobj=io.BytesIO(b"%PDF-1.4 open script"),
        name="script.pdf",
        size=20,
        document_type="script",
        requires_nda=False,
        title="Open script",
    )
    client = APIClient()
    client.force_login(watcher)
    listed = client.get(f"/api/pitches/{pitch.pk}/documents").content.decode()
    assert "Open script" in listed
    page = client.get(f"/pitch/{pitch.slug}/").content.decode()
    assert "Open script</a>" in page
