from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from messaging.models import Notification
from pitches.models import Pitch
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_marketplace_page_filters_and_searches(client, creator):
    PitchFactory(owner=creator, title="Glass Orchard", genre="Fantasy")
    PitchFactory(owner=creator, title="Iron Circuit", genre="Action")
    page = client.get("/marketplace/?q=orch").content.decode()
    assert "Glass Orchard" in page
    assert "Iron Circuit" not in page
    page = client.get("/marketplace/?genre=Action").content.decode()
    assert "Iron Circuit" in page
    assert "Glass Orchard" not in page


def test_pitch_page_shows_the_public_view_to_visitors_and_the_full_view_to_the_owner(
    client, creator, published_pitch
):
    published_pitch.long_synopsis = "The hidden ending"
    published_pitch.save()
    page = client.get(f"/pitch/{published_pitch.slug}/").content.decode()
    assert 'id="public-view"' in page
    assert "The hidden ending" not in page
    client.force_login(creator)
    page = client.get(f"/pitch/{published_pitch.pk}/").content.decode()
    assert 'id="full-view"' in page
    assert "The hidden ending" in page


def test_the_editor_walks_through_the_steps_and_publishes(client, creator):
    client.force_login(creator)
    response = client.post(
        "/creator/pitch/new/",
        {
            "title": "Paper Moons",
            "genre": "Drama",
            "format_category": "Film",
            "logline": "A forger of moons falls for the astronomer.",
            "short_synopsis": "A long enough public synopsis about paper moons and love. " * 2,
        },
    )
    pitch = Pitch.objects.get(title="Paper Moons")
    assert response.url == f"/creator/pitches/{pitch.pk}/edit/story/"
    client.post(
        response.url,
        {
            "long_synopsis": "Secret",
            "development_stage": "script",
            "estimated_budget_usd": "90000",
            "require_nda": "on",
        },
    )
    client.post(f"/creator/pitches/{pitch.pk}/edit/characters/", {"name": "Luna", "role": "Forger"})
    client.post(
        f"/creator/pitches/{pitch.pk}/edit/documents/",
        {
            "file": SimpleUploadedFile("s.pdf", b"%PDF-1.4 s"),
            "document_type": "script",
            "requires_nda": "on",
        },
    )
    assert "Publish" in client.get(f"/creator/pitches/{pitch.pk}/edit/publish/").content.decode()
    response = client.post(f"/creator/pitches/{pitch.pk}/publish/")
    pitch.refresh_from_db()
    assert response.url == pitch.get_absolute_url()
    assert (pitch.status, pitch.budget_bracket, pitch.require_nda) == ("published", "micro", True)
    assert pitch.characters.get().name == "Luna"
    assert pitch.documents.get().requires_nda


def test_the_editor_shows_publish_errors(client, creator):
    client.force_login(creator)
    pitch = Pitch.objects.create(owner=creator, title="Thin", slug="thin", logline="")
    response = client.post(f"/creator/pitches/{pitch.pk}/publish/", follow=True)
    assert "Logline" in response.content.decode()
    pitch.refresh_from_db()
    assert pitch.status == "draft"


def test_someone_elses_editor_is_not_found(client, other_creator, published_pitch):
    client.force_login(other_creator)
    assert client.get(f"/creator/pitches/{published_pitch.pk}/edit/").status_code == 404
    assert client.post(f"/creator/pitches/{published_pitch.pk}/archive/").status_code == 404
    published_pitch.refresh_from_db()
    assert published_pitch.status == "published"


def test_manage_and_saved_pages(client, creator, investor, published_pitch):
    client.force_login(creator)
    page = client.get("/creator/pitches/?status=published").content.decode()
    assert published_pitch.title in page
    assert "Published (1)" in page
    client.post(f"/creator/pitches/{published_pitch.pk}/archive/")
    published_pitch.refresh_from_db()
    assert published_pitch.status == "archived"
    client.post(f"/creator/pitches/{published_pitch.pk}/unarchive/")
    client.force_login(investor)
    client.post(f"/pitch/{published_pitch.pk}/save/")
    assert published_pitch.title in client.get("/saved/").content.decode()


def test_pages_need_a_login(client):
    assert client.get("/creator/pitches/").status_code == 302
    assert client.get("/saved/").status_code == 302


def test_demo_data_and_trending_command(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert Pitch.objects.filter(status="published", slug__startswith="demo-").count() == 40
    assert Pitch.objects.filter(require_nda=True, documents__requires_nda=True).exists()
    assert Pitch.objects.filter(trending_score__gt=0).exists()
    call_command("refresh_trending", "--dry-run")


def test_admin_lists_pitches_and_documents(client, staff, published_pitch):
    client.force_login(staff)
    assert client.get("/admin/pitches/pitch/?status__exact=published&q=Pitch").status_code == 200
    assert client.get("/admin/pitches/pitchdocument/").status_code == 200
    asked = client.post(
        "/admin/pitches/pitch/", {"action": "hide", "_selected_action": [published_pitch.pk]}
    )
    assert b"Why hide these pitches?" in asked.content
    published_pitch.refresh_from_db()
    assert published_pitch.status == "published"  # not before a reason is given
    response = client.post(
        "/admin/pitches/pitch/",
        {
            "action": "hide",
            "_selected_action": [published_pitch.pk],
            "apply": "1",
            "reason": "The logline names a real person.",
        },
    )
    assert response.status_code == 302
    published_pitch.refresh_from_db()
    assert published_pitch.status == "hidden"
    told = Notification.objects.get(user=published_pitch.owner, kind="pitch_hidden")
    assert told.body == "The logline names a real person."
    assert published_pitch.title in told.title
    client.post(
        "/admin/pitches/pitch/", {"action": "unhide", "_selected_action": [published_pitch.pk]}
    )
    published_pitch.refresh_from_db()
    assert published_pitch.status == "published"
