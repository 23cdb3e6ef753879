"""POST /api/ndas/preview: a creator previews their own templates on their own pitch; someone
who may request an NDA on a pitch previews the agreement they would sign (title and parties,
never protected material); any other template is a 404 like a missing one."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.services.social import block_user
from ndas.services import templates
from ndas.text import current_template
from tests.ndas.conftest import MARK
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db

URL = "/api/ndas/preview"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _preview(user, body):
    return _client(user).post(URL, body, format="json")


@pytest.fixture
def short_template(creator):
    return templates.create_template(
        owner=creator,
        fields={"name": "Short", "content": "{disclosing_name} shares {project_name}."},
    )


def test_creator_previews_their_own_template_on_their_own_pitch(creator, nda_pitch, short_template):
    response = _preview(creator, {"pitchId": nda_pitch.pk, "templateId": short_template.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["data"]["preview"] == f"{creator.display_name} shares {nda_pitch.title}."
    assert body["data"]["templateId"] == short_template.pk


def test_a_template_on_someone_elses_pitch_is_not_shown(
    creator, other_creator, short_template, investor
):
    theirs = PitchFactory(owner=other_creator, status="published", title="Other Tide")
    response = _preview(creator, {"pitchId": theirs.pk, "templateId": short_template.pk})
    assert response.status_code == 404
    assert response.json()["success"] is False
    assert "shares" not in response.content.decode()


def test_requester_previews_the_agreement_they_would_sign(investor, creator, nda_pitch):
    response = _preview(investor, {"pitchId": nda_pitch.pk})
    assert response.status_code == 200
    preview = response.json()["data"]["preview"]
    assert nda_pitch.title in preview
    assert creator.display_name in preview
    assert investor.display_name in preview
    assert MARK not in response.content.decode()


def test_requester_may_name_the_platform_template_attached_to_the_pitch(investor, nda_pitch):
    attached = current_template()
    assert attached is not None
    response = _preview(investor, {"pitchId": nda_pitch.pk, "templateId": attached.pk})
    assert response.status_code == 200
    assert response.json()["data"]["templateId"] == attached.pk
    assert MARK not in response.content.decode()


def test_someone_elses_template_not_attached_to_the_pitch_is_404(
    investor, nda_pitch, short_template
):
    response = _preview(investor, {"pitchId": nda_pitch.pk, "templateId": short_template.pk})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"
    assert "shares" not in response.content.decode()


def test_an_unpublished_or_blocked_pitch_is_404_to_a_requester(investor, creator, nda_pitch):
    draft = PitchFactory(owner=creator, status="draft", title="Draft Tide")
    assert _preview(investor, {"pitchId": draft.pk}).status_code == 404
    block_user(blocker=creator, target=investor)
    response = _preview(investor, {"pitchId": nda_pitch.pk})
    assert response.status_code == 404
    assert nda_pitch.title not in response.content.decode()


def test_a_role_that_cannot_request_ndas_is_refused(watcher, other_creator, nda_pitch):
    for user in (watcher, other_creator):
        response = _preview(user, {"pitchId": nda_pitch.pk})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "FORBIDDEN"


def test_owner_previews_the_agreement_requesters_sign(creator, nda_pitch):
    response = _preview(creator, {"pitchId": nda_pitch.pk})
    assert response.status_code == 200
    assert nda_pitch.title in response.json()["data"]["preview"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "pitchId"),
        ({"pitchId": "x"}, "pitchId"),
        ({"pitchId": 0}, "pitchId"),
        ({"pitchId": 2**40}, "pitchId"),
        ({"pitchId": 1, "templateId": "abc"}, "templateId"),
        ({"pitchId": 1, "templateId": -3}, "templateId"),
    ],
)
def test_bad_input_is_a_400_with_field_messages(investor, body, field):
    response = _preview(investor, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in error["details"]


def test_missing_pitch_is_404(investor):
    assert _preview(investor, {"pitchId": 999_999}).status_code == 404
