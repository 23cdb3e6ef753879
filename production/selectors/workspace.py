"""Reads of the production view of a pitch, project collaborators and collaboration requests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from pitches.models import Pitch
from production.models import (
    Collaboration,
    ProductionNote,
    ProjectCollaborator,
    ProjectSheet,
    TeamMember,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def workspace_pitch_or_404(user: User | AnonymousUser, pitch_id: int) -> Pitch:
    """A pitch the company may open (published, or its own)."""
    return get_object_or_404(Pitch.objects.visible_to(user).select_related("owner"), pk=pitch_id)


def company_notes(company_id: int, pitch_id: int) -> QuerySet[ProductionNote]:
    return ProductionNote.objects.of_company(company_id, pitch_id).select_related("author")


def shared_notes(company_id: int, pitch_id: int) -> QuerySet[ProductionNote]:
    return company_notes(company_id, pitch_id).filter(shared=True)


def team_shared_notes(user: User, pitch_id: int) -> QuerySet[ProductionNote]:
    """Notes the companies whose teams `user` is in shared on this pitch."""
    owners = TeamMember.objects.filter(user=user).values("team__owner_id")
    return (
        ProductionNote.objects.filter(pitch_id=pitch_id, shared=True, company_id__in=owners)
        .exclude(company=user)
        .select_related("author")
    )


def company_note_or_404(user: User, pitch_id: int, note_id: int) -> ProductionNote:
    return get_object_or_404(ProductionNote.objects.of_company(user.pk, pitch_id), pk=note_id)


def sheet_of(company_id: int, pitch_id: int) -> ProjectSheet | None:
    return ProjectSheet.objects.filter(company_id=company_id, pitch_id=pitch_id).first()


def project_collaborators(company: User, pitch_id: int) -> QuerySet[ProjectCollaborator]:
    return (
        ProjectCollaborator.objects.of_company(company)
        .filter(pitch_id=pitch_id)
        .exclude(status=ProjectCollaborator.Status.REVOKED)
        .select_related("user", "pitch")
    )


def all_collaborators(company: User) -> QuerySet[ProjectCollaborator]:
    return (
        ProjectCollaborator.objects.of_company(company)
        .exclude(status=ProjectCollaborator.Status.REVOKED)
        .select_related("user", "pitch")
    )


def project_collaborator_or_404(
    user: User | AnonymousUser, pitch_id: int, collaborator_id: int
) -> ProjectCollaborator:
    return get_object_or_404(
        ProjectCollaborator.objects.of_company(user).select_related("pitch"),
        pitch_id=pitch_id,
        pk=collaborator_id,
    )


def my_collaborations(user: User | AnonymousUser) -> QuerySet[ProjectCollaborator]:
    """Projects `user` was invited to and joined."""
    return ProjectCollaborator.objects.active_for(user).select_related("pitch", "company")


def my_collaboration_or_404(user: User | AnonymousUser, pitch_id: int) -> ProjectCollaborator:
    return get_object_or_404(my_collaborations(user), pitch_id=pitch_id)


def collaborations_of(
    user: User | AnonymousUser, *, status: str = "", partner_id: int | None = None
) -> QuerySet[Collaboration]:
    rows = Collaboration.objects.involving(user).for_display()
    if status:
        rows = rows.filter(status=status)
    if partner_id:
        rows = rows.filter(Q(requester_id=partner_id) | Q(collaborator_id=partner_id))
    return rows


def collaboration_or_404(user: User | AnonymousUser, collaboration_id: int) -> Collaboration:
    return get_object_or_404(
        Collaboration.objects.involving(user).for_display(), pk=collaboration_id
    )


def collaboration_stats(user: User | AnonymousUser) -> dict[str, Any]:
    rows = Collaboration.objects.involving(user).values_list("status", flat=True)
    statuses = list(rows)
    return {status: statuses.count(status) for status in Collaboration.Status.values} | {
        "total": len(statuses)
    }
