"""The production view of a pitch, project collaborators and collaboration requests."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from messaging.models import Notification
from production.models import Collaboration, ProductionNote, ProjectCollaborator
from tests.factories import UserFactory
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _token(mailoutbox) -> str:
    found = [re.search(r"token=([\w-]+)", m.body) for m in mailoutbox]
    return next(match.group(1) for match in found if match)


def test_notes_are_the_companys_own(production, other_company, pitch):
    company = client_for(production)
    base = f"/api/production/pitches/{pitch.pk}/notes"
    made = company.post(base, {"content": "Call the agent", "category": "casting"}, format="json")
    assert made.status_code == 201
    note = made.json()["data"]["note"]
    assert company.get(base).json()["data"]["notes"][0]["content"] == "Call the agent"
    empty = company.post(base, {"content": ""}, format="json")
    assert empty.status_code == 400
    assert "content" in empty.json()["error"]["details"]

    rival = client_for(other_company)
    assert rival.get(base).json()["data"]["notes"] == []
    assert rival.delete(f"{base}/{note['id']}").status_code == 404
    shared = rival.patch(f"{base}/{note['id']}/share", {"shared": True}, format="json")
    assert shared.status_code == 404
    assert ProductionNote.objects.get().shared is False

    assert company.patch(f"{base}/{note['id']}/share", {"shared": True}).json()["data"]["note"][
        "shared"
    ]
    assert company.delete(f"{base}/{note['id']}").status_code == 200
    assert not ProductionNote.objects.exists()


def test_checklist_and_project_team(production, other_company, pitch, creator):
    company = client_for(production)
    checklist = f"/api/production/pitches/{pitch.pk}/checklist"
    saved = company.put(
        checklist,
        {"checklist": [{"item": "Read", "done": True}, {"label": "Budget"}]},
        format="json",
    )
    assert saved.status_code == 200
    items = company.get(checklist).json()["data"]["checklist"]
    assert [(i["item"], i["done"]) for i in items] == [("Read", True), ("Budget", False)]
    bad = company.put(checklist, {"checklist": [{"done": True}]}, format="json")
    assert bad.status_code == 400
    assert client_for(other_company).get(checklist).json()["data"]["checklist"] == []
    team = f"/api/production/pitches/{pitch.pk}/team"
    company.put(team, {"team": [{"name": "Ana", "role": "Producer"}]}, format="json")
    assert company.get(team).json()["data"]["team"][0]["role"] == "Producer"
    assert client_for(creator).get(team).status_code == 403


def test_an_invitation_link_works_once_for_its_address_and_scopes_access(
    production, pitch, creator, mailoutbox, django_capture_on_commit_callbacks
):
    company = client_for(production)
    guest = UserFactory(email="guest@example.org", user_type="creator")
    with django_capture_on_commit_callbacks(execute=True):
        invited = company.post(
            f"/api/projects/{pitch.pk}/collaborators/invite",
            {"email": "Guest@example.org", "role": "viewer"},
            format="json",
        )
    assert invited.status_code == 201
    token = _token(mailoutbox)
    assert Notification.objects.filter(user=guest, kind="project_invite").exists()
    assert client_for(creator).post("/api/collaborate/accept", {"token": token}).status_code == 403
    accepted = client_for(guest).post("/api/collaborate/accept", {"token": token})
    assert accepted.status_code == 200
    assert accepted.json()["data"]["project"]["projectId"] == pitch.pk
    again = client_for(guest).post("/api/collaborate/accept", {"token": token})
    assert again.status_code == 400
    assert "token" in again.json()["error"]["details"]

    company.put(
        f"/api/production/pitches/{pitch.pk}/checklist",
        {"checklist": [{"id": "a1", "item": "Read"}]},
        format="json",
    )
    company.post(f"/api/production/pitches/{pitch.pk}/notes", {"content": "Private"}, format="json")
    company.post(
        f"/api/production/pitches/{pitch.pk}/notes",
        {"content": "For the team", "shared": True},
        format="json",
    )
    mine = client_for(guest)
    assert mine.get("/api/my/collaborations").json()["data"]["projects"][0]["id"] == pitch.pk
    notes = mine.get(f"/api/my/collaborations/{pitch.pk}/notes").json()["data"]["notes"]
    assert [n["content"] for n in notes] == ["For the team"]
    assert mine.get(f"/api/my/collaborations/{pitch.pk}/checklist").json()["data"]["checklist"]
    tick = mine.patch(f"/api/my/collaborations/{pitch.pk}/checklist/a1", {"completed": True})
    assert tick.status_code == 403  # a viewer
    row = ProjectCollaborator.objects.get()
    company.patch(f"/api/projects/{pitch.pk}/collaborators/{row.pk}", {"role": "editor"})
    tick = mine.patch(f"/api/my/collaborations/{pitch.pk}/checklist/a1", {"completed": True})
    assert tick.json()["data"]["checklist"][0]["done"] is True
    assert mine.get(f"/api/my/collaborations/{pitch.pk}/activity").status_code == 200
    assert mine.get(f"/api/my/collaborations/{pitch.pk + 999}").status_code == 404
    company.delete(f"/api/projects/{pitch.pk}/collaborators/{row.pk}")
    assert mine.get(f"/api/my/collaborations/{pitch.pk}/notes").status_code == 404


def test_an_expired_invitation_is_refused(
    production, pitch, mailoutbox, django_capture_on_commit_callbacks
):
    guest = UserFactory(email="late@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(production).post(
            f"/api/projects/{pitch.pk}/collaborators/invite", {"email": "late@example.org"}
        )
    token = _token(mailoutbox)
    ProjectCollaborator.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    answer = client_for(guest).post("/api/collaborate/accept", {"token": token})
    assert answer.status_code == 409
    assert ProjectCollaborator.objects.get().status == "pending"


def test_someone_elses_project_collaborators_are_404(production, other_company, pitch):
    client_for(production).post(
        f"/api/projects/{pitch.pk}/collaborators/invite", {"email": "x@example.org"}
    )
    row = ProjectCollaborator.objects.get()
    rival = client_for(other_company)
    assert (
        rival.get(f"/api/projects/{pitch.pk}/collaborators").json()["data"]["collaborators"] == []
    )
    assert rival.delete(f"/api/projects/{pitch.pk}/collaborators/{row.pk}").status_code == 404
    assert rival.post(f"/api/projects/{pitch.pk}/collaborators/{row.pk}/resend").status_code == 404
    assert ProjectCollaborator.objects.get().status == "pending"
    bad = client_for(production).post(
        f"/api/projects/{pitch.pk}/collaborators/invite", {"email": "nope"}
    )
    assert bad.status_code == 400
    assert "email" in bad.json()["error"]["details"]


def test_a_collaboration_request_reaches_the_creator_who_answers(
    production, creator, investor, pitch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        made = client_for(production).post(
            "/api/collaborations",
            {"collaboratorId": creator.pk, "pitchId": pitch.pk, "role": "writer"},
            format="json",
        )
    assert made.status_code == 201
    row = made.json()["data"]["collaboration"]
    assert Notification.objects.filter(user=creator, kind="collaboration_request").exists()
    wrong = client_for(production).post(
        "/api/collaborations", {"collaboratorId": investor.pk, "pitchId": pitch.pk}, format="json"
    )
    assert wrong.status_code == 400
    assert client_for(investor).get(f"/api/collaborations/{row['id']}").status_code == 404
    refused = client_for(production).put(
        f"/api/collaborations/{row['id']}/status", {"status": "active"}
    )
    assert refused.status_code == 409
    accepted = client_for(creator).put(
        f"/api/collaborations/{row['id']}/status", {"status": "active"}
    )
    assert accepted.json()["data"]["collaboration"]["status"] == "active"
    listed = client_for(creator).get("/api/collaborations").json()["data"]["collaborations"]
    assert [c["id"] for c in listed] == [row["id"]]
    detail = client_for(production).get(f"/api/collaborations/{row['id']}").json()["data"]
    assert detail["stats"]["active"] == 1
    timeline = client_for(creator).get(f"/api/collaborations/{row['id']}/timeline").json()
    assert len(timeline["data"]["milestones"]) == 2
    assert Collaboration.objects.get().status == "active"
