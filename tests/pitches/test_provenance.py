"""Provenance: publishing seals the pitch's content hash, each edit of a published pitch seals
the new one, every sealed hash stays verifiable (API and public page), and a published pitch
has a certificate."""

from __future__ import annotations

import pytest

from pitches import services
from pitches.models import PitchSeal
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sealed(creator, draft_pitch):
    pitch = services.publish_pitch(pitch=draft_pitch, actor=creator)
    return pitch


def test_publishing_then_editing_seals_each_version(creator, sealed):
    first = PitchSeal.objects.get()
    assert (first.content_hash, first.version, first.title) == (
        sealed.content_hash,
        1,
        sealed.title,
    )
    assert first.creator_name == creator.display_name
    edited = services.update_pitch(pitch=sealed, actor=creator, fields={"themes": "Loyalty"})
    assert edited.content_hash != first.content_hash
    assert list(PitchSeal.objects.values_list("version", flat=True)) == [1, 2]
    # Saving the same content again seals nothing new.
    services.update_pitch(pitch=edited, actor=creator, fields={"themes": "Loyalty"})
    assert PitchSeal.objects.count() == 2


def test_verify_answers_for_a_sealed_hash_old_or_current(api, creator, sealed):
    old = sealed.content_hash
    services.update_pitch(pitch=sealed, actor=creator, fields={"themes": "Grief"})
    body = api.get(f"/api/verify/p/{old}").json()
    assert body["success"] is True
    data = body["data"]
    assert (data["valid"], data["version"], data["current"]) == (True, 1, False)
    assert data["title"] == sealed.title
    assert data["pitch"]["id"] == sealed.pk
    assert data["verifyUrl"].endswith(f"/verify/p/{old}/")
    sealed.refresh_from_db()
    assert api.get(f"/api/verify/p/{sealed.content_hash.upper()}").json()["data"]["current"]


def test_verify_refuses_a_malformed_hash_and_404s_an_unknown_one(api):
    bad = api.get("/api/verify/p/not-a-hash")
    assert bad.status_code == 400
    assert "hash" in bad.json()["error"]["details"]
    unknown = api.get(f"/api/verify/p/{'0' * 64}")
    assert unknown.status_code == 404
    assert unknown.json()["success"] is False


def test_a_hidden_or_archived_pitch_stays_verifiable_but_is_not_linked(api, creator, sealed):
    services.archive_pitch(pitch=sealed, actor=creator)
    data = api.get(f"/api/verify/p/{sealed.content_hash}").json()["data"]
    assert data["valid"] is True
    assert data["pitch"] is None


def test_the_certificate_and_the_public_page(client, creator, sealed):
    certificate = client.get(f"/api/pitches/{sealed.pk}/certificate")
    assert certificate.status_code == 200
    page = certificate.content.decode()
    assert "Certificate of provenance" in page
    assert sealed.content_hash in page
    assert f"/verify/p/{sealed.content_hash}/" in page
    public = client.get(f"/verify/p/{sealed.content_hash}/")
    assert public.status_code == 200
    assert sealed.title in public.content.decode()
    missing = client.get(f"/verify/p/{'a' * 64}/")
    assert missing.status_code == 404
    assert "No pitch was sealed" in missing.content.decode()


def test_no_certificate_for_a_draft_or_someone_elses_draft(client, creator, draft_pitch):
    assert client.get(f"/api/pitches/{draft_pitch.pk}/certificate").status_code == 404
    client.force_login(creator)
    assert client.get(f"/api/pitches/{draft_pitch.pk}/certificate").status_code == 404


def test_pitches_published_before_seals_were_sealed_by_the_migration(creator):
    # The factory publishes without the service: what the backfill found on existing rows.
    pitch = PitchFactory(owner=creator, content_hash="b" * 64)
    from importlib import import_module

    from django.apps import apps

    migration = import_module("pitches.migrations.0011_provenance_seals")
    migration.seal_published(apps, None)
    seal = PitchSeal.objects.get(pitch=pitch)
    assert (seal.version, seal.sealed_at) == (1, pitch.published_at)
