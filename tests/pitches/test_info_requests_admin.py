"""Staff read information requests in the admin; the admin cannot add or change one."""

from __future__ import annotations

import pytest

from pitches.models import InfoRequest
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_staff_read_info_requests_and_cannot_edit_them(client, staff, investor, creator):
    pitch = PitchFactory(owner=creator, title="Harbour Lights")
    row = InfoRequest.objects.create(
        pitch=pitch, requester=investor, owner=creator, message="Budget top sheet, please."
    )
    client.force_login(staff)
    listing = client.get("/admin/pitches/inforequest/")
    assert listing.status_code == 200
    assert "Harbour Lights" in listing.content.decode()
    assert client.get("/admin/pitches/inforequest/add/").status_code == 403
    page = client.get(f"/admin/pitches/inforequest/{row.pk}/change/")
    assert page.status_code == 200
    assert 'name="message"' not in page.content.decode()  # read-only view
