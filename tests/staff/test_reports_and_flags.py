"""Reports (X15) and the moderation queue (AD3): a user reports what they can see, reports
gather into one flag per object, moderators assign and resolve it through the owning app's
services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from analytics.models import AuditLog, ContentReport
from messaging import services as messaging_services
from messaging.models import Notification
from pitches.engagement import services as engagement
from pitches.models import Pitch
from staff.models import Flag
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, enable_real_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def pitch(creator) -> Pitch:
    return PitchFactory(owner=creator, status=Pitch.Status.PUBLISHED)


def _report(user, target_type, target_id, reason="spam"):
    return client_for(user).post(
        "/api/reports",
        {"targetType": target_type, "targetId": str(target_id), "reason": reason},
        format="json",
    )


def test_reports_on_one_pitch_gather_into_one_flag(pitch, investor, watcher):
    first = _report(investor, "pitch", pitch.pk, "spam")
    assert first.status_code == 201, first.content
    assert first.json()["data"]["reportId"] == ContentReport.objects.get().pk
    assert _report(watcher, "pitch", pitch.pk, "offensive").status_code == 201
    flag = Flag.objects.get()
    assert (flag.target_type, flag.target_id, flag.report_count) == ("pitch", pitch.pk, 2)
    assert flag.reasons == ["spam", "offensive"]
    assert flag.target_owner_id == pitch.owner_id


def test_one_open_report_per_user_and_object(pitch, investor):
    assert _report(investor, "pitch", pitch.pk).status_code == 201
    again = _report(investor, "pitch", pitch.pk)
    assert again.status_code == 409
    assert ContentReport.objects.count() == 1
    assert Flag.objects.get().report_count == 1


def test_nobody_reports_what_they_cannot_see_or_their_own_content(pitch, investor, creator):
    draft = PitchFactory(owner=creator, status=Pitch.Status.DRAFT)
    missing = _report(investor, "pitch", draft.pk)
    assert missing.status_code == 404
    own = _report(creator, "pitch", pitch.pk)
    assert own.status_code == 400
    assert "targetId" in own.json()["error"]["details"]
    bad = _report(investor, "spaceship", pitch.pk)
    assert bad.status_code == 400
    assert "targetType" in bad.json()["error"]["details"]
    assert client_for(investor).post("/api/reports", {}, format="json").status_code == 400
    assert not ContentReport.objects.exists()
    assert not Flag.objects.exists()


def test_a_message_is_reported_only_by_a_participant(creator, investor, watcher):
    conversation = messaging_services.start_conversation(
        creator=investor, recipient_ids=[creator.pk]
    )
    message = messaging_services.send_message(
        sender=investor, conversation=conversation, content="rude words"
    )
    assert _report(watcher, "message", message.pk).status_code == 404
    assert _report(creator, "message", message.pk).status_code == 201
    assert Flag.objects.get().target_owner_id == investor.pk


def test_reports_are_rate_limited(investor):
    pitches = PitchFactory.create_batch(11, status=Pitch.Status.PUBLISHED)
    codes = [_report(investor, "pitch", p.pk).status_code for p in pitches]
    assert codes == [201] * 10 + [429]


def test_moderator_hides_a_reported_pitch_and_the_reports_close(
    pitch, investor, moderator, mod_api
):
    _report(investor, "pitch", pitch.pk)
    flag = Flag.objects.get()
    queue = mod_api.get("/api/admin/flags").json()
    assert [f["id"] for f in queue["flags"]] == [flag.pk]
    assert queue["flags"][0]["targetType"] == "pitch"
    assigned = mod_api.put(f"/api/admin/flag/{flag.pk}/assign", {}, format="json")
    assert assigned.json()["flag"]["assignee"]["id"] == moderator.pk
    resolved = mod_api.put(
        f"/api/admin/flag/{flag.pk}/resolve",
        {"resolution": "hide", "notes": "Spam"},
        format="json",
    )
    assert resolved.status_code == 200, resolved.content
    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.HIDDEN
    assert ContentReport.objects.get().resolved_at is not None
    assert AuditLog.objects.filter(action="staff.flag.resolved.hide").exists()
    assert mod_api.get("/api/admin/flags").json()["flags"] == []
    again = mod_api.put(f"/api/admin/flag/{flag.pk}/resolve", {"resolution": "dismiss"})
    assert again.status_code == 409


def test_warning_notifies_the_author_of_a_comment(pitch, investor, watcher, mod_api):
    comment = engagement.post_comment(pitch=pitch, author=investor, body="A nasty comment")
    _report(watcher, "comment", comment.pk)
    flag = Flag.objects.get()
    response = mod_api.put(
        f"/api/admin/flag/{flag.pk}/resolve", {"action": "warn", "notes": "Be kind"}, format="json"
    )
    assert response.status_code == 200, response.content
    warning = Notification.objects.get(user=investor, kind="moderation_warning")
    assert warning.body == "Be kind"


def test_removal_needs_a_reason_and_a_recent_confirmation(pitch, investor, moderator, time_machine):
    comment = engagement.post_comment(pitch=pitch, author=investor, body="Remove me")
    _report(pitch.owner, "comment", comment.pk)
    flag = Flag.objects.get()
    api = client_for(moderator)
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=20))  # the login is stale
    url = f"/api/admin/flag/{flag.pk}/resolve"
    no_reason = api.put(url, {"resolution": "remove"}, format="json")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["error"]["details"]
    stale = api.put(url, {"resolution": "remove", "reason": "Abuse"}, format="json")
    assert stale.status_code == 403
    assert stale.json()["error"]["code"] == "REAUTH_REQUIRED"
    comment.refresh_from_db()
    assert comment.removed_at is None
    codes = enable_real_mfa(moderator)
    wrong = api.post("/api/admin/reauth", {"password": "Demo123", "code": "nope"}, format="json")
    assert wrong.status_code == 400
    confirmed = api.post(
        "/api/admin/reauth", {"password": "Demo123", "code": codes[0]}, format="json"
    )
    assert confirmed.status_code == 200, confirmed.content
    done = api.put(url, {"resolution": "remove", "reason": "Abuse"}, format="json")
    assert done.status_code == 200, done.content
    comment.refresh_from_db()
    assert comment.removed_at is not None


def test_suspend_resolution_suspends_the_author(pitch, investor, watcher, moderator):
    _report(watcher, "profile", investor.pk)
    flag = Flag.objects.get()
    codes = enable_real_mfa(moderator)
    api = client_for(moderator)
    api.post("/api/admin/reauth", {"password": "Demo123", "code": codes[0]}, format="json")
    url = f"/api/admin/flag/{flag.pk}/resolve"
    missing_date = api.put(url, {"resolution": "suspend", "reason": "Harassment"}, format="json")
    assert missing_date.status_code == 400
    until = (timezone.now() + timezone.timedelta(days=3)).isoformat()
    response = api.put(
        url,
        {"resolution": "suspend", "reason": "Harassment", "suspendUntil": until},
        format="json",
    )
    assert response.status_code == 200, response.content
    investor.refresh_from_db()
    assert investor.moderation_status == "suspended"


def test_a_profile_cannot_be_hidden(investor, watcher, mod_api):
    _report(watcher, "user", investor.pk)
    flag = Flag.objects.get()
    assert flag.target_type == "profile"
    response = mod_api.put(f"/api/admin/flag/{flag.pk}/resolve", {"resolution": "hide"})
    assert response.status_code == 400
    flag.refresh_from_db()
    assert flag.status == "open"


def test_staff_flag_feature_and_bulk_hide(pitch, mod_api):
    flagged = mod_api.post(
        "/api/admin/flags", {"contentId": pitch.pk, "reasons": ["quality"]}, format="json"
    )
    assert flagged.status_code == 201
    content = mod_api.get("/api/admin/content?status=flagged").json()
    assert [p["id"] for p in content["pitches"]] == [pitch.pk]
    assert content["pitches"][0]["flaggedReasons"] == ["quality"]
    featured = mod_api.post(f"/api/admin/content/{pitch.pk}/feature", {"notes": "Great"})
    assert featured.json()["featured"] is True
    other = PitchFactory(status=Pitch.Status.PUBLISHED)
    bulk = mod_api.post(
        "/api/admin/bulk-action",
        {"action": "moderate_reject", "pitchIds": [pitch.pk, other.pk], "data": {}},
        format="json",
    )
    assert bulk.json()["processed"] == 2
    assert set(Pitch.objects.values_list("status", flat=True)) == {"hidden"}
    unknown = mod_api.post("/api/admin/bulk-action", {"action": "explode"}, format="json")
    assert unknown.status_code == 400


def test_flag_of_someone_else_or_missing_is_404_with_nothing_written(mod_api):
    before = AuditLog.objects.count()
    assert mod_api.put("/api/admin/flag/999999/resolve", {"resolution": "hide"}).status_code == 404
    assert mod_api.delete("/api/admin/content/999999", {"reason": "x"}).status_code == 404
    assert AuditLog.objects.count() == before


def test_flag_queue_query_count_does_not_grow(mod_api):
    reporters = UserFactory.create_batch(2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert mod_api.get("/api/admin/flags").status_code == 200
        return len(context.captured_queries)

    for _ in range(2):
        _report(reporters[0], "pitch", PitchFactory(status=Pitch.Status.PUBLISHED).pk)
    small = queries()
    for _ in range(6):
        _report(reporters[1], "pitch", PitchFactory(status=Pitch.Status.PUBLISHED).pk)
    assert queries() == small
