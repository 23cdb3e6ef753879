"""Fields that only a service may change are read-only in the admin's change forms."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User
from pitches.models import Pitch

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "fields"),
    [(Pitch, {"status"}), (User, {"is_active", "user_type"})],
)
def test_service_owned_fields_are_read_only(staff, model, fields):
    request = RequestFactory().get("/admin/")
    request.user = staff
    model_admin = admin.site._registry[model]
    assert fields <= set(model_admin.get_readonly_fields(request))


def test_a_staff_edit_of_the_change_form_cannot_publish_a_pitch(client, staff, creator):
    from tests.pitches.factories import PitchFactory

    pitch = PitchFactory(owner=creator, status=Pitch.Status.DRAFT, published_at=None)
    client.force_login(staff)
    page = client.get(f"/admin/pitches/pitch/{pitch.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
