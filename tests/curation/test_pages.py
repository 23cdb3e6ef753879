"""Curation pages: the creator's slates, portfolio and share links; public slate and portfolio
pages; the compare page; link previews."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from curation import services
from curation.models import SavedComparison, ShareLink, SlatePitch
from pitches.engagement import services as engagement
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_creator_builds_a_slate_and_shares_it_from_the_pages(creator):
    pitches = [PitchFactory(owner=creator, title=f"Mine {n}") for n in range(2)]
    client = client_for(creator)
    response = client.post("/creator/slates/", {"title": "Market slate", "status": "published"})
    slate_url = response["Location"]
    slate_id = int(slate_url.strip("/").split("/")[-1])
    for pitch in pitches:
        client.post(f"/creator/slates/{slate_id}/add/", {"pitch_id": pitch.pk})
    client.post(f"/creator/slates/{slate_id}/up/", {"pitch_id": pitches[1].pk})
    order = list(SlatePitch.objects.filter(slate_id=slate_id).values_list("pitch_id", flat=True))
    assert order == [pitches[1].pk, pitches[0].pk]
    client.post(f"/creator/slates/{slate_id}/link/", {"label": "Agents", "expires_in_days": "30"})
    link = ShareLink.objects.get()
    page = client.get(slate_url).content.decode()
    assert link.get_absolute_url() in page
    assert "Mine 1" in page
    visitor = client_for().get(link.get_absolute_url()).content.decode()
    assert "Market slate" in visitor
    assert "Mine 0" in visitor
    client.post(f"/creator/share-links/{link.pk}/revoke/")
    assert client_for().get(link.get_absolute_url()).status_code == 404


def test_creator_pages_refuse_other_portals_and_other_creators(creator, other_creator, investor):
    slate = services.create_slate(owner=creator, fields={"title": "Private"})
    assert client_for(investor).get("/creator/slates/").status_code == 403
    assert client_for(other_creator).get(f"/creator/slates/{slate.pk}/").status_code == 404
    response = client_for(other_creator).post(f"/creator/slates/{slate.pk}/delete/")
    assert response.status_code == 404
    assert client_for().get("/creator/portfolio/").status_code == 302


def test_portfolio_pages_and_link(creator):
    PitchFactory(owner=creator, title="Shown")
    PitchFactory(owner=creator, title="Hidden draft", status="draft", published_at=None)
    client = client_for(creator)
    client.post("/creator/portfolio/", {"label": "Festival"})
    link = ShareLink.objects.get(kind="portfolio")
    for page in (
        client_for().get(link.get_absolute_url()),
        client_for().get(f"/portfolio/{creator.pk}/"),
    ):
        text = page.content.decode()
        assert "Shown" in text
        assert "Hidden draft" not in text
        assert 'property="og:title"' in text


def test_compare_page_saves_and_shares(investor, creator):
    a, b = PitchFactory(owner=creator, title="Alpha"), PitchFactory(owner=creator, title="Beta")
    client = client_for(investor)
    page = client.get(f"/compare/?type=pitch&ids={a.pk},{b.pk}").content.decode()
    assert "Alpha" in page
    assert "Beta" in page
    client.post("/compare/", {"type": "pitch", "ids": f"{a.pk},{b.pk}", "title": "A vs B"})
    saved = SavedComparison.objects.get()
    shared = client_for().get(saved.get_absolute_url()).content.decode()
    assert "A vs B" in shared
    assert "Alpha" in shared
    assert client_for().get("/compare/").status_code == 302


def test_pitch_page_carries_open_graph_and_twitter_tags(published_pitch):
    page = client_for().get(published_pitch.get_absolute_url()).content.decode()
    assert f'content="http://testserver/og/pitch/{published_pitch.pk}.png"' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'<meta property="og:title" content="{published_pitch.title}">' in page


def test_the_preview_image_is_a_card_redrawn_after_an_edit(published_pitch, draft_pitch, investor):
    first = client_for().get(f"/og/pitch/{published_pitch.pk}.png")
    assert first["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(first.content)).size == (1200, 630)
    assert (
        client_for().get(f"/og/pitch/{published_pitch.pk}.png").content == first.content
    )  # cached
    engagement.rate_pitch(pitch=published_pitch, rater=investor, score=9)
    published_pitch.title = "A New Title"
    published_pitch.save()
    assert client_for().get(f"/og/pitch/{published_pitch.pk}.png").content != first.content
    assert client_for().get(f"/og/pitch/{draft_pitch.pk}.png").status_code == 404
