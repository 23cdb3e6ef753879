"""The production view of a pitch (PR6): notes, checklist, project team and collaborators of
the company's project, and collaboration requests to the creator."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response, query_params, request_user
from production import selectors, services
from production.api.common import CompanyOnly, person, pitch_brief, shape
from production.models import Collaboration, ProductionNote, ProjectCollaborator


def note_data(note: ProductionNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "pitch_id": note.pitch_id,
        "content": note.content,
        "category": note.category,
        "shared": note.shared,
        "author": person(note.author),
        "author_name": note.author.display_name,
        "created_at": note.created_at,
    }


def collaborator_data(row: ProjectCollaborator) -> dict[str, Any]:
    return {
        "id": row.pk,
        "project_id": row.pitch_id,
        "pitch_id": row.pitch_id,
        "project_title": row.pitch.title,
        "email": row.email,
        "role": row.role,
        "status": row.status,
        "user": person(row.user) if row.user else None,
        "name": row.user.display_name if row.user else row.email,
        "invited_at": row.invited_at,
        "expires_at": row.expires_at,
        "accepted_at": row.accepted_at,
    }


def collaboration_data(row: Collaboration) -> dict[str, Any]:
    return {
        "id": row.pk,
        "pitch_id": row.pitch_id,
        "pitch": pitch_brief(row.pitch),
        "requester": person(row.requester),
        "collaborator": person(row.collaborator),
        "partner_id": row.requester_id,
        "role": row.role,
        "message": row.message,
        "status": row.status,
        "type": "production" if row.requester.user_type == "production" else "investment",
        "created_at": row.created_at,
        "responded_at": row.responded_at,
    }


class PitchNotesApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        content = serializers.CharField(max_length=5000)
        category = serializers.CharField(max_length=30, required=False, allow_blank=True)
        shared = serializers.BooleanField(required=False, default=False)

    @extend_schema(summary="Your company's notes on a pitch", responses=shape("Notes", "notes"))
    def get(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        notes = [note_data(n) for n in selectors.company_notes(user.pk, pitch.pk)]
        return flat_response({"notes": notes, "total": len(notes)})

    @extend_schema(
        summary="Add a private note (or one shared with your team)",
        request=InputSerializer,
        responses={201: shape("Note", "note")},
    )
    def post(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.add_note(company=user, pitch=pitch, author=user, **payload.validated_data)
        return flat_response({"note": note_data(note)}, status.HTTP_201_CREATED)


class PitchNoteApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(summary="Delete your note", responses=shape("NoteDeleted", "deleted"))
    def delete(self, request: Request, pitch_id: int, note_id: int) -> Response:
        user = request_user(request)
        note = selectors.company_note_or_404(user, pitch_id, note_id)
        services.delete_note(note=note, actor=user)
        return flat_response({"deleted": True, "id": note_id})


class PitchNoteShareApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        shared = serializers.BooleanField()

    @extend_schema(
        summary="Share a note with your team, or take it back",
        request=InputSerializer,
        responses=shape("NoteShared", "note"),
    )
    def patch(self, request: Request, pitch_id: int, note_id: int) -> Response:
        user = request_user(request)
        note = selectors.company_note_or_404(user, pitch_id, note_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.share_note(note=note, actor=user, shared=payload.validated_data["shared"])
        return flat_response({"note": note_data(note)})


class PitchChecklistApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        checklist = serializers.ListField(child=serializers.JSONField(), max_length=100)

    @extend_schema(summary="Your checklist for a pitch", responses=shape("Checklist", "checklist"))
    def get(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        sheet = selectors.sheet_of(user.pk, pitch.pk)
        return flat_response({"checklist": sheet.checklist if sheet else []})

    @extend_schema(
        summary="Replace your checklist for a pitch",
        request=InputSerializer,
        responses=shape("ChecklistSaved", "checklist"),
    )
    def put(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sheet = services.save_checklist(
            company=user, pitch=pitch, items=payload.validated_data["checklist"]
        )
        return flat_response({"checklist": sheet.checklist})


class PitchTeamApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        team = serializers.ListField(child=serializers.JSONField(), max_length=50)

    @extend_schema(summary="The people on your project", responses=shape("ProjectTeam", "team"))
    def get(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        sheet = selectors.sheet_of(user.pk, pitch.pk)
        return flat_response({"team": sheet.team if sheet else []})

    @extend_schema(
        summary="Replace the people on your project",
        request=InputSerializer,
        responses=shape("ProjectTeamSaved", "team"),
    )
    def put(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sheet = services.save_project_team(
            company=user, pitch=pitch, members=payload.validated_data["team"]
        )
        return flat_response({"team": sheet.team})


class PitchCollaboratorsApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Collaborators invited to your project on a pitch",
        responses=shape("PitchCollaborators", "collaborators"),
    )
    def get(self, request: Request, pitch_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, pitch_id)
        rows = [collaborator_data(r) for r in selectors.project_collaborators(user, pitch.pk)]
        return flat_response({"collaborators": rows, "total": len(rows)})


class CollaborationListApi(APIView):
    class InputSerializer(serializers.Serializer):
        pitch_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
        collaborator_id = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
        role = serializers.CharField(max_length=50, required=False, allow_blank=True)
        message = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="Collaboration requests you made or received",
        parameters=[
            OpenApiParameter("status", str),
            OpenApiParameter("partnerId", int),
            OpenApiParameter("type", str),
        ],
        responses=shape("Collaborations", "collaborations"),
    )
    def get(self, request: Request) -> Response:
        params = query_params(request)
        wanted = params.get("status", "")
        if wanted and wanted not in Collaboration.Status.values:
            raise serializers.ValidationError({"status": ["pending, active, declined, ..."]})
        partner = params.get("partner_id", "")
        rows = selectors.collaborations_of(
            request_user(request),
            status=wanted,
            partner_id=int(partner) if partner.isdigit() and len(partner) < 10 else None,
        )[:200]
        items = [collaboration_data(r) for r in rows]
        return flat_response({"collaborations": items, "total": len(items)})

    @extend_schema(
        summary="Ask a pitch's creator to collaborate",
        request=InputSerializer,
        responses={201: shape("CollaborationMade", "collaboration")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, data["pitch_id"])
        if data.get("collaborator_id") not in (None, pitch.owner_id):
            raise serializers.ValidationError(
                {"collaborator_id": ["Collaboration requests go to the pitch's creator."]}
            )
        row = services.request_collaboration(
            requester=user, pitch=pitch, role=data.get("role", ""), message=data.get("message", "")
        )
        return flat_response({"collaboration": collaboration_data(row)}, status.HTTP_201_CREATED)


class CollaborationDetailApi(APIView):
    @extend_schema(
        summary="One collaboration", responses=shape("Collaboration", "collaboration", "stats")
    )
    def get(self, request: Request, collaboration_id: int) -> Response:
        user = request_user(request)
        row = selectors.collaboration_or_404(user, collaboration_id)
        return flat_response(
            {"collaboration": collaboration_data(row), "stats": selectors.collaboration_stats(user)}
        )


class CollaborationStatusApi(APIView):
    class InputSerializer(serializers.Serializer):
        status = serializers.CharField(max_length=20)

    @extend_schema(
        summary="Accept, decline, complete or cancel a collaboration",
        request=InputSerializer,
        responses=shape("CollaborationStatus", "collaboration"),
    )
    def put(self, request: Request, collaboration_id: int) -> Response:
        user = request_user(request)
        row = selectors.collaboration_or_404(user, collaboration_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.set_collaboration_status(
            collaboration=row, actor=user, status=payload.validated_data["status"]
        )
        return flat_response({"collaboration": collaboration_data(row)})

    patch = put


class CollaborationTimelineApi(APIView):
    @extend_schema(
        summary="A collaboration's milestones",
        responses=shape("CollaborationTimeline", "milestones"),
    )
    def get(self, request: Request, collaboration_id: int) -> Response:
        row = selectors.collaboration_or_404(request_user(request), collaboration_id)
        milestones = [{"event": "requested", "at": row.created_at, "by": row.requester_id}]
        if row.responded_at:
            milestones.append({"event": row.status, "at": row.responded_at, "by": None})
        return flat_response({"milestones": milestones})
