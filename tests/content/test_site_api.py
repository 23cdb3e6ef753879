"""The SPA's public site endpoints (section 3.4, "Info requests, content, config, misc"): page
content from the database, live stats, locale, the contact form and browser error reports."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.test.utils import override_settings

from analytics.models import AuditLog
from content import services
from content.models import ClientError, ContactMessage, Page
from tests.accounts.conftest import browser_client, log_in
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def web():
    return browser_client()


def test_how_it_works_answers_the_keys_the_page_reads(web):
    body = web.get("/api/content/how-it-works").json()
    assert body["success"] is True
    data = body["data"]
    assert data["hero"]["title"]
    assert data["hero"]["buttons"]
    assert {"step", "icon", "title", "description"} <= set(data["creatorSteps"][0])
    assert data["investorSteps"]
    assert data["features"]
    assert data["cta"]["buttons"]
    assert data["title"] == Page.objects.get(slug="how-it-works").title


def test_about_and_team_come_from_the_database(web):
    about = web.get("/api/content/about").json()["data"]
    assert about["story"][0]["text"]
    assert about["founder"]["name"]
    team = web.get("/api/content/team").json()["data"]
    assert {"id", "name", "title", "bio"} <= set(team["leadership"][0])
    assert team["advisors"] == []


def test_a_staff_edit_changes_what_the_spa_reads(web, staff):
    page = Page.objects.get(slug="team")
    page.data = {"leadership": [{"id": 7, "name": "Rosa Diaz", "title": "CEO"}], "advisors": []}
    services.save_page(page=page, actor=staff)
    assert web.get("/api/content/team").json()["data"]["leadership"][0]["name"] == "Rosa Diaz"


def test_an_unpublished_or_unknown_page_is_a_404(web):
    Page.objects.filter(slug="about").update(is_published=False)
    assert web.get("/api/content/about").status_code == 404
    response = web.get("/api/content/nothing-here")
    assert response.status_code == 404
    assert response.json()["success"] is False


def test_stats_count_live_rows(web, creator, investor, production):
    PitchFactory(owner=creator)
    PitchFactory(owner=creator, status="draft", published_at=None)
    data = web.get("/api/content/stats").json()["data"]
    assert (data["pitches"], data["creators"], data["backers"], data["ndasSigned"]) == (1, 1, 2, 0)
    labels = [metric["label"] for metric in data["metrics"]]
    assert labels[0] == "Published Pitches"
    assert {"label", "value", "color", "description"} <= set(data["metrics"][0])
    assert data["lastUpdated"]


def test_locale_keys(web):
    data = web.get("/api/locale").json()["data"]
    assert data["currency"] == "EUR"
    assert data["multiCurrencyEnabled"] is False
    assert data["supportedCurrencies"] == ["EUR"]


# --- contact ----------------------------------------------------------------------------------

CONTACT = {
    "type": "web-issue",
    "email": "visitor@example.com",
    "subject": "The upload\r\nBcc: everyone@example.com",
    "message": "The upload button does nothing.",
}


@override_settings(CONTACT_RECIPIENTS=["support@pitchey.example"])
def test_contact_is_stored_audited_and_emailed_after_commit(
    web, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = web.post("/api/contact", CONTACT, format="json")
    assert response.status_code == 201
    assert response.json()["success"] is True
    stored = ContactMessage.objects.get()
    assert (stored.kind, stored.email) == ("web-issue", "visitor@example.com")
    assert stored.subject == "The upload Bcc: everyone@example.com"  # one header line
    assert AuditLog.objects.filter(action="content.contact.received").count() == 1
    assert len(callbacks) == 1
    [sent] = mail.outbox
    assert sent.to == ["support@pitchey.example"]
    assert sent.reply_to == ["visitor@example.com"]
    assert "The upload button does nothing." in sent.body


def test_contact_goes_to_staff_when_no_address_is_set(
    web, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        web.post("/api/contact", CONTACT, format="json")
    assert mail.outbox[0].to == [staff.email]


def test_contact_nothing_is_sent_before_commit(web):
    web.post("/api/contact", CONTACT, format="json")  # the test transaction never commits
    assert ContactMessage.objects.count() == 1
    assert mail.outbox == []


def test_contact_bad_input_names_each_field_and_stores_nothing(web):
    response = web.post(
        "/api/contact",
        {"type": "spam", "email": "not-an-email", "subject": "", "message": ""},
        format="json",
    )
    assert response.status_code == 400
    assert {"type", "email", "subject", "message"} <= set(response.json()["error"]["details"])
    assert not ContactMessage.objects.exists()


def test_contact_is_rate_limited_per_address(web):
    for _ in range(services.CONTACT_LIMIT):
        assert web.post("/api/contact", CONTACT, format="json").status_code == 201
    response = web.post("/api/contact", CONTACT, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert ContactMessage.objects.count() == services.CONTACT_LIMIT


def test_a_logged_in_sender_is_recorded(investor):
    client = browser_client()
    log_in(client, investor, "investor")
    client.post("/api/contact", CONTACT, format="json")
    assert ContactMessage.objects.get().sender == investor


# --- browser error reports ---------------------------------------------------------------------

REPORT = {
    "message": "TypeError: x is undefined",
    "stack": "at Dashboard (Dashboard.tsx:12)",
    "context": {"route": "/creator/dashboard"},
    "consoleErrors": ["first", "second"],
    "url": "http://127.0.0.1:8000/creator/dashboard",
    "userAgent": "Mozilla/5.0",
    "timestamp": "2026-11-30T07:00:00Z",
    "level": "error",
}


def test_error_log_is_stored_and_visible_in_the_admin(web, client, staff):
    response = web.post("/api/errors/log", REPORT, format="json")
    assert response.status_code == 201
    stored = ClientError.objects.get(pk=response.json()["data"]["id"])
    assert stored.source == "error_log"
    assert stored.message == "TypeError: x is undefined"
    assert stored.user_agent == "Mozilla/5.0"
    assert stored.context["context"] == {"route": "/creator/dashboard"}
    assert stored.context["console_errors"] == ["first", "second"]
    client.force_login(staff)
    page = client.get("/admin/content/clienterror/")
    assert page.status_code == 200
    assert "TypeError: x is undefined" in page.content.decode()


def test_console_error_is_stored_with_its_source(web):
    response = web.post(
        "/api/monitoring/console-error", {"message": "boom", "type": "console"}, format="json"
    )
    assert response.status_code == 201
    assert ClientError.objects.get().source == "console"


def test_error_reports_are_cut_to_size(web):
    huge = {
        "message": "m" * 10_000,
        "stack": "s" * 20_000,
        "context": {"blob": "c" * 15_000},
    }
    assert web.post("/api/errors/log", huge, format="json").status_code == 201
    stored = ClientError.objects.get()
    assert len(stored.message) == services.MESSAGE_CAP
    assert len(stored.stack) == services.STACK_CAP
    assert stored.context["truncated"] is True
    assert len(stored.context["preview"]) == services.CONTEXT_CAP


def test_an_oversized_report_is_refused_unread(web):
    body = json.dumps({"message": "x" * (70 * 1024)})
    response = web.post("/api/errors/log", body, content_type="application/json")
    assert response.status_code == 413
    assert not ClientError.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "[1, 2, 3]",
        "not json at all",
        "{}",
        '{"message": "nul \\u0000 byte"}',
        "[" * 5000 + "]" * 5000,
        '{"message": ' + "[" * 3000 + "]" * 3000 + "}",
    ],
)
@pytest.mark.parametrize("path", ["/api/errors/log", "/api/monitoring/console-error"])
def test_hostile_reports_get_a_4xx_envelope_never_a_500(web, path, body):
    response = web.post(path, body, content_type="application/json")
    assert 400 <= response.status_code < 500, response.content[:200]
    assert response.json()["success"] is False
    assert not ClientError.objects.exists()


def test_error_reports_are_rate_limited_per_address(web):
    for _ in range(services.ERROR_LIMIT):
        assert web.post("/api/errors/log", {"message": "again"}, format="json").status_code == 201
    response = web.post("/api/monitoring/console-error", {"message": "again"}, format="json")
    assert response.status_code == 429
    assert ClientError.objects.count() == services.ERROR_LIMIT


def test_staff_mark_a_contact_message_handled_from_the_admin(client, staff):
    contact = ContactMessage.objects.create(email="a@example.com", subject="Hi", message="Hello")
    client.force_login(staff)
    response = client.post(
        "/admin/content/contactmessage/",
        {"action": "mark_handled", "_selected_action": [contact.pk]},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.handled_at is not None
    assert AuditLog.objects.filter(action="content.contact.handled").count() == 1
