"""The pitch page tells the truth: labels not keys, nothing about NDAs where there is none, what
an NDA would open, what a watcher can do; and a cover image that is resized and re-encoded."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ndas.models import NdaRequest
from pitches import services
from pitchey.errors import DomainError
from tests.pitches.factories import DocumentFactory, PitchFactory

pytestmark = pytest.mark.django_db

SHOWN = {
    "show_budget": True,
    "show_characters": True,
    "show_short_synopsis": True,
    "show_creator_name": True,
}


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_budget_stage_and_seeking_investment_show_as_words(client, investor, creator):
    pitch = PitchFactory(
        owner=creator,
        budget_bracket="medium",
        development_stage="semi_packaged",
        seeking_investment=True,
        visibility_settings=SHOWN,
    )
    client.force_login(investor)
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert "$1M\u2013$5M" in main
    assert ">medium<" not in main
    assert "Semi-packaged" in main
    assert "semi_packaged" not in main
    assert "Seeking investment" in main


def test_a_pitch_without_an_nda_says_nothing_about_ndas(client, investor, creator):
    pitch = PitchFactory(owner=creator, require_nda=False, nda_type="none")
    DocumentFactory(pitch=pitch, title="Series bible", requires_nda=True)
    for viewer in (None, investor):
        if viewer:
            client.force_login(viewer)
        main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
        assert "NDA" not in main
        assert "nda-panel" not in main
        assert "Series bible" not in main


def test_public_documents_download_and_locked_ones_are_named_without_a_link(
    client, investor, creator
):
    pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
    DocumentFactory(pitch=pitch, title="One-page summary", requires_nda=False)
    DocumentFactory(pitch=pitch, title="Shooting script", document_type="script", requires_nda=True)
    client.force_login(investor)
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert "One-page summary</a>" in main
    locked = main.split('class="document-locked"', 1)[1]
    assert "Shooting script" in locked
    assert "Script · opens with an approved NDA" in locked
    assert "Shooting script</a>" not in main
    assert 'id="request-access"' in main


def test_a_watcher_is_told_what_their_role_can_do_and_cannot_request_an_nda(
    client, watcher, creator
):
    pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
    client.force_login(watcher)
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert 'id="request-access"' not in main
    assert "Watchers follow, like and save pitches" in main
    response = client.post(
        f"/pitches/{pitch.pk}/request-access/", {"full_name": "Wanda Watcher", "consent": "on"}
    )
    assert response.status_code in (200, 403)
    assert not NdaRequest.objects.filter(requester=watcher).exists()


def test_backers_can_like_save_follow_and_message_the_creator(client, investor, creator):
    pitch = PitchFactory(owner=creator, visibility_settings=SHOWN)
    client.force_login(investor)
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert f'href="/messages/?to={creator.username}"' in main
    assert f'action="/pitch/{pitch.pk}/like/"' in main
    assert "Follow this pitch" in main
    client.post(f"/pitch/{pitch.pk}/like/")
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert 'aria-pressed="true"' in main


def test_the_owner_sees_edit_and_numbers_not_like_or_message(client, creator):
    pitch = PitchFactory(owner=creator)
    client.force_login(creator)
    main = _main(client.get(f"/pitch/{pitch.slug}/").content.decode())
    assert "Edit pitch" in main
    assert "Message the creator" not in main
    assert f'action="/pitch/{pitch.pk}/like/"' not in main


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def test_a_cover_image_is_resized_re_encoded_and_shown_on_cards_and_the_page(client, creator):
    pitch = PitchFactory(owner=creator)
    client.force_login(creator)
    upload = SimpleUploadedFile("cover.png", _png(2400, 1600), content_type="image/png")
    client.post(
        f"/creator/pitches/{pitch.pk}/edit/documents/",
        {"item": "poster", "op": "set", "poster": upload},
    )
    pitch.refresh_from_db()
    assert pitch.poster_key.endswith(".jpg")
    with default_storage.open(pitch.poster_key, "rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1200
    page = client.get(f"/pitch/{pitch.slug}/").content.decode()
    assert 'alt="Cover image of' in page
    assert "/files/" in client.get("/marketplace/").content.decode().split("pitch-cover")[1][:400]


def test_a_cover_that_is_not_an_image_is_refused_by_its_bytes(creator):
    pitch = PitchFactory(owner=creator)
    fake = io.BytesIO(b"%PDF-1.4 not a picture")
    with pytest.raises(DomainError, match="not accepted"):
        services.set_poster(pitch=pitch, actor=creator, upload=fake, name="cover.png", size=22)
    pitch.refresh_from_db()
    assert pitch.poster_key == ""
