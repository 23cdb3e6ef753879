"""The payments and NDA-workflow switches of the runtime settings: staff turn them off through the
settings API, the services refuse new payments / NDA steps with a 503 envelope saying why, pages
show a notice, and what is already under way (provider webhooks, credits bought, NDA access
granted) keeps working."""

from __future__ import annotations

import time

import pytest

from analytics.models import AuditLog
from billing.models import Payment
from billing.providers import sandbox
from billing.services import credits
from ndas import services as nda_services
from ndas.models import NdaRequest
from pitches.access import can_view_confidential
from pitchey import runtime
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, make_staff

pytestmark = pytest.mark.django_db


def _switch(name: str, on: bool) -> None:
    api = client_for(make_staff("admin"))
    response = api.put("/api/admin/settings", {"features": {name: on}}, format="json")
    assert response.status_code == 200, response.content


def _refused(response, feature: str) -> None:
    assert response.status_code == 503, response.content
    error = response.json()["error"]
    assert error["code"] == "FEATURE_DISABLED"
    assert error["message"] == runtime.FEATURE_NOTICES[feature]
    assert error["details"] == {"feature": feature}
    assert response["Retry-After"] == str(runtime.FeatureDisabled.retry_after)


# --- payments ----------------------------------------------------------------------------------


@pytest.fixture
def buyer(db):
    return UserFactory(user_type="creator", credits=0)


def test_payments_off_refuses_checkout_plans_and_promos_and_on_again_works(buyer):
    api = client_for(buyer)
    assert runtime.feature_enabled("payments")  # read once: the value is now cached
    _switch("payments", False)

    _refused(
        api.post("/api/payments/credits/purchase", {"creditPackage": "package_1"}, format="json"),
        "payments",
    )
    _refused(api.post("/api/payments/subscribe", {"tier": "creator"}, format="json"), "payments")
    _refused(api.post("/api/payments/cancel-subscription"), "payments")
    _refused(api.post("/api/payments/billing-portal"), "payments")
    _refused(api.post("/api/payments/promo/validate", {"code": "ANY"}, format="json"), "payments")
    assert Payment.objects.count() == 0
    assert api.get("/api/payments/credits/balance").status_code == 200  # reads stay open

    entry = AuditLog.objects.filter(action="staff.settings.updated").latest("pk")
    assert entry.data["changes"]["features.payments"] == [True, False]

    _switch("payments", True)
    bought = api.post(
        "/api/payments/credits/purchase", {"creditPackage": "package_1"}, format="json"
    )
    assert bought.status_code == 201, bought.content
    assert Payment.objects.filter(user=buyer, status="pending").count() == 1


def test_payments_off_still_records_provider_events_and_lets_credits_be_spent(buyer):
    api = client_for(buyer)
    started = api.post(
        "/api/payments/credits/purchase", {"creditPackage": "package_2"}, format="json"
    )
    session_id = started.json()["data"]["sessionId"]
    _switch("payments", False)

    # Money already moving is recorded: the provider's webhook is applied as usual.
    sandbox.pay(session_id=session_id, user=buyer)
    payment = Payment.objects.get(stripe_session_id=session_id)
    assert payment.status == "completed"
    assert credits.balance_of(buyer.pk) == 10

    # Credits already bought can be spent: they were paid for before the switch.
    spent = api.post(
        "/api/payments/credits/use", {"amount": 3, "usageType": "video_link"}, format="json"
    )
    assert spent.status_code in (200, 201), spent.content
    assert credits.balance_of(buyer.pk) == 7


def test_payment_pages_show_the_notice_and_a_refused_purchase_as_a_message(buyer):
    _switch("payments", False)
    page = client_for(buyer).get("/billing/credits/")
    assert 'data-feature-off="payments"' in page.content.decode()
    assert runtime.FEATURE_NOTICES["payments"] in page.content.decode()

    posted = client_for(buyer).post("/billing/credits/", {"package": "package_1"}, follow=True)
    assert runtime.FEATURE_NOTICES["payments"] in posted.content.decode()
    assert Payment.objects.count() == 0

    _switch("payments", True)
    assert 'data-feature-off="payments"' not in client_for(buyer).get("/billing/").content.decode()


def test_a_switch_reaches_other_processes_within_the_memo_lifetime(buyer):
    """Another process keeps what it read for at most MEMO_SECONDS; then it reads the cache,
    which the settings service cleared after commit."""
    assert runtime.feature_enabled("payments")
    stale = runtime.current()
    _switch("payments", False)
    runtime._memo = (time.monotonic(), stale)  # a process that read just before the switch
    assert runtime.feature_enabled("payments") is True
    runtime._memo = (time.monotonic() - runtime.MEMO_SECONDS - 0.01, stale)
    assert runtime.feature_enabled("payments") is False


# --- NDA workflow -------------------------------------------------------------------------------


@pytest.fixture
def nda_pitch(creator):
    return PitchFactory(owner=creator, status="published", require_nda=True, nda_type="platform")


def _signed_request(pitch, investor) -> NdaRequest:
    return nda_services.request_nda(
        pitch=pitch, requester=investor, full_name="Ivan Investor", consent=True
    )


def test_nda_workflow_off_refuses_requests_approvals_and_signatures(
    nda_pitch, creator, investor, other_creator
):
    pending = _signed_request(nda_pitch, investor)
    unsigned_pitch = PitchFactory(
        owner=creator, status="published", require_nda=True, nda_type="platform"
    )
    unsigned = nda_services.request_nda(pitch=unsigned_pitch, requester=investor)
    nda_services.approve_nda(nda_request=unsigned, actor=creator)
    third = PitchFactory(owner=creator, status="published", require_nda=True, nda_type="platform")
    _switch("nda_workflow", False)

    requested = client_for(other_creator).post(
        "/api/ndas/request",
        {"pitchId": third.pk, "fullName": "Carol Rival", "consent": True},
        format="json",
    )
    _refused(requested, "nda_workflow")
    assert not NdaRequest.objects.filter(pitch=third).exists()

    approved = client_for(creator).post(f"/api/ndas/{pending.pk}/approve", {}, format="json")
    _refused(approved, "nda_workflow")
    bulk = client_for(creator).post(
        "/api/ndas/bulk-approve", {"ndaIds": [pending.pk]}, format="json"
    )
    _refused(bulk, "nda_workflow")
    signed = client_for(investor).post(
        f"/api/ndas/{unsigned.pk}/sign",
        {"fullName": "Ivan Investor", "consent": True},
        format="json",
    )
    _refused(signed, "nda_workflow")
    pending.refresh_from_db()
    unsigned.refresh_from_db()
    assert (pending.status, unsigned.is_signed) == ("pending", False)

    _switch("nda_workflow", True)
    again = client_for(creator).post(f"/api/ndas/{pending.pk}/approve", {}, format="json")
    assert again.status_code == 200, again.content


def test_nda_workflow_off_keeps_access_already_granted_and_shows_a_notice(
    nda_pitch, creator, investor
):
    granted = _signed_request(nda_pitch, investor)
    nda_services.approve_nda(nda_request=granted, actor=creator)
    assert can_view_confidential(investor, nda_pitch)
    _switch("nda_workflow", False)

    assert can_view_confidential(investor, nda_pitch)
    granted.refresh_from_db()
    assert granted.status == "approved"
    page = client_for(investor).get("/ndas/")
    assert 'data-feature-off="nda_workflow"' in page.content.decode()
    assert runtime.FEATURE_NOTICES["nda_workflow"] in page.content.decode()


# --- the admin site ----------------------------------------------------------------------------


def test_admins_flip_the_switches_in_the_admin_site_through_the_same_service():
    from django.test import Client

    admin = make_staff("admin")
    site = Client()
    site.force_login(admin)
    url = "/admin/pitchey/runtimesettings/"
    page = site.get(url)
    assert page.status_code == 200
    assert 'name="feature_payments"' in page.content.decode()
    body = {f"feature_{name}": "on" for name in runtime.DEFAULTS["features"]}
    del body["feature_nda_workflow"]
    saved = site.post(url, body)
    assert saved.status_code == 302
    assert runtime.feature_enabled("nda_workflow") is False
    assert runtime.feature_enabled("payments") is True
    entry = AuditLog.objects.filter(action="staff.settings.updated").latest("pk")
    assert entry.actor_id == admin.pk
    assert entry.data["changes"]["features.nda_workflow"] == [True, False]

    support = Client()
    support.force_login(make_staff("support"))
    assert support.get(url).status_code == 403
    assert support.post(url, {}).status_code == 403
    assert runtime.feature_enabled("payments") is True
