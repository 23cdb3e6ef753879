"""Project collaborators (PR7): the company invites people to one project; they accept a
single-use link and see that project's checklist, shared notes and activity."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pitchey.api import flat_response, request_user
from production import selectors, services
from production.api.common import CompanyOnly, person, pitch_brief, shape
from production.api.views_workspace import collaborator_data, note_data
from production.models import ProjectCollaborator


def project_data(row: ProjectCollaborator) -> dict[str, Any]:
    return {
        "id": row.pitch_id,
        "project_id": row.pitch_id,
        "collaboration_id": row.pk,
        "title": row.pitch.title,
        "pitch": pitch_brief(row.pitch),
        "company": person(row.company),
        "role": row.role,
        "joined_at": row.accepted_at,
    }


class ProjectCollaboratorsApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Collaborators of your project", responses=shape("Collaborators", "collaborators")
    )
    def get(self, request: Request, project_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, project_id)
        rows = [collaborator_data(r) for r in selectors.project_collaborators(user, pitch.pk)]
        return flat_response({"collaborators": rows, "total": len(rows)})


class ProjectInviteApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField(max_length=255)
        role = serializers.ChoiceField(choices=ProjectCollaborator.Role.values, required=False)

    @extend_schema(
        summary="Invite someone by email to your project (a single-use link, 7 days)",
        request=InputSerializer,
        responses={201: shape("CollaboratorInvited", "collaborator")},
    )
    def post(self, request: Request, project_id: int) -> Response:
        user = request_user(request)
        pitch = selectors.workspace_pitch_or_404(user, project_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.invite_collaborator(
            company=user,
            pitch=pitch,
            email=payload.validated_data["email"],
            role=payload.validated_data.get("role", "viewer"),
        )
        return flat_response({"collaborator": collaborator_data(row)}, status.HTTP_201_CREATED)


class ProjectCollaboratorApi(APIView):
    permission_classes = [CompanyOnly]

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=ProjectCollaborator.Role.values)

    @extend_schema(
        summary="Change a collaborator's role",
        request=InputSerializer,
        responses=shape("CollaboratorChanged", "collaborator"),
    )
    def patch(self, request: Request, project_id: int, collaborator_id: int) -> Response:
        user = request_user(request)
        row = selectors.project_collaborator_or_404(user, project_id, collaborator_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.update_collaborator(
            collaborator=row, actor=user, role=payload.validated_data["role"]
        )
        return flat_response({"collaborator": collaborator_data(row)})

    @extend_schema(
        summary="Remove a collaborator", responses=shape("CollaboratorRemoved", "removed")
    )
    def delete(self, request: Request, project_id: int, collaborator_id: int) -> Response:
        user = request_user(request)
        row = selectors.project_collaborator_or_404(user, project_id, collaborator_id)
        services.remove_collaborator(collaborator=row, actor=user)
        return flat_response({"removed": True, "id": collaborator_id})


class ProjectCollaboratorResendApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        request=None,
        summary="Send a pending invitation again (a new link)",
        responses=shape("CollaboratorResent", "collaborator"),
    )
    def post(self, request: Request, project_id: int, collaborator_id: int) -> Response:
        user = request_user(request)
        row = selectors.project_collaborator_or_404(user, project_id, collaborator_id)
        row = services.resend_invite(collaborator=row, actor=user)
        return flat_response({"collaborator": collaborator_data(row)})


class AcceptInviteApi(APIView):
    class InputSerializer(serializers.Serializer):
        token = serializers.CharField(max_length=200)

    @extend_schema(
        summary="Accept a project invitation (the link works once)",
        request=InputSerializer,
        responses=shape("InviteAccepted", "project"),
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row = services.accept_invite(
            user=request_user(request), token=payload.validated_data["token"]
        )
        row = selectors.my_collaboration_or_404(request_user(request), row.pitch_id)
        return flat_response({"project": project_data(row), "accepted": True})


class MyCollaborationsApi(APIView):
    @extend_schema(summary="Projects you collaborate on", responses=shape("MyProjects", "projects"))
    def get(self, request: Request) -> Response:
        rows = [project_data(r) for r in selectors.my_collaborations(request_user(request))[:200]]
        return flat_response({"projects": rows, "collaborations": rows, "total": len(rows)})


class MyCollaborationApi(APIView):
    @extend_schema(summary="A project you collaborate on", responses=shape("MyProject", "project"))
    def get(self, request: Request, project_id: int) -> Response:
        row = selectors.my_collaboration_or_404(request_user(request), project_id)
        sheet = selectors.sheet_of(row.company_id, row.pitch_id)
        return flat_response(
            {
                "project": project_data(row),
                "checklist": sheet.checklist if sheet else [],
                "team": sheet.team if sheet else [],
            }
        )


class MyCollaborationChecklistApi(APIView):
    @extend_schema(summary="The project's checklist", responses=shape("MyChecklist", "checklist"))
    def get(self, request: Request, project_id: int) -> Response:
        row = selectors.my_collaboration_or_404(request_user(request), project_id)
        sheet = selectors.sheet_of(row.company_id, row.pitch_id)
        return flat_response({"checklist": sheet.checklist if sheet else []})


class MyCollaborationChecklistItemApi(APIView):
    class InputSerializer(serializers.Serializer):
        completed = serializers.BooleanField()

    @extend_schema(
        summary="Tick a checklist item (editors)",
        request=InputSerializer,
        responses=shape("MyChecklistItem", "checklist"),
    )
    def patch(self, request: Request, project_id: int, item_id: str) -> Response:
        user = request_user(request)
        row = selectors.my_collaboration_or_404(user, project_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if row.role != ProjectCollaborator.Role.EDITOR:
            from pitchey.errors import NotAllowed

            raise NotAllowed("Viewers cannot change the checklist.")
        sheet = services.tick_checklist_item(
            company_id=row.company_id,
            pitch=row.pitch,
            actor=user,
            item_id=item_id[:40],
            completed=payload.validated_data["completed"],
        )
        return flat_response({"checklist": sheet.checklist})


class MyCollaborationNotesApi(APIView):
    class InputSerializer(serializers.Serializer):
        content = serializers.CharField(max_length=5000)
        category = serializers.CharField(max_length=30, required=False, allow_blank=True)

    @extend_schema(summary="The project's shared notes", responses=shape("MyNotes", "notes"))
    def get(self, request: Request, project_id: int) -> Response:
        row = selectors.my_collaboration_or_404(request_user(request), project_id)
        notes = [note_data(n) for n in selectors.shared_notes(row.company_id, row.pitch_id)]
        return flat_response({"notes": notes, "total": len(notes)})

    @extend_schema(
        summary="Add a note to the project (shared with the company)",
        request=InputSerializer,
        responses={201: shape("MyNote", "note")},
    )
    def post(self, request: Request, project_id: int) -> Response:
        user = request_user(request)
        row = selectors.my_collaboration_or_404(user, project_id)
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = services.add_note(
            company=row.company,
            pitch=row.pitch,
            author=user,
            content=payload.validated_data["content"],
            category=payload.validated_data.get("category", "") or "general",
            shared=True,
        )
        return flat_response({"note": note_data(note)}, status.HTTP_201_CREATED)


class MyCollaborationActivityApi(APIView):
    @extend_schema(
        summary="What happened on the project lately",
        parameters=[OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
        responses=shape("MyActivity", "activity"),
    )
    def get(self, request: Request, project_id: int) -> Response:
        row = selectors.my_collaboration_or_404(request_user(request), project_id)
        notes = selectors.shared_notes(row.company_id, row.pitch_id)[:50]
        activity = [
            {
                "type": "note",
                "description": f"{n.author.display_name} added a note",
                "created_at": n.created_at,
            }
            for n in notes
        ]
        sheet = selectors.sheet_of(row.company_id, row.pitch_id)
        if sheet:
            activity.append(
                {
                    "type": "checklist",
                    "description": "Checklist updated",
                    "created_at": sheet.updated_at,
                }
            )
        activity.sort(key=lambda a: str(a["created_at"]), reverse=True)
        return flat_response({"activity": activity, "activities": activity, "total": len(activity)})


class CompanyCollaboratorsApi(APIView):
    permission_classes = [CompanyOnly]

    @extend_schema(
        summary="Everyone invited to any of your projects",
        responses=shape("CompanyCollaborators", "collaborators"),
    )
    def get(self, request: Request) -> Response:
        rows = [
            collaborator_data(r) for r in selectors.all_collaborators(request_user(request))[:500]
        ]
        return flat_response({"collaborators": rows, "total": len(rows)})
