"""The "Your data" tab of settings: a person sees their own GDPR requests with status and legal
deadline, asks for a copy of their data (once while one is open) and downloads it through the
signed URL, asks for erasure with their password, and withdraws it while it is pending."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from django.test import Client

from analytics.models import AuditLog
from staff.models import GdprRequest
from staff.services import gdpr
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _logged_in(user) -> Client:
    page = Client()
    response = page.post("/login/", {"email": user.email, "password": "Demo123"})
    assert response.status_code == 302, response.content
    return page


@pytest.mark.parametrize("user_type", ["creator", "investor", "production", "viewer"])
def test_the_tab_renders_for_every_kind_of_user(user_type):
    user = UserFactory(user_type=user_type)
    page = _logged_in(user)
    response = page.get("/settings/data/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-current="page">Your data</a>' in body
    assert "You have made no request." in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert "Your data</a>" in page.get("/settings/profile/").content.decode()


def test_the_tab_needs_a_login():
    assert Client().get("/settings/data/")["Location"].startswith("/login/?next=/settings/data/")


def test_an_export_is_requested_once_listed_and_downloaded(
    creator, django_capture_on_commit_callbacks
):
    page = _logged_in(creator)
    with django_capture_on_commit_callbacks(execute=False):
        first = page.post("/settings/data/", {"action": "export"}, follow=True)
    assert "We are preparing your data" in first.content.decode()
    row = GdprRequest.objects.get(user=creator)
    assert (row.kind, row.status, row.requested_by_id) == ("access", "pending", creator.pk)
    assert AuditLog.objects.filter(action="staff.gdpr.access_requested", actor=creator).exists()
    listed = first.content.decode()
    assert f'data-request-id="{row.pk}"' in listed
    assert row.due_at.strftime("%b %-d, %Y") in listed

    again = page.post("/settings/data/", {"action": "export"}, follow=True)
    assert "already has an open request of this kind" in again.content.decode()
    assert GdprRequest.objects.filter(user=creator).count() == 1

    assert page.get(f"/settings/data/{row.pk}/download/").status_code == 404  # not ready yet
    gdpr.export_data(request=row)
    ready = page.get("/settings/data/").content.decode()
    assert "Download (until" in ready
    redirect = page.get(f"/settings/data/{row.pk}/download/")
    assert redirect.status_code == 302
    served = Client().get(urlparse(redirect["Location"]).path)
    export = json.loads(b"".join(served.streaming_content))
    assert export["account"]["profile"]["email"] == creator.email
    # The first is answered, so a new copy may be asked for.
    page.post("/settings/data/", {"action": "export"})
    assert GdprRequest.objects.filter(user=creator).count() == 2


def test_someone_elses_request_is_neither_listed_nor_reachable(creator, investor):
    theirs = gdpr.create_request(user=investor, kind="access", actor=investor)
    gdpr.export_data(request=theirs)
    erasure = gdpr.create_request(user=investor, kind="erasure", actor=investor)
    page = _logged_in(creator)
    body = page.get("/settings/data/").content.decode()
    assert f'data-request-id="{theirs.pk}"' not in body
    assert "You have made no request." in body
    assert page.get(f"/settings/data/{theirs.pk}/download/").status_code == 404
    assert page.post(f"/settings/data/{erasure.pk}/withdraw/").status_code == 404
    erasure.refresh_from_db()
    assert erasure.status == "pending"


def test_erasure_needs_the_password_and_can_be_withdrawn_while_pending(investor):
    page = _logged_in(investor)
    unticked = page.post("/settings/data/", {"action": "erase", "password": "Demo123"})
    assert "Tick this box to confirm." in unticked.content.decode()
    wrong = page.post(
        "/settings/data/", {"action": "erase", "password": "wrong", "understood": "on"}
    )
    assert "Enter your current password to confirm." in wrong.content.decode()
    assert not GdprRequest.objects.filter(user=investor).exists()

    done = page.post(
        "/settings/data/",
        {"action": "erase", "password": "Demo123", "understood": "on"},
        follow=True,
    )
    assert "Your erasure request is recorded." in done.content.decode()
    row = GdprRequest.objects.get(user=investor)
    assert (row.kind, row.status) == ("erasure", "pending")
    twice = page.post(
        "/settings/data/",
        {"action": "erase", "password": "Demo123", "understood": "on"},
    )
    assert "already has an open request of this kind" in twice.content.decode()

    withdrawn = page.post(f"/settings/data/{row.pk}/withdraw/", follow=True)
    assert "Your erasure request is withdrawn" in withdrawn.content.decode()
    row.refresh_from_db()
    assert row.status == "withdrawn"
    assert AuditLog.objects.filter(action="staff.gdpr.erasure_withdrawn").exists()
    again = page.post(f"/settings/data/{row.pk}/withdraw/", follow=True)
    assert "Only a pending erasure request can be withdrawn." in again.content.decode()
    investor.refresh_from_db()
    assert investor.is_active


def test_a_page_without_csrf_is_refused(creator):
    page = Client(enforce_csrf_checks=True)
    page.force_login(creator)
    assert page.post("/settings/data/", {"action": "export"}).status_code == 403
    assert not GdprRequest.objects.exists()
