"""GET /api/storage/quota: the caller's stored bytes, allowance and file count over every upload
the platform keeps for them (own files, pitch documents and images, custom NDA PDFs), in one
query; nobody else's files count."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.services import store_user_file
from pitches import services
from pitches.storage_usage import usage_of
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a treatment\n%%EOF\n"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(out, format="PNG")
    return out.getvalue()


def test_quota_sums_the_callers_uploads_with_the_keys_the_spa_reads(
    api, creator, other_creator, settings
):
    settings.STORAGE_QUOTA_BYTES = 1000
    pitch = PitchFactory(owner=creator)
    services.upload_document(
        pitch=pitch,
        actor=creator,
        fileobj=io.BytesIO(PDF),
        name="t.pdf",
        size=len(PDF),
        document_type="treatment",
        requires_nda=False,
        title="",
    )
    image = _png()
    media = services.upload_image(
        pitch=pitch, actor=creator, fileobj=io.BytesIO(image), name="a.png", size=len(image)
    )
    store_user_file(owner=creator, fileobj=io.BytesIO(PDF), name="n.pdf", size=len(PDF))
    # Someone else's upload does not count.
    store_user_file(owner=other_creator, fileobj=io.BytesIO(PDF), name="x.pdf", size=len(PDF))
    api.force_authenticate(creator)
    response = api.get("/api/storage/quota")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    data = body["data"]
    used = 2 * len(PDF) + media.size
    assert data["used"] == used
    assert data["limit"] == 1000
    assert data["available"] == 1000 - used
    assert data["fileCount"] == 3
    assert data["breakdown"]["documents"] == {"bytes": len(PDF), "count": 1}
    assert data["breakdown"]["files"]["count"] == 1


def test_quota_of_someone_with_nothing_stored_is_zero(api, investor):
    api.force_authenticate(investor)
    data = api.get("/api/storage/quota").json()["data"]
    assert (data["used"], data["fileCount"], data["percentage"]) == (0, 0, 0)


def test_quota_is_one_query_however_many_files(creator, django_assert_num_queries):
    for n in range(3):
        store_user_file(
            owner=creator,
            fileobj=SimpleUploadedFile(f"{n}.pdf", PDF),
            name=f"{n}.pdf",
            size=len(PDF),
        )
    with django_assert_num_queries(1):
        assert usage_of(creator)["file_count"] == 3


def test_quota_needs_a_login(api):
    response = api.get("/api/storage/quota")
    assert response.status_code == 401
    assert response.json()["success"] is False


# --- the allowance is enforced --------------------------------------------------------------------


def _pdf_upload(api, pitch, content: bytes = PDF):
    data = {
        "file": SimpleUploadedFile("t.pdf", content),
        "pitchId": pitch.pk,
        "documentType": "treatment",
    }
    return api.post("/api/upload", data, format="multipart")


def test_an_upload_past_the_allowance_is_refused_before_anything_is_stored(
    api, creator, settings, monkeypatch
):
    from pitches.models import PitchDocument
    from pitchey import uploads

    pitch = PitchFactory(owner=creator)
    settings.STORAGE_QUOTA_BYTES = 2 * len(PDF)
    api.force_authenticate(creator)
    assert _pdf_upload(api, pitch).status_code == 201
    stored: list[str] = []
    real_save = uploads.save_file
    monkeypatch.setattr(
        uploads, "save_file", lambda key, f: stored.append(key) or real_save(key, f)
    )
    bigger = PDF + b"% one byte too many\n"
    refused = _pdf_upload(api, pitch, bigger)
    assert refused.status_code == 403, refused.content
    error = refused.json()["error"]
    assert error["code"] == "QUOTA_EXCEEDED"
    assert "storage is full" in error["message"]
    assert error["details"] == {"size": len(bigger), "used": len(PDF), "limit": 2 * len(PDF)}
    assert stored == []  # no bytes kept
    assert PitchDocument.objects.filter(pitch=pitch).count() == 1
    assert _pdf_upload(api, pitch).status_code == 201  # exactly the room left still fits
    assert api.get("/api/storage/quota").json()["data"]["available"] == 0


def test_every_kind_of_upload_counts_against_one_allowance(creator, settings):
    from ndas.services import upload_custom_nda
    from pitches.storage_usage import QuotaExceeded

    pitch = PitchFactory(owner=creator)
    image = _png()
    settings.STORAGE_QUOTA_BYTES = len(PDF) + len(image)
    store_user_file(owner=creator, fileobj=io.BytesIO(PDF), name="n.pdf", size=len(PDF))
    services.upload_image(
        pitch=pitch, actor=creator, fileobj=io.BytesIO(image), name="a.png", size=len(image)
    )
    with pytest.raises(QuotaExceeded):
        store_user_file(owner=creator, fileobj=io.BytesIO(PDF), name="m.pdf", size=len(PDF))
    with pytest.raises(QuotaExceeded):
        upload_custom_nda(
            pitch=pitch, actor=creator, fileobj=io.BytesIO(PDF), name="nda.pdf", size=len(PDF)
        )
    with pytest.raises(QuotaExceeded):
        services.upload_image(
            pitch=pitch, actor=creator, fileobj=io.BytesIO(image), name="b.png", size=len(image)
        )
    assert usage_of(creator)["file_count"] == 2
