"""The pitch as the SPA reads it: its keys in `data` (PitchService.getById), the same under
`data.pitch`, and the viewer's NDA keys (`hasNDA`, `hasSignedNDA`, `ndaStatus`) that
PitchDetail.tsx checks before it shows protected material, in both NDA orders."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ndas import services
from pitches import access
from pitches.models import Pitch
from tests.factories import UserFactory
from tests.ndas.conftest import MARK

pytestmark = pytest.mark.django_db


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _read(client: APIClient, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body


@pytest.mark.parametrize("path", ["/api/pitches/{id}", "/api/pitches/public/{id}"])
def test_the_pitch_is_data_itself_and_data_pitch(nda_pitch, path):
    body = _read(_client(), path.format(id=nda_pitch.pk))
    data = body["data"]
    assert data["id"] == nda_pitch.pk
    assert data["title"] == "Harbour of Whispers"
    assert data["genre"] == nda_pitch.genre
    pitch = data.pop("pitch")
    assert pitch == data
    assert body["pitch"] == pitch
    # Only `pitch` is copied to the top level, not every field of the pitch.
    assert "title" not in body
    assert (data["hasNDA"], data["hasSignedNDA"], data["ndaStatus"]) == (False, False, "none")


def _keys(client: APIClient, pitch) -> tuple[bool, bool, str, bool]:
    data = _read(client, f"/api/pitches/{pitch.pk}")["data"]
    return data["hasNDA"], data["hasSignedNDA"], data["ndaStatus"], MARK in str(data)


def test_request_approve_then_sign(nda_pitch, investor, creator):
    client = _client(investor)
    assert _keys(client, nda_pitch) == (False, False, "none", False)
    row = services.request_nda(pitch=nda_pitch, requester=investor, message="May I?")
    assert _keys(client, nda_pitch) == (True, False, "pending", False)
    services.approve_nda(nda_request=row, actor=creator)
    has_nda, signed, status, leaked = _keys(client, nda_pitch)
    assert (has_nda, signed, leaked) == (True, False, False)
    assert status != "signed"
    services.sign_nda(nda_request=row, actor=investor, full_name="Ivan Investor", consent=True)
    assert _keys(client, nda_pitch) == (True, True, "signed", True)


def test_sign_at_request_then_approve(nda_pitch, investor, creator):
    client = _client(investor)
    row = services.request_nda(
        pitch=nda_pitch, requester=investor, full_name="Ivan Investor", consent=True
    )
    has_nda, signed, _, leaked = _keys(client, nda_pitch)
    assert (has_nda, signed, leaked) == (True, False, False)
    services.approve_nda(nda_request=row, actor=creator)
    assert _keys(client, nda_pitch) == (True, True, "signed", True)


def test_the_public_view_stays_public_after_the_nda(nda_pitch, investor, creator):
    row = services.request_nda(
        pitch=nda_pitch, requester=investor, full_name="Ivan Investor", consent=True
    )
    services.approve_nda(nda_request=row, actor=creator)
    body = _read(_client(investor), f"/api/pitches/public/{nda_pitch.pk}")
    assert MARK not in str(body)
    assert body["data"]["hasSignedNDA"] is True


def test_someone_elses_nda_is_not_yours(nda_pitch, investor, production, creator):
    row = services.request_nda(
        pitch=nda_pitch, requester=investor, full_name="Ivan Investor", consent=True
    )
    services.approve_nda(nda_request=row, actor=creator)
    assert _keys(_client(production), nda_pitch) == (False, False, "none", False)


def test_keys_read_with_the_row_are_those_asked_alone(nda_pitch, investor, creator):
    """The detail reads the row, the grant and the NDA keys in one query: the same answer as the
    reader that asks for one pitch, at every step, and never one viewer's keys for another."""
    stranger = UserFactory(user_type="investor")

    def both(user):
        row = access.with_viewer_keys(Pitch.objects.filter(pk=nda_pitch.pk), investor).get()
        return access.confidential_and_nda_keys(user, row), access.confidential_and_nda_keys(
            user, Pitch.objects.get(pk=nda_pitch.pk)
        )

    request = services.request_nda(pitch=nda_pitch, requester=investor, message="May I?")
    annotated, alone = both(investor)
    pending = {"hasNDA": True, "hasSignedNDA": False, "ndaStatus": "pending"}
    assert annotated == alone == (False, pending)
    services.approve_nda(nda_request=request, actor=creator)
    services.sign_nda(nda_request=request, actor=investor, full_name="Ivan Investor", consent=True)
    annotated, alone = both(investor)
    assert annotated == alone
    assert annotated[0] is True
    assert annotated[1]["hasSignedNDA"] is True
    # A row annotated for the investor, read for someone else: their own keys, asked afresh.
    annotated, alone = both(stranger)
    assert annotated == alone == (False, access.NO_NDA)
