from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
import time_machine
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pitches.models import DocumentAccessLog, PitchDocument, PitchMedia
from pitchey import uploads

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a treatment\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(api, pitch, content=PDF, name="treatment.pdf", **extra):
    data = {
        "file": SimpleUploadedFile(name, content),
        "pitchId": pitch.pk,
        "documentType": "treatment",
        **extra,
    }
    return api.post("/api/upload", data, format="multipart")


def test_a_document_is_stored_under_an_unguessable_key_with_its_hash(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = upload(api, published_pitch, requiresNda="true", title="Treatment v2")
    assert response.status_code == 201, response.json()
    document = PitchDocument.objects.get()
    assert document.requires_nda
    assert document.title == "Treatment v2"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.sha256 == __import__("hashlib").sha256(PDF).hexdigest()
    assert "treatment" not in document.storage_key.rsplit("/", 1)[-1]
    assert response.json()["data"]["url"].endswith("/download")


def test_an_image_becomes_media(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = upload(api, published_pitch, content=PNG, name="poster.png", documentType="image")
    assert response.status_code == 201
    assert PitchMedia.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name", "kind", "code"),
    [
        (b"MZ\x90\x00 not a pdf", "script.pdf", "script", "INVALID_FILE_TYPE"),
        (PDF, "poster.png", "image", "INVALID_FILE_TYPE"),
        (b"PK\x03\x04 zip", "stuff.zip", "other", "INVALID_FILE_TYPE"),
        (
            b"%PDF-1.4 X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE!",
            "v.pdf",
            "other",
            "FILE_REJECTED",
        ),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    api, creator, published_pitch, content, name, kind, code
):
    api.force_authenticate(creator)
    response = upload(api, published_pitch, content=content, name=name, documentType=kind)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert "file" in response.json()["error"]["details"]
    assert not PitchDocument.objects.exists()
    assert not PitchMedia.objects.exists()


def test_size_limits_per_type(api, creator, published_pitch, monkeypatch):
    monkeypatch.setitem(uploads.KINDS, "budget", uploads.UploadKind(uploads.DOCUMENT_TYPES, 10, ""))
    api.force_authenticate(creator)
    response = upload(api, published_pitch, documentType="budget")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "FILE_TOO_LARGE"


def test_upload_bad_input(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.post(
        "/api/upload", {"pitchId": published_pitch.pk, "documentType": "poem"}, format="multipart"
    )
    assert response.status_code == 400
    assert {"file", "documentType"} <= set(response.json()["error"]["details"])


def test_nobody_uploads_to_someone_elses_pitch(api, other_creator, published_pitch):
    api.force_authenticate(other_creator)
    assert upload(api, published_pitch).status_code == 404
    assert not PitchDocument.objects.exists()


def test_protected_downloads_are_checked_logged_and_short_lived(
    api, creator, investor, published_pitch
):
    api.force_authenticate(creator)
    doc_id = upload(api, published_pitch, requiresNda="true").json()["data"]["id"]
    url = f"/api/pitches/{published_pitch.pk}/documents/{doc_id}/download"

    api.force_authenticate(investor)
    assert api.get(url).status_code == 404
    assert not DocumentAccessLog.objects.exists()

    api.force_authenticate(creator)
    with time_machine.travel(timezone.now(), tick=False):
        response = api.get(url)
        assert response.status_code == 302
        token = urlparse(response["Location"]).path.rsplit("/", 1)[-1]
        assert signing.loads(token, salt="pitchey.file-url")["a"] == 300
    log = DocumentAccessLog.objects.get()
    assert (log.user, log.document_id) == (creator, doc_id)
    served = api.get(urlparse(response["Location"]).path)
    assert b"".join(served.streaming_content) == PDF


def test_public_documents_get_a_longer_link(api, creator, published_pitch):
    api.force_authenticate(creator)
    doc_id = upload(api, published_pitch).json()["data"]["id"]
    api.force_authenticate(None)
    response = api.get(f"/api/pitches/{published_pitch.pk}/documents/{doc_id}/download")
    assert response.status_code == 302
    token = urlparse(response["Location"]).path.rsplit("/", 1)[-1]
    assert signing.loads(token, salt="pitchey.file-url")["a"] == 3600
    assert (
        api.get(f"/api/pitches/{published_pitch.pk}/documents").json()["data"]["documents"][0]["id"]
        == doc_id
    )


def test_deleting_documents_is_for_the_owner(api, creator, other_creator, published_pitch):
    api.force_authenticate(creator)
    doc_id = upload(api, published_pitch).json()["data"]["id"]
    api.force_authenticate(other_creator)
    assert api.delete(f"/api/pitches/{published_pitch.pk}/documents/{doc_id}").status_code == 404
    api.force_authenticate(creator)
    deleted = api.delete(f"/api/pitches/{published_pitch.pk}/documents/{doc_id}")
    assert deleted.status_code == 200
    assert deleted.json()["data"] == {"deleted": True, "id": doc_id}


def test_the_scan_hook_is_a_policy_point(monkeypatch):
    monkeypatch.setattr(uploads, "SCANNERS", [lambda f: "policy says no"])
    with pytest.raises(uploads.DomainError, match="malware"):
        uploads.check_upload(fileobj=io.BytesIO(PDF), name="a.pdf", size=len(PDF), kind="other")


def test_a_budget_file_follows_the_show_budget_setting(api, creator, published_pitch):
    api.force_authenticate(creator)
    doc_id = upload(api, published_pitch, documentType="budget").json()["data"]["id"]
    api.force_authenticate(None)
    url = f"/api/pitches/{published_pitch.pk}/documents/{doc_id}/download"
    assert api.get(url).status_code == 404
    assert api.get(f"/api/pitches/{published_pitch.pk}/documents").json()["data"]["documents"] == []
    published_pitch.visibility_settings = {"show_budget": True}
    published_pitch.save()
    assert api.get(url).status_code == 302
