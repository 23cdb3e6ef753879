from __future__ import annotations

import pytest

from pitches.models import Character, Pitch
from tests.pitches.factories import CharacterFactory, PitchFactory

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Salt and Iron",
    "genre": "Drama",
    "formatCategory": "Film",
    "formatSubtype": "Feature Film",
    "logline": "A blacksmith's daughter forges a crown for a king she means to topple.",
    "shortSynopsis": "In a kingdom of salt mines and iron debts, a young smith takes a royal "
    "commission. " * 2,
    "longSynopsis": "Everything that happens, including the ending.",
    "developmentStage": "script",
    "estimatedBudgetUsd": "2500000",
    "seekingInvestment": True,
    "visibilitySettings": {"showCharacters": True, "showBudget": False},
    "ndaConfig": {"requireNda": True, "ndaType": "platform"},
    "aiDisclosure": "none",
    "characters": [{"name": "Mara", "role": "Smith"}, {"name": "King Oren", "role": "King"}],
    "creativeAttachments": [
        {"name": "Jo Director", "role": "Director", "imdbLink": "https://imdb.com/x"}
    ],
}


def test_a_creator_creates_a_draft_with_the_wizard_fields(api, creator):
    api.force_authenticate(creator)
    response = api.post("/api/pitches", VALID, format="json")
    assert response.status_code == 201, response.json()
    pitch = response.json()["data"]["pitch"]
    assert pitch["status"] == "draft"
    assert pitch["slug"] == "salt-and-iron"
    assert pitch["budgetBracket"] == "medium"
    assert pitch["requireNda"] is True
    assert pitch["ndaType"] == "platform"
    assert [c["name"] for c in pitch["characters"]] == ["Mara", "King Oren"]
    assert pitch["attachments"][0]["imdbLink"] == "https://imdb.com/x"
    assert pitch["visibilitySettings"]["showCharacters"] is True


def test_creating_with_bad_input_gives_field_errors_and_writes_nothing(api, creator):
    api.force_authenticate(creator)
    bad = {**VALID, "title": "ab", "genre": "Polka", "characters": [{"name": "x" * 51}]}
    response = api.post("/api/pitches", bad, format="json")
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert {"title", "genre", "characters"} <= set(details)
    assert not Pitch.objects.exists()


def test_only_logged_in_creators_create_pitches(api, watcher):
    assert api.post("/api/pitches", VALID, format="json").status_code == 401
    api.force_authenticate(watcher)
    assert api.post("/api/pitches", VALID, format="json").status_code == 403
    assert not Pitch.objects.exists()


def test_the_owner_edits_a_pitch(api, creator, draft_pitch):
    api.force_authenticate(creator)
    response = api.put(
        f"/api/creator/pitches/{draft_pitch.pk}",
        {"logline": "A new logline that is long enough."},
        format="json",
    )
    assert response.status_code == 200
    draft_pitch.refresh_from_db()
    assert draft_pitch.logline == "A new logline that is long enough."
    response = api.put(f"/api/pitches/{draft_pitch.pk}", {"themes": "Loyalty"}, format="json")
    assert response.status_code == 200
    assert response.json()["data"]["pitch"]["themes"] == "Loyalty"


def test_editing_with_bad_input_is_refused(api, creator, draft_pitch):
    api.force_authenticate(creator)
    response = api.put(
        f"/api/creator/pitches/{draft_pitch.pk}",
        {"developmentStage": "nope", "videoUrl": "not a url"},
        format="json",
    )
    assert response.status_code == 400
    assert {"developmentStage", "videoUrl"} <= set(response.json()["error"]["details"])


def test_editing_a_published_pitch_keeps_required_fields(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.put(f"/api/creator/pitches/{published_pitch.pk}", {"logline": ""}, format="json")
    assert response.status_code == 400
    assert "logline" in response.json()["error"]["details"]
    published_pitch.refresh_from_db()
    assert published_pitch.logline


def test_someone_elses_pitch_cannot_be_changed(api, other_creator, published_pitch):
    api.force_authenticate(other_creator)
    before = published_pitch.title
    for method, path in [
        ("put", f"/api/creator/pitches/{published_pitch.pk}"),
        ("put", f"/api/pitches/{published_pitch.pk}"),
        ("delete", f"/api/creator/pitches/{published_pitch.pk}"),
        ("post", f"/api/pitches/{published_pitch.pk}/publish"),
        ("post", f"/api/pitches/{published_pitch.pk}/archive"),
        ("post", f"/api/pitches/{published_pitch.pk}/characters"),
        ("post", f"/api/creator/pitches/{published_pitch.pk}/media"),
    ]:
        response = getattr(api, method)(
            path, {"title": "Mine now", "name": "X", "url": "https://x.io"}, format="json"
        )
        assert response.status_code == 404, (method, path)
    published_pitch.refresh_from_db()
    assert published_pitch.title == before
    assert published_pitch.status == "published"
    assert not published_pitch.characters.exists()


def test_publish_validates_required_fields(api, creator):
    api.force_authenticate(creator)
    pitch = Pitch.objects.create(owner=creator, title="Half done", slug="half-done", logline="")
    response = api.post(f"/api/pitches/{pitch.pk}/publish")
    assert response.status_code == 400
    assert {"logline", "shortSynopsis", "genre", "formatCategory"} <= set(
        response.json()["error"]["details"]
    )
    pitch.refresh_from_db()
    assert pitch.status == "draft"


def test_publish_records_a_content_hash(
    api, creator, draft_pitch, django_capture_on_commit_callbacks
):
    api.force_authenticate(creator)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api.post(f"/api/pitches/{draft_pitch.pk}/publish")
    assert response.status_code == 200
    pitch = response.json()["data"]["pitch"]
    assert pitch["status"] == "published"
    assert len(pitch["contentHash"]) == 64
    assert callbacks  # cache invalidation and the pitch_published hook


def test_archive_unarchive_and_delete(api, creator, published_pitch):
    api.force_authenticate(creator)
    assert (
        api.post(f"/api/pitches/{published_pitch.pk}/archive").json()["data"]["pitch"]["status"]
        == "archived"
    )
    assert api.get("/api/pitches").json()["data"]["total"] == 0
    assert (
        api.post(f"/api/pitches/{published_pitch.pk}/unarchive").json()["data"]["pitch"]["status"]
        == "published"
    )
    assert api.post(f"/api/pitches/{published_pitch.pk}/unarchive").status_code == 400
    deleted = api.delete(f"/api/creator/pitches/{published_pitch.pk}")
    assert deleted.status_code == 200
    assert deleted.json()["success"] is True
    assert deleted.json()["data"] == {"deleted": True, "id": published_pitch.pk}
    assert not Pitch.objects.filter(pk=published_pitch.pk).exists()


def test_manage_list_has_status_tabs_and_counts(api, creator, other_creator):
    PitchFactory.create_batch(2, owner=creator)
    PitchFactory(owner=creator, status="draft")
    PitchFactory(owner=other_creator)
    api.force_authenticate(creator)
    data = api.get("/api/creator/pitches").json()["data"]
    assert data["counts"]["published"] == 2
    assert data["counts"]["draft"] == 1
    assert data["counts"]["all"] == 3
    assert len(data["pitches"]) == 3
    drafts = api.get("/api/creator/pitches?status=draft").json()["data"]
    assert [p["status"] for p in drafts["pitches"]] == ["draft"]
    assert api.get("/api/creator/pitches?status=bogus").status_code == 400


def test_drafts_are_invisible_to_others(api, draft_pitch, investor):
    assert api.get(f"/api/pitches/{draft_pitch.pk}").status_code == 404
    api.force_authenticate(investor)
    assert api.get(f"/api/pitches/{draft_pitch.slug}").status_code == 404


def test_detail_by_id_or_slug_counts_one_view_per_viewer_per_day(api, published_pitch, investor):
    api.force_authenticate(investor)
    assert api.get(f"/api/pitches/{published_pitch.pk}").status_code == 200
    assert api.get(f"/api/pitches/{published_pitch.slug}").status_code == 200
    assert api.get(f"/api/pitches/public/{published_pitch.slug}").status_code == 200
    published_pitch.refresh_from_db()
    assert published_pitch.view_count == 1
    assert api.get("/api/pitches/does-not-exist").status_code == 404


def test_anonymous_views_count_once_per_session(api, published_pitch):
    api.get(f"/api/pitches/{published_pitch.pk}")
    api.get(f"/api/pitches/{published_pitch.pk}")
    published_pitch.refresh_from_db()
    assert published_pitch.view_count == 1


def test_an_anonymous_visitor_is_one_viewer_on_the_page_and_the_api(api, client, published_pitch):
    agent = {"HTTP_USER_AGENT": "same-browser", "REMOTE_ADDR": "203.0.113.9"}
    assert client.get(published_pitch.get_absolute_url(), **agent).status_code == 200
    published_pitch.refresh_from_db()
    assert published_pitch.view_count == 1
    assert api.get(f"/api/pitches/{published_pitch.pk}", **agent).status_code == 200
    assert client.get(published_pitch.get_absolute_url(), **agent).status_code == 200
    published_pitch.refresh_from_db()
    assert published_pitch.view_count == 1


# --- characters -------------------------------------------------------------------------------


def test_characters_crud_and_reorder(api, creator, draft_pitch):
    api.force_authenticate(creator)
    url = f"/api/pitches/{draft_pitch.pk}/characters"
    ids = [
        api.post(url, {"name": n, "role": "r"}, format="json").json()["data"]["character"]["id"]
        for n in "ABC"
    ]
    response = api.put(f"{url}/{ids[0]}", {"description": "Brave"}, format="json")
    assert response.json()["data"]["character"]["description"] == "Brave"
    response = api.post(f"{url}/reorder", {"characterIds": [ids[2], ids[0], ids[1]]}, format="json")
    assert [c["name"] for c in response.json()["data"]["characters"]] == ["C", "A", "B"]
    removed = api.delete(f"{url}/{ids[1]}")
    assert removed.status_code == 200
    assert removed.json()["success"] is True
    assert [c["name"] for c in api.get(url).json()["data"]["characters"]] == ["C", "A"]


def test_character_bad_input(api, creator, draft_pitch):
    api.force_authenticate(creator)
    url = f"/api/pitches/{draft_pitch.pk}/characters"
    assert api.post(url, {"name": "", "description": "x" * 1001}, format="json").status_code == 400
    a = CharacterFactory(pitch=draft_pitch)
    response = api.post(f"{url}/reorder", {"characterIds": [a.pk, a.pk]}, format="json")
    assert response.status_code == 400
    assert "characterIds" in response.json()["error"]["details"]


def test_someone_elses_characters_are_untouchable(api, other_creator, published_pitch):
    character = CharacterFactory(pitch=published_pitch, name="Kept")
    api.force_authenticate(other_creator)
    url = f"/api/pitches/{published_pitch.pk}/characters/{character.pk}"
    assert api.put(url, {"name": "Stolen"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    assert Character.objects.get(pk=character.pk).name == "Kept"


def test_hidden_characters_are_not_listed_to_the_public(api, published_pitch):
    CharacterFactory(pitch=published_pitch, name="Secret")
    data = api.get(f"/api/pitches/{published_pitch.pk}/characters").json()["data"]
    assert data == {"characters": [], "restricted": True}


def test_video_link_media(api, creator, published_pitch):
    api.force_authenticate(creator)
    url = f"/api/creator/pitches/{published_pitch.pk}/media"
    assert api.post(url, {"url": "not-a-url"}, format="json").status_code == 400
    response = api.post(url, {"url": "https://vimeo.com/1", "caption": "Teaser"}, format="json")
    assert response.status_code == 201
    assert response.json()["data"]["media"]["kind"] == "video_link"


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ({"genre": "action"}, {"genre": "Action"}),
        ({"genre": "scifi"}, {"genre": "Science Fiction"}),
        ({"genre": "SCIENCE-FICTION"}, {"genre": "Science Fiction"}),
        ({"genre": "coming of age"}, {"genre": "Coming of Age"}),
        (
            {"formatCategory": "film", "formatSubtype": "feature film"},
            {"format_subtype": "Feature Film"},
        ),
        ({"format": "feature"}, {"format": "Feature Film"}),
        ({"format": "webseries"}, {"format": "Web Series"}),
        ({"format": "A radio play"}, {"format": "A radio play"}),
        ({"formatCategory": "television - SCRIPTED"}, {"format_category": "Television - Scripted"}),
        ({"developmentStage": "SCRIPT"}, {"development_stage": "script"}),
        ({"developmentStage": "Semi-packaged"}, {"development_stage": "semi_packaged"}),
    ],
)
def test_the_spa_lowercased_values_are_accepted_and_stored_as_listed(api, creator, sent, stored):
    api.force_authenticate(creator)
    response = api.post("/api/pitches", {**VALID, **sent}, format="json")
    assert response.status_code == 201, response.json()
    pitch = Pitch.objects.get(pk=response.json()["data"]["pitch"]["id"])
    for field, value in stored.items():
        assert getattr(pitch, field) == value


def test_an_unknown_genre_or_stage_is_a_field_error(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.put(
        f"/api/creator/pitches/{published_pitch.pk}",
        {"genre": "polka", "developmentStage": "rumour"},
        format="json",
    )
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert "Action" in details["genre"][0]
    assert "script" in details["developmentStage"][0]
    published_pitch.refresh_from_db()
    assert published_pitch.genre != "polka"


def test_the_marketplace_filters_by_the_spa_spellings(api, creator):
    PitchFactory(owner=creator, genre="Science Fiction", development_stage="script")
    PitchFactory(owner=creator, genre="Drama", development_stage="pitch")
    data = api.get("/api/pitches/public?genre=scifi&stage=SCRIPT").json()["data"]
    assert [p["genre"] for p in data["pitches"]] == ["Science Fiction"]


def test_deleting_someone_elses_pitch_is_a_404_and_deletes_nothing(
    api, other_creator, published_pitch
):
    api.force_authenticate(other_creator)
    response = api.delete(f"/api/creator/pitches/{published_pitch.pk}")
    assert response.status_code == 404
    assert response.json()["success"] is False
    assert Pitch.objects.filter(pk=published_pitch.pk).exists()
