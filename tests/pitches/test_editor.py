"""The editor guides: steps with Back and Next, required fields marked from the start, errors once
beside their fields in plain words, items edited in place, and a publish step that says what is
missing before Publish is pressed."""

from __future__ import annotations

import re

import pytest

from pitches.models import Pitch
from tests.pitches.factories import CharacterFactory, DocumentFactory, PitchFactory

pytestmark = pytest.mark.django_db

INTERNAL = ("short_synopsis", "format_category", "nda_type", "logline:", "This field")


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_every_required_field_is_marked_from_the_start(client, creator):
    client.force_login(creator)
    main = _main(client.get("/creator/pitch/new/").content.decode())
    assert main.count("Required to publish") >= 5  # title, genre, format, logline, synopsis
    assert 'aria-current="step"' in main
    assert "Save and continue" in main


def test_field_errors_show_once_beside_their_field_in_plain_words(client, creator):
    client.force_login(creator)
    response = client.post("/creator/pitch/new/", {"title": "ab", "logline": "x" * 501})
    main = _main(response.content.decode())
    title_field = main.split('for="id_title"', 1)[1].split('class="field', 1)[0]
    assert "The title needs at least 3 characters." in title_field
    assert main.count("The title needs at least 3 characters.") == 1
    assert "at most 500 characters" in main.split('for="id_logline"', 1)[1]
    text = re.sub(r"<[^>]+>", " ", main)
    for word in INTERNAL:
        assert word not in text, word
    assert not Pitch.objects.exists()


def test_every_step_has_back_and_next(client, creator):
    pitch = PitchFactory(owner=creator, status="draft", published_at=None)
    client.force_login(creator)
    for step, back, forward in (
        ("basics", False, "Save and continue"),
        ("story", True, "Save and continue"),
        ("characters", True, "Next: Documents"),
        ("documents", True, "Next: Review &amp; publish"),
        ("publish", True, "Back to my pitches"),
    ):
        main = _main(client.get(f"/creator/pitches/{pitch.pk}/edit/{step}/").content.decode())
        assert forward in main, step
        assert (">Back</a>" in main) == back, step


def test_publish_lists_what_is_missing_before_it_is_pressed(client, creator):
    pitch = Pitch.objects.create(owner=creator, title="Thin", slug="thin-one", logline="Short")
    client.force_login(creator)
    main = _main(client.get(f"/creator/pitches/{pitch.pk}/edit/publish/").content.decode())
    checklist = main.split('id="publish-checklist"', 1)[1].split("</ul>", 1)[0]
    for words in ("Genre", "Format", "Logline (10 to 500 characters)", "Short synopsis"):
        assert f"{words}" in checklist
    assert checklist.count('class="missing"') == 4
    assert 'id="publish-button" type="submit" disabled' in main
    pressed = client.post(f"/creator/pitches/{pitch.pk}/publish/", follow=True)
    text = pressed.content.decode()
    assert "Logline: Must be between 10 and 500 characters." in text
    assert "short_synopsis" not in re.sub(r"<[^>]+>", " ", _main(text))


def test_characters_are_edited_reordered_and_removed_in_place(client, creator):
    pitch = PitchFactory(owner=creator)
    first = CharacterFactory(pitch=pitch, name="Ada", position=0)
    second = CharacterFactory(pitch=pitch, name="Tomas", position=1)
    client.force_login(creator)
    url = f"/creator/pitches/{pitch.pk}/edit/characters/"
    edit = {"item": "character", "op": "update", "id": first.pk, "name": "Ada Lace", "role": "Lead"}
    client.post(url, {**edit, "description": ""})
    client.post(url, {"item": "character", "op": "down", "id": first.pk})
    assert [c.name for c in pitch.characters.order_by("position")] == ["Tomas", "Ada Lace"]
    client.post(url, {"item": "character", "op": "delete", "id": second.pk})
    assert [c.name for c in pitch.characters.all()] == ["Ada Lace"]
    other = PitchFactory()
    stranger = CharacterFactory(pitch=other, name="Not yours")
    response = client.post(url, {"item": "character", "op": "delete", "id": stranger.pk})
    assert response.status_code == 404
    assert other.characters.count() == 1


def test_documents_are_renamed_locked_reordered_and_removed_in_place(client, creator):
    pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
    deck = DocumentFactory(pitch=pitch, title="Deck", position=0)
    script = DocumentFactory(pitch=pitch, title="Script", position=1)
    client.force_login(creator)
    url = f"/creator/pitches/{pitch.pk}/edit/documents/"
    edit = {"item": "document", "op": "update", "id": deck.pk, "title": "Pitch deck"}
    client.post(url, {**edit, "requires_nda": "on"})
    deck.refresh_from_db()
    assert (deck.title, deck.requires_nda) == ("Pitch deck", True)
    client.post(url, {"item": "document", "op": "up", "id": script.pk})
    assert [d.title for d in pitch.documents.all()] == ["Script", "Pitch deck"]
    client.post(url, {"item": "document", "op": "delete", "id": script.pk})
    assert [d.title for d in pitch.documents.all()] == ["Pitch deck"]
