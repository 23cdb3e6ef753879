"""GET /api/pitches/:id/attachments/:filename: a pitch's file by name, under the protection rule
of the document download. Public files for whoever may see the pitch; protected ones only with
confidential access; anything else the same 404; odd names a 400 envelope, never a 500."""

from __future__ import annotations

import io

import pytest

from pitches import services
from pitches.models import DocumentAccessLog, PitchMedia
from pitches.services.grants import grant_access
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4\n% ZQXSECRETSCRIPT\n%%EOF\n"
PUBLIC = b"%PDF-1.4\n% a public one-pager\n%%EOF\n"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def _doc(pitch, name: str, content: bytes, *, requires_nda: bool, kind: str = "treatment"):
    return services.upload_document(
        pitch=pitch,
        actor=pitch.owner,
        fileobj=io.BytesIO(content),
        name=name,
        size=len(content),
        document_type=kind,
        requires_nda=requires_nda,
        title="",
    )


@pytest.fixture
def pitch(creator):
    pitch = PitchFactory(owner=creator)
    _doc(pitch, "one-pager.pdf", PUBLIC, requires_nda=False)
    _doc(pitch, "script.pdf", SECRET, requires_nda=True, kind="script")
    return pitch


def _get(api, pitch, name: str):
    return api.get(f"/api/pitches/{pitch.pk}/attachments/{name}")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_public_file_is_served_to_anyone_with_its_sniffed_type_as_a_named_attachment(api, pitch):
    response = _get(api, pitch, "one-pager.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="one-pager.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PUBLIC
    assert DocumentAccessLog.objects.filter(document__original_name="one-pager.pdf").count() == 1


def test_a_protected_file_is_the_same_404_as_a_missing_one_without_access(api, pitch, investor):
    api.force_authenticate(investor)
    protected = _get(api, pitch, "script.pdf")
    missing = _get(api, pitch, "nothing.pdf")
    assert protected.status_code == missing.status_code == 404
    assert protected.json()["error"] == missing.json()["error"]
    assert b"ZQXSECRETSCRIPT" not in protected.content
    assert not DocumentAccessLog.objects.filter(document__original_name="script.pdf").exists()


def test_a_protected_file_reaches_the_owner_and_a_holder_of_access(api, pitch, investor, creator):
    api.force_authenticate(creator)
    assert b"ZQXSECRETSCRIPT" in _body(_get(api, pitch, "script.pdf"))
    grant_access(user=investor, pitch=pitch, source="nda", source_id=1)
    api.force_authenticate(investor)
    response = _get(api, pitch, "script.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_someone_elses_draft_is_404(api, creator, investor):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    _doc(draft, "one-pager.pdf", PUBLIC, requires_nda=False)
    api.force_authenticate(investor)
    assert _get(api, draft, "one-pager.pdf").status_code == 404


def test_an_image_is_served_by_its_stored_name_unless_the_creator_hides_media(api, creator):
    pitch = PitchFactory(owner=creator)
    media = services.upload_image(
        pitch=pitch, actor=creator, fileobj=io.BytesIO(GIF), name="x.gif", size=len(GIF)
    )
    name = media.storage_key.rsplit("/", 1)[-1]
    response = _get(api, pitch, name)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    pitch.visibility_settings = {**pitch.visibility_settings, "show_media": False}
    pitch.save(update_fields=["visibility_settings"])
    assert _get(api, pitch, name).status_code == 404
    assert PitchMedia.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    ["..", "../../etc/passwd", "a/b.pdf", "..%2F..%2Fsettings.py", "a%00.pdf", "x" * 300, "%0A"],
)
def test_odd_names_are_a_4xx_envelope_never_a_500(api, pitch, name):
    response = _get(api, pitch, name)
    assert response.status_code in (400, 404)
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] in ("VALIDATION_ERROR", "BAD_REQUEST", "NOT_FOUND")


def test_wildcards_in_a_name_match_nothing(api, pitch):
    assert _get(api, pitch, "%25.pdf").status_code == 404
    assert _get(api, pitch, "_ne-pager.pdf").status_code == 404
