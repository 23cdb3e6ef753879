"""The SPA's other upload routes, all through the one upload service (`pitchey.uploads`: size
limits, type from the bytes, malware scan, unguessable keys): the profile picture, single and
batch uploads to a pitch or to the user's own files, a file added as pitch media, and the
stable links of the user's files."""

from __future__ import annotations

import json
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services as accounts
from accounts.api.serializers import profile_image_of
from accounts.models import UserFile
from pitches import selectors, services
from pitches.api import serializers as s
from pitches.models import Pitch, PitchDocument
from pitches.storage_usage import usage_of
from pitchey.api import flat_response, request_user, request_viewer
from pitchey.errors import DomainError
from pitchey.storage import detect_content_type, signed_url
from pitchey.uploads import IMAGE_TYPES, clean_name

MAX_FILES = 10
AVATAR_FOLDERS = frozenset({"", "avatar", "avatars", "profile", "profiles", "profile-images"})
# The SPA's document types, in our names (`pitch_deck` is a deck ...).
DOCUMENT_TYPE_ALIASES = {
    "pitch_deck": "deck",
    "pitchdeck": "deck",
    "presentation": "deck",
    "budget_breakdown": "budget",
    "document": "other",
    "supporting": "other",
}


class UploadedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    type = serializers.CharField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()


UPLOADED = UploadedSerializer
BATCH = inline_serializer(
    "UploadBatch",
    {
        "uploads": UploadedSerializer(many=True),
        "results": UploadedSerializer(many=True),
        "errors": serializers.ListField(child=serializers.DictField()),
    },
)


class SingleUploadInput(serializers.Serializer):
    file = serializers.FileField()
    pitch_id = serializers.IntegerField(required=False, allow_null=True)
    type = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    document_type = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    folder = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    requires_nda = serializers.BooleanField(required=False, default=False)


class BatchUploadInput(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)
    pitch_id = serializers.IntegerField(required=False, allow_null=True)
    document_type = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    folder = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    requires_nda = serializers.BooleanField(required=False, default=False)
    titles = serializers.ListField(
        child=serializers.CharField(max_length=255, allow_blank=True), required=False
    )
    metadata = serializers.CharField(max_length=10_000, required=False, allow_blank=True)

    def validate_files(self, files: list[UploadedFile]) -> list[UploadedFile]:
        if len(files) > MAX_FILES:
            raise serializers.ValidationError(f"At most {MAX_FILES} files at once.")
        return files

    def validate_metadata(self, value: str) -> dict[str, Any]:
        if not value:
            return {}
        try:
            parsed = json.loads(value)
        except ValueError:
            raise serializers.ValidationError("Send JSON.") from None
        if not isinstance(parsed, dict):
            raise serializers.ValidationError("Send a JSON object.")
        return parsed


def _single(data: Any) -> dict[str, Any]:
    """The request's fields as a plain dict, one value each (no copy of the uploaded files)."""
    return {key: data.get(key) for key in data}


def _is_image(upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    return detect_content_type(head) in IMAGE_TYPES


def document_type_of(value: str) -> str:
    wanted = DOCUMENT_TYPE_ALIASES.get(value.strip().lower(), value.strip().lower())
    return wanted if wanted in PitchDocument.Type.values else "other"


def user_file_body(row: UserFile) -> dict[str, Any]:
    from django.urls import reverse

    from pitchey.storage import site_origin

    return {
        "id": row.pk,
        "token": row.token,
        "url": site_origin() + reverse("pitches-api:user-file", args=[row.token]),
        "type": row.kind,
        "name": row.original_name,
        "size": row.size,
        "content_type": row.content_type,
    }


def store_one(
    request: Request,
    upload: UploadedFile,
    *,
    pitch: Pitch | None,
    document_type: str = "",
    requires_nda: bool = False,
    title: str = "",
    folder: str = "",
) -> dict[str, Any]:
    """One file: to the pitch (an image becomes media, anything else a document) or, without a
    pitch, to the user's own files."""
    user = request_user(request)
    name = clean_name(upload.name or "file")
    if pitch is None:
        row = accounts.store_user_file(
            owner=user, fileobj=upload, name=name, size=upload.size or 0, folder=folder
        )
        return user_file_body(row)
    if document_type in ("image", "photo", "poster") or (not document_type and _is_image(upload)):
        media = services.upload_image(
            pitch=pitch,
            actor=user,
            fileobj=upload,
            name=name,
            size=upload.size or 0,
            caption=title,
        )
        body = dict(s.MediaSerializer(media).data)
        return {**_common(media.pk, body["url"], "image", name, media.size, media.content_type)}
    document = services.upload_document(
        pitch=pitch,
        actor=user,
        fileobj=upload,
        name=name,
        size=upload.size or 0,
        document_type=document_type_of(document_type),
        requires_nda=requires_nda,
        title=title,
    )
    body = dict(s.DocumentSerializer(document).data)
    return {
        **_common(document.pk, body["download_url"], "document", name, document.size, ""),
        "content_type": document.content_type,
        "document": body,
    }


def _common(pk: int, url: str, kind: str, name: str, size: int, content_type: str) -> dict:
    return {
        "id": pk,
        "url": url,
        "type": kind,
        "name": name,
        "size": size,
        "content_type": content_type,
    }


def _pitch(request: Request, pitch_id: int | None) -> Pitch | None:
    if not pitch_id:
        return None
    return selectors.owned_pitch_or_404(request_viewer(request), pitch_id)


class _Upload(APIView):
    throttle_scope = "upload"


class ProfileUploadApi(_Upload):
    @extend_schema(
        summary="Upload a profile picture (or, with another folder, an image such as a slate "
        "cover): checked, re-encoded, answered with its URL",
        request={"multipart/form-data": SingleUploadInput},
        responses={201: UPLOADED},
    )
    def post(self, request: Request) -> Response:
        data = _single(request.data)
        if "file" not in data and "image" in request.FILES:
            data["file"] = request.FILES["image"]
        payload = SingleUploadInput(data=data)
        payload.is_valid(raise_exception=True)
        upload, folder = payload.validated_data["file"], payload.validated_data["folder"]
        user = request_user(request)
        if folder.strip().lower() in AVATAR_FOLDERS:
            user = accounts.set_avatar(user=user, upload=upload, size=upload.size or 0)
            url = profile_image_of(user) or ""
            body = _common(user.pk, url, "avatar", clean_name(upload.name or ""), upload.size, "")
            return flat_response({**body, "profile_image": url}, status.HTTP_201_CREATED)
        row = accounts.store_user_file(
            owner=user,
            fileobj=upload,
            name=upload.name or "image",
            size=upload.size or 0,
            folder=folder,
            images_only=True,
        )
        return flat_response(user_file_body(row), status.HTTP_201_CREATED)


class SingleUploadApi(_Upload):
    """/api/upload/document and /api/media/upload: one file, to a pitch when `pitchId` names
    one of yours, else to your own files."""

    @extend_schema(
        summary="Upload one file to your pitch or to your files",
        request={"multipart/form-data": SingleUploadInput},
        responses={201: UPLOADED},
    )
    def post(self, request: Request) -> Response:
        payload = SingleUploadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        body = store_one(
            request,
            data["file"],
            pitch=_pitch(request, data.get("pitch_id")),
            document_type=data["document_type"] or data["type"],
            requires_nda=data["requires_nda"],
            title=data["title"],
            folder=data["folder"],
        )
        return flat_response(body, status.HTTP_201_CREATED)


class BatchUploadApi(_Upload):
    """/api/upload/multiple, /api/upload/documents/multiple and /api/upload/media-batch: each
    file is checked on its own; the refused ones are listed under `errors` with the reason."""

    @extend_schema(
        summary=f"Upload up to {MAX_FILES} files to your pitch or to your files",
        request={"multipart/form-data": BatchUploadInput},
        responses={201: BATCH},
    )
    def post(self, request: Request) -> Response:
        data = _single(request.data)
        if hasattr(request.data, "getlist"):
            data["files"] = request.FILES.getlist("files") or request.FILES.getlist("file")
            data["titles"] = request.data.getlist("titles")
        payload = BatchUploadInput(data=data)
        payload.is_valid(raise_exception=True)
        valid = payload.validated_data
        meta = valid.get("metadata") or {}
        pitch_id = valid.get("pitch_id") or meta.get("pitchId") or meta.get("pitch_id")
        if pitch_id is not None and not str(pitch_id).isdigit():
            raise serializers.ValidationError({"pitch_id": ["A valid integer is required."]})
        pitch = _pitch(request, int(pitch_id) if pitch_id else None)
        titles = valid.get("titles") or []
        done, errors = [], []
        for index, upload in enumerate(valid["files"]):
            try:
                done.append(
                    store_one(
                        request,
                        upload,
                        pitch=pitch,
                        document_type=valid["document_type"],
                        requires_nda=valid["requires_nda"],
                        title=titles[index] if index < len(titles) else "",
                        folder=valid["folder"],
                    )
                )
            except DomainError as exc:
                errors.append(
                    {"name": clean_name(upload.name or ""), "code": exc.code, "error": str(exc)}
                )
        if not done:
            raise DomainError(
                "No file was accepted.", code="VALIDATION_ERROR", details={"files": errors}
            )
        return flat_response(
            {"uploads": done, "results": done, "errors": errors}, status.HTTP_201_CREATED
        )


class PitchMediaApi(_Upload):
    """POST /api/creator/pitches/:id/media: a video link as JSON, or a file as the SPA sends it
    (an image becomes media, a PDF or Office file a document)."""

    @extend_schema(
        summary="Add a video link or upload a file to your pitch",
        request={
            "application/json": s.VideoLinkSerializer,
            "multipart/form-data": SingleUploadInput,
        },
        responses={201: UPLOADED},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        pitch = selectors.owned_pitch_or_404(request_viewer(request), pitch_id)
        if "file" not in request.FILES:
            payload = s.VideoLinkSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            media = services.add_video_link(
                pitch=pitch, actor=request_user(request), **payload.validated_data
            )
            body = dict(s.MediaSerializer(media).data)
            return flat_response(
                {"media": body, **_common(media.pk, body["url"], "video", "", 0, "")},
                status.HTTP_201_CREATED,
            )
        upload_input = SingleUploadInput(data=request.data)
        upload_input.is_valid(raise_exception=True)
        data = upload_input.validated_data
        kind = (data["type"] or data["document_type"]).lower()
        body = store_one(
            request,
            data["file"],
            pitch=pitch,
            document_type="" if kind in ("", "media", "file") else kind,
            requires_nda=data["requires_nda"],
            title=data["title"],
        )
        return flat_response({**body, "media": body}, status.HTTP_201_CREATED)


class UserFileApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="A stable link to one of your files (images: anybody's); redirects to a signed URL",
        responses={302: None},
    )
    def get(self, request: Request, token: str) -> HttpResponseRedirect:
        row = get_object_or_404(UserFile.objects.readable_by(request_viewer(request)), token=token)
        max_age = 3600 if row.is_public else 300
        response = HttpResponseRedirect(signed_url(row.storage_key, max_age=max_age))
        response["Cache-Control"] = "private, max-age=60" if row.is_public else "private, no-store"
        return response

    @extend_schema(summary="Delete one of your files", responses=UPLOADED)
    def delete(self, request: Request, token: str) -> Response:
        row = get_object_or_404(UserFile.objects.owned_by(request_user(request)), token=token)
        body = user_file_body(row)
        accounts.delete_user_file(file=row, actor=request_user(request))
        return flat_response({"deleted": True, "id": body["id"], "token": token})


class UploadInfoApi(APIView):
    @extend_schema(
        summary="What may be uploaded: the size limits and accepted types",
        responses=inline_serializer("UploadInfo", {"limits": serializers.DictField()}),
    )
    def get(self, request: Request) -> Response:
        from pitchey.uploads import KINDS

        limits = {
            kind: {"max_bytes": spec.max_bytes, "types": sorted(spec.types)}
            for kind, spec in KINDS.items()
            if spec.max_bytes
        }
        return flat_response({"limits": limits, "max_files": MAX_FILES})


class StorageQuotaApi(APIView):
    @extend_schema(
        summary="How much you store: bytes used, your allowance and your file count",
        responses=inline_serializer(
            "StorageQuota",
            {
                "used": serializers.IntegerField(),
                "limit": serializers.IntegerField(),
                "available": serializers.IntegerField(),
                "percentage": serializers.FloatField(),
                "file_count": serializers.IntegerField(),
                "breakdown": serializers.DictField(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        return flat_response(usage_of(request_user(request)))
