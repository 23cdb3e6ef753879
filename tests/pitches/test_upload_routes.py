"""The SPA's other upload routes go through the one upload service: the profile picture, single
and batch uploads to a pitch or to the user's own files, a file as pitch media, and the stable
links of a user's files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import UserFile
from analytics.models import AuditLog
from pitches.models import PitchDocument, PitchMedia

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a treatment\n%%EOF\n"
EXE = b"MZ\x90\x00 pretending to be a pdf"


def png(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, format="PNG")
    return out.getvalue()


def f(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- profile picture -------------------------------------------------------------------------


def test_profile_upload_sets_the_avatar_and_answers_its_url(api, investor):
    api.force_authenticate(investor)
    response = api.post("/api/upload/profile", {"file": f("me.png", png())}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    investor.refresh_from_db()
    assert investor.avatar_file
    assert body["url"] == body["data"]["url"] == body["data"]["profileImage"]
    profile = api.get("/api/user/profile").json()["data"]
    assert profile["user"]["profileImage"] == body["url"]


def test_profile_upload_to_another_folder_keeps_the_avatar_and_stores_a_public_image(
    api, creator, investor
):
    api.force_authenticate(creator)
    response = api.post(
        "/api/upload/profile",
        {"file": f("cover.png", png((3000, 1000))), "folder": "slates"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    creator.refresh_from_db()
    assert not creator.avatar_file
    row = UserFile.objects.get()
    assert (row.kind, row.is_public, row.content_type, row.folder) == (
        "image",
        True,
        "image/jpeg",
        "slates",
    )
    url = response.json()["data"]["url"]
    assert url.endswith(f"/api/files/{row.token}")
    # A stable link anybody may open (a slate cover), redirecting to a signed URL.
    api.force_authenticate(None)
    assert api.get(f"/api/files/{row.token}").status_code == 302
    assert AuditLog.objects.filter(action="accounts.file.uploaded", object_id=str(row.pk)).exists()


@pytest.mark.parametrize("content", [PDF, EXE, b""])
def test_profile_upload_refuses_what_is_not_an_image(api, investor, content):
    api.force_authenticate(investor)
    response = api.post("/api/upload/profile", {"file": f("me.png", content)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["file"]
    investor.refresh_from_db()
    assert not investor.avatar_file
    assert not UserFile.objects.exists()


def test_uploads_need_a_session(api):
    for path in ("/api/upload/profile", "/api/upload/document", "/api/upload/multiple"):
        assert api.post(path, {}, format="multipart").status_code == 401


# --- one document, to a pitch or to your files --------------------------------------------


@pytest.mark.parametrize("path", ["/api/upload/document", "/api/media/upload"])
def test_a_document_without_a_pitch_is_a_private_file_of_yours(api, production, investor, path):
    api.force_authenticate(production)
    response = api.post(
        path, {"file": f("insurance.pdf", PDF), "type": "insurance"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    row = UserFile.objects.get()
    assert (row.kind, row.is_public, row.sha256 != "") == ("document", False, True)
    assert body["url"] == body["data"]["url"]
    assert api.get(f"/api/files/{row.token}").status_code == 302
    api.force_authenticate(investor)
    assert api.get(f"/api/files/{row.token}").status_code == 404
    assert api.delete(f"/api/files/{row.token}").status_code == 404
    assert UserFile.objects.exists()
    api.force_authenticate(production)
    deleted = api.delete(f"/api/files/{row.token}")
    assert deleted.status_code == 200
    assert deleted.json()["data"]["deleted"] is True
    assert not UserFile.objects.exists()


def test_a_document_to_your_pitch_is_a_pitch_document(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.post(
        "/api/upload/document",
        {"file": f("deck.pdf", PDF), "pitchId": published_pitch.pk, "type": "pitch_deck"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    document = PitchDocument.objects.get()
    assert (document.document_type, document.pitch_id) == ("deck", published_pitch.pk)
    assert response.json()["data"]["url"].endswith("/download")


def test_someone_elses_pitch_is_a_404_and_stores_nothing(api, other_creator, published_pitch):
    api.force_authenticate(other_creator)
    response = api.post(
        "/api/upload/document",
        {"file": f("deck.pdf", PDF), "pitchId": published_pitch.pk},
        format="multipart",
    )
    assert response.status_code == 404
    assert not PitchDocument.objects.exists()
    assert not UserFile.objects.exists()


def test_a_disguised_file_is_refused_by_its_bytes(api, production):
    api.force_authenticate(production)
    response = api.post("/api/upload/document", {"file": f("a.pdf", EXE)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FILE_TYPE"
    assert not UserFile.objects.exists()


# --- batches ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/upload/multiple", "/api/upload/documents/multiple", "/api/upload/media-batch"]
)
def test_a_batch_stores_each_accepted_file_and_lists_the_refused(
    api, creator, published_pitch, path
):
    api.force_authenticate(creator)
    response = api.post(
        path,
        {
            "files": [f("one.pdf", PDF), f("two.png", png()), f("bad.pdf", EXE)],
            "pitchId": published_pitch.pk,
            "documentType": "",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert [u["type"] for u in data["uploads"]] == ["document", "image"]
    assert data["results"] == data["uploads"]
    assert [e["name"] for e in data["errors"]] == ["bad.pdf"]
    assert data["errors"][0]["code"] == "INVALID_FILE_TYPE"
    assert PitchDocument.objects.count() == 1
    assert PitchMedia.objects.count() == 1


def test_a_media_batch_names_its_pitch_in_metadata(api, creator, published_pitch):
    api.force_authenticate(creator)
    response = api.post(
        "/api/upload/media-batch",
        {
            "files": [f("still.png", png())],
            "titles": ["A still"],
            "metadata": f'{{"pitchId": {published_pitch.pk}}}',
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert PitchMedia.objects.get().caption == "A still"


def test_a_batch_with_nothing_accepted_is_a_400_with_each_reason(api, creator):
    api.force_authenticate(creator)
    response = api.post("/api/upload/multiple", {"files": [f("x.pdf", EXE)]}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["details"]["files"][0]["code"] == "INVALID_FILE_TYPE"


def test_a_batch_is_capped_and_needs_files(api, creator):
    api.force_authenticate(creator)
    many = [f(f"{n}.pdf", PDF) for n in range(11)]
    response = api.post("/api/upload/multiple", {"files": many}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["error"]["details"]
    assert api.post("/api/upload/multiple", {}, format="multipart").status_code == 400
    bad_meta = api.post(
        "/api/upload/media-batch",
        {"files": [f("a.pdf", PDF)], "metadata": "not json"},
        format="multipart",
    )
    assert bad_meta.status_code == 400
    assert "metadata" in bad_meta.json()["error"]["details"]
    assert not UserFile.objects.exists()


# --- a file as pitch media ------------------------------------------------------------------


def test_pitch_media_takes_a_file_or_a_video_link(api, creator, published_pitch):
    api.force_authenticate(creator)
    path = f"/api/creator/pitches/{published_pitch.pk}/media"
    image = api.post(
        path, {"file": f("still.png", png()), "type": "image", "title": "Still"}, format="multipart"
    )
    assert image.status_code == 201, image.content
    assert image.json()["data"]["media"]["type"] == "image"
    assert PitchMedia.objects.get().caption == "Still"
    document = api.post(path, {"file": f("t.pdf", PDF), "type": "treatment"}, format="multipart")
    assert document.status_code == 201, document.content
    assert PitchDocument.objects.get().document_type == "treatment"
    link = api.post(path, {"url": "https://vimeo.com/1", "caption": "Teaser"}, format="json")
    assert link.status_code == 201, link.content
    assert link.json()["data"]["url"] == "https://vimeo.com/1"


def test_pitch_media_on_someone_elses_pitch_is_a_404(api, other_creator, published_pitch):
    api.force_authenticate(other_creator)
    response = api.post(
        f"/api/creator/pitches/{published_pitch.pk}/media",
        {"file": f("still.png", png())},
        format="multipart",
    )
    assert response.status_code == 404
    assert not PitchMedia.objects.exists()


def test_upload_info_lists_the_limits(api, creator):
    api.force_authenticate(creator)
    data = api.get("/api/upload/info").json()["data"]
    assert data["limits"]["image"]["types"]
    assert data["maxFiles"] == 10
