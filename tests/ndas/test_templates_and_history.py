"""NDA templates (a creator's private library), the preview, history, analytics and verifying
one signed record."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from analytics.models import AuditLog
from ndas import services
from ndas.models import CreatorNdaTemplate, Nda, NdaRequest
from ndas.services import templates
from pitchey.errors import Conflict, NotAllowed, NotFoundError
from tests.factories import UserFactory
from tests.ndas.conftest import MARK, make_request

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- templates --------------------------------------------------------------------------------


def test_template_crud_with_the_keys_the_wizard_reads(creator):
    api = _client(creator)
    created = api.post(
        "/api/ndas/templates",
        {
            "name": "Festival NDA",
            "description": "For festival screeners",
            "content": "Between {disclosing_name} and {recipient_name} about {project_name}.",
            "variables": ["ignored"],
            "isDefault": True,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    template = created.json()["data"]["template"]
    assert template["variables"] == ["disclosing_name", "recipient_name", "project_name"]
    assert template["createdBy"] == creator.pk
    assert template["isDefault"] is True
    listed = api.get("/api/ndas/templates").json()["data"]["templates"]
    assert [t["id"] for t in listed] == [template["id"]]
    one = api.get(f"/api/ndas/templates/{template['id']}").json()["data"]["template"]
    assert one["content"].startswith("Between")
    edited = api.put(
        f"/api/ndas/templates/{template['id']}", {"name": "Festival NDA v2"}, format="json"
    )
    assert edited.json()["data"]["template"]["name"] == "Festival NDA v2"
    assert edited.json()["data"]["template"]["content"] == one["content"]
    gone = api.delete(f"/api/ndas/templates/{template['id']}")
    assert gone.status_code == 200
    assert gone.json()["success"] is True
    assert not CreatorNdaTemplate.objects.exists()
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"ndas.template.created", "ndas.template.updated", "ndas.template.deleted"} <= actions


def test_someone_elses_template_is_404_and_untouched(creator, other_creator):
    template = templates.create_template(owner=creator, fields={"name": "Mine", "content": "x"})
    api = _client(other_creator)
    assert api.get(f"/api/ndas/templates/{template.pk}").status_code == 404
    assert (
        api.put(f"/api/ndas/templates/{template.pk}", {"name": "Stolen"}, format="json").status_code
        == 404
    )
    assert api.delete(f"/api/ndas/templates/{template.pk}").status_code == 404
    assert api.get("/api/ndas/templates").json()["data"]["templates"] == []
    template.refresh_from_db()
    assert template.name == "Mine"
    with pytest.raises(NotFoundError):
        templates.delete_template(template=template, actor=other_creator)


def test_template_rules(creator, investor):
    with pytest.raises(NotAllowed, match="Only creators"):
        templates.create_template(owner=investor, fields={"name": "Mine", "content": "x"})
    first = templates.create_template(
        owner=creator, fields={"name": "A", "content": "x", "is_default": True}
    )
    second = templates.create_template(
        owner=creator, fields={"name": "B", "content": "y", "is_default": True}
    )
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    with pytest.raises(Conflict, match="already have a template"):
        templates.create_template(owner=creator, fields={"name": "A", "content": "z"})


def test_template_bad_input_writes_nothing(creator):
    api = _client(creator)
    for body in (
        {"name": "", "content": "x"},
        {"name": "A"},
        {"name": "A" * 201, "content": "x"},
        {"name": "A", "content": "x", "isDefault": "maybe"},
    ):
        response = api.post("/api/ndas/templates", body, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert response.json()["error"]["details"]
    assert not CreatorNdaTemplate.objects.exists()


# --- preview ----------------------------------------------------------------------------------


def test_preview_is_the_text_you_would_sign_or_your_template_filled_in(
    nda_pitch, investor, creator
):
    preview = (
        _client(investor)
        .post("/api/ndas/preview", {"pitchId": nda_pitch.pk}, format="json")
        .json()["data"]
    )
    agreement = _client(investor).get(f"/api/ndas/pitch/{nda_pitch.pk}/agreement").json()["data"]
    assert preview["preview"] == agreement["content"]
    assert preview["textSha256"] == agreement["textSha256"]
    assert MARK not in preview["preview"]
    template = templates.create_template(
        owner=creator,
        fields={"name": "Short", "content": "{disclosing_name} shares {project_name}."},
    )
    mine = (
        _client(creator)
        .post(
            "/api/ndas/preview", {"pitchId": nda_pitch.pk, "templateId": template.pk}, format="json"
        )
        .json()["data"]
    )
    assert mine["preview"] == f"{creator.display_name} shares {nda_pitch.title}."
    # Someone else's template is a 404, like a missing one.
    other = _client(investor).post(
        "/api/ndas/preview", {"pitchId": nda_pitch.pk, "templateId": template.pk}, format="json"
    )
    assert other.status_code == 404
    assert (
        _client(investor).post("/api/ndas/preview", {"pitchId": "x"}, format="json").status_code
        == 400
    )


# --- history, analytics, verify ----------------------------------------------------------------


def test_history_lists_your_requests_and_those_with_one_person(
    nda_pitch, investor, production, creator, other_creator
):
    a = make_request(nda_pitch, investor)
    make_request(nda_pitch, production)
    mine = _client(investor).get("/api/ndas/history").json()["data"]
    assert [n["id"] for n in mine["ndas"]] == [a.pk]
    with_investor = _client(creator).get(f"/api/ndas/history/{investor.pk}").json()["data"]
    assert [n["id"] for n in with_investor["ndas"]] == [a.pk]
    assert (
        _client(other_creator).get(f"/api/ndas/history/{investor.pk}").json()["data"]["ndas"] == []
    )


def test_analytics_counts_your_incoming_requests(
    nda_pitch, investor, production, creator, django_assert_max_num_queries
):
    services.approve_nda(nda_request=make_request(nda_pitch, investor), actor=creator)
    services.reject_nda(nda_request=make_request(nda_pitch, production), actor=creator)
    make_request(nda_pitch, UserFactory(user_type="investor"))
    api = _client(creator)
    with django_assert_max_num_queries(8):
        data = api.get("/api/ndas/analytics", {"timeframe": "30d"}).json()["data"]["analytics"]
    assert (data["totalRequests"], data["approved"], data["rejected"], data["pending"]) == (
        3,
        1,
        1,
        1,
    )
    assert data["approvalRate"] == 0.5
    assert sum(day["count"] for day in data["trends"]) == 3
    assert (
        _client(investor).get("/api/ndas/analytics").json()["data"]["analytics"]["totalRequests"]
        == 0
    )
    assert api.get("/api/ndas/analytics", {"timeframe": "forever"}).status_code == 400


def test_verify_one_record_checks_the_stored_hashes(nda_pitch, investor, creator, production):
    row = make_request(nda_pitch, investor)
    pending = _client(investor).get(f"/api/ndas/{row.pk}/verify").json()["data"]
    assert pending["valid"] is False  # signed, but no executed agreement yet
    assert pending["signedBy"]["name"] == investor.display_name
    services.approve_nda(nda_request=row, actor=creator)
    data = _client(creator).get(f"/api/ndas/{row.pk}/verify").json()["data"]
    assert (data["valid"], data["textIntact"], data["documentIntact"]) == (True, True, True)
    assert data["signedAt"]
    assert _client(production).get(f"/api/ndas/{row.pk}/verify").status_code == 404
    # A tampered PDF no longer verifies.
    nda = Nda.objects.get(pk=row.pk)
    default_storage.delete(nda.document_key)
    default_storage.save(nda.document_key, io.BytesIO(b"%PDF-1.4 forged"))
    assert _client(creator).get(f"/api/ndas/{row.pk}/verify").json()["data"]["valid"] is False
    NdaRequest.objects.filter(pk=row.pk).update(signed_text="changed")
    assert _client(creator).get(f"/api/ndas/{row.pk}/verify").json()["data"]["textIntact"] is False
