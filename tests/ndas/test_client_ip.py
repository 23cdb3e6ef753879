"""The caller's IP is an address or None, never a word: an IP column stores it as it is, so a
request the server was not told an address for (a WSGI caller without REMOTE_ADDR, found by the
API fuzz run) or a forged forwarded header cannot turn an audited action into a 500."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from analytics.models import AuditLog
from ndas import services
from ndas.models import NdaRequest
from pitchey.ratelimit import client_ip

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("meta", "hops", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.9"}, 0, "203.0.113.9"),
        ({"REMOTE_ADDR": "2001:db8::1"}, 0, "2001:db8::1"),
        ({"REMOTE_ADDR": ""}, 0, None),
        ({"REMOTE_ADDR": "unknown"}, 0, None),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, 1, "198.51.100.7"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "evil, nope"}, 1, None),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, 0, "10.0.0.1"),
    ],
)
def test_client_ip_is_an_address_or_none(settings, meta, hops, expected):
    settings.TRUSTED_PROXY_COUNT = hops
    request = RequestFactory().get("/", **meta)
    if not meta.get("REMOTE_ADDR"):
        request.META.pop("REMOTE_ADDR", None)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("meta", "hops"),
    [({"REMOTE_ADDR": ""}, 0), ({"HTTP_X_FORWARDED_FOR": "not-an-address"}, 1)],
)
def test_an_audited_revoke_without_a_usable_ip_is_recorded_without_one(
    settings,
    nda_pitch,
    creator,
    investor,
    meta,
    hops,
):
    settings.TRUSTED_PROXY_COUNT = hops
    row = services.request_nda(pitch=nda_pitch, requester=investor, message="May I read it?")
    services.approve_nda(nda_request=row, actor=creator)
    api = APIClient()
    api.force_authenticate(creator)

    response = api.post(f"/api/ndas/{row.pk}/revoke", {"reason": "Done."}, format="json", **meta)

    assert response.status_code == 200, response.content
    assert NdaRequest.objects.get(pk=row.pk).status == "revoked"
    entry = AuditLog.objects.filter(action="ndas.nda.revoked", object_id=str(row.pk)).get()
    assert entry.ip_address is None
