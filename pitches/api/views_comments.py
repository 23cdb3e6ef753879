"""The comment thread of a pitch: reading it, posting, editing and removing comments."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitches import selectors
from pitches.api import serializers_engagement as se
from pitches.engagement import selectors as engagement_selectors
from pitches.engagement import services as engagement
from pitches.engagement.models import PitchComment
from pitches.models import Pitch
from pitchey.api import PagePagination, flat_response, request_user, request_viewer

COMMENT = inline_serializer(
    "Comment",
    {
        "id": serializers.IntegerField(),
        "content": serializers.CharField(),
        "content_html": serializers.CharField(),
        "display_name": serializers.CharField(),
        "user_type": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
    },
)
THREAD = inline_serializer(
    "CommentThread",
    {
        "comments": serializers.ListField(child=serializers.DictField()),
        "total": serializers.IntegerField(),
        "comment_count": serializers.IntegerField(),
    },
)


def _comment_or_404(pitch: Pitch, comment_id: int) -> PitchComment:
    comment = engagement_selectors.comment_on(pitch, comment_id)
    if comment is None:
        raise Http404
    return comment


def _one(request: Request, pitch: Pitch, comment: PitchComment) -> dict[str, Any]:
    data = se.comment_data(comment, request_viewer(request), pitch_owner_id=pitch.owner_id)
    return {"comment": data, **data}


class CommentListApi(APIView):
    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.request.method == "GET" else list(super().get_permissions())

    @extend_schema(
        summary="A page of the pitch's comments, newest first, with their replies", responses=THREAD
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        viewer = request_viewer(request)
        pitch = selectors.visible_pitch_or_404(viewer, pitch_id)
        paginator = PagePagination()
        page = paginator.paginate_queryset(engagement_selectors.comment_thread(pitch), request)
        items = [se.comment_data(c, viewer, pitch_owner_id=pitch.owner_id) for c in page]
        # The SPA's feedback service reads `res.data.data` as the list itself.
        body = {"comments": items, "items": items, "data": items, **paginator.list_counts()}
        return paginator.page_response(body)

    @extend_schema(
        summary="Comment on a pitch, or reply (anonymously if you like)",
        request=se.CommentInputSerializer,
        responses={201: COMMENT},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id, with_owner=True)
        payload = se.CommentInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        parent_id = payload.validated_data.get("parent_id")
        parent = _comment_or_404(pitch, parent_id) if parent_id else None
        comment = engagement.post_comment(
            pitch=pitch,
            author=me,
            body=payload.validated_data["content"],
            is_anonymous=payload.validated_data["is_anonymous"],
            parent=parent,
        )
        return flat_response(_one(request, pitch, comment), status.HTTP_201_CREATED)


class CommentDetailApi(APIView):
    @extend_schema(summary="Edit your comment", request=se.CommentEditSerializer, responses=COMMENT)
    def put(self, request: Request, pitch_id: int, comment_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        comment = _comment_or_404(pitch, comment_id)
        payload = se.CommentEditSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = engagement.edit_comment(
            comment=comment, actor=me, body=payload.validated_data["content"]
        )
        return flat_response(_one(request, pitch, comment))

    patch = put

    @extend_schema(
        summary="Remove a comment (its author, the pitch's creator or a moderator)",
        responses=COMMENT,
    )
    def delete(self, request: Request, pitch_id: int, comment_id: int) -> Response:
        me = request_user(request)
        pitch = selectors.visible_pitch_or_404(me, pitch_id)
        comment = engagement.remove_comment(comment=_comment_or_404(pitch, comment_id), actor=me)
        return flat_response({**_one(request, pitch, comment), "deleted": True})
