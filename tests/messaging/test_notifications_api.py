from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from messaging import notify, services
from messaging.kinds import NotificationKind
from messaging.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_is_importable_from_the_package_and_stores_the_row(creator):
    note = notify(
        recipient=creator,
        kind=NotificationKind.NDA_REQUEST,
        title="New NDA request",
        body="Ivan asked",
        link="/ndas/1",
        data={"nda_id": 1},
    )
    assert Notification.objects.get(pk=note.pk).data == {"nda_id": 1}


def test_list_has_the_unread_count_and_pagination(api, investor):
    for i in range(3):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title=f"n{i}")
    api.force_authenticate(investor)
    data = api.get("/api/notifications?limit=2").json()["data"]
    assert [n["title"] for n in data["notifications"]] == ["n2", "n1"]
    assert data["unreadCount"] == 3
    assert data["total"] == 3
    assert data["totalPages"] == 2


def test_unread_endpoint_lists_only_unread(api, investor):
    first = notify(recipient=investor, kind=NotificationKind.SYSTEM, title="old")
    notify(recipient=investor, kind=NotificationKind.SYSTEM, title="new")
    services.mark_notifications_read(user=investor, ids=[first.pk])
    api.force_authenticate(investor)
    data = api.get("/api/notifications/unread").json()["data"]
    assert [n["title"] for n in data["notifications"]] == ["new"]
    assert data["count"] == 1


def test_mark_one_read(api, investor):
    note = notify(recipient=investor, kind=NotificationKind.SYSTEM, title="x")
    api.force_authenticate(investor)
    response = api.put(f"/api/notifications/{note.pk}/read")
    assert response.status_code == 200
    assert response.json()["data"]["notification"]["read"] is True


def test_someone_elses_notification_is_404_and_untouched(api, investor, creator):
    note = notify(recipient=creator, kind=NotificationKind.SYSTEM, title="private")
    api.force_authenticate(investor)
    assert api.put(f"/api/notifications/{note.pk}/read").status_code == 404
    assert api.delete(f"/api/notifications/{note.pk}").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_read_multiple_ignores_other_peoples_ids(api, investor, creator):
    mine = notify(recipient=investor, kind=NotificationKind.SYSTEM, title="mine")
    theirs = notify(recipient=creator, kind=NotificationKind.SYSTEM, title="theirs")
    api.force_authenticate(investor)
    response = api.put(
        "/api/notifications/read-multiple", {"notificationIds": [mine.pk, theirs.pk]}, format="json"
    )
    assert response.json()["data"]["updated"] == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_multiple_needs_ids(api, investor):
    api.force_authenticate(investor)
    response = api.put("/api/notifications/read-multiple", {"notificationIds": []}, format="json")
    assert response.status_code == 400
    assert "notificationIds" in response.json()["error"]["details"]


def test_mark_all_read_and_delete(api, investor):
    notify(recipient=investor, kind=NotificationKind.SYSTEM, title="a")
    note = notify(recipient=investor, kind=NotificationKind.SYSTEM, title="b")
    api.force_authenticate(investor)
    assert api.put("/api/notifications/read-all").json()["data"]["updated"] == 2
    assert api.delete(f"/api/notifications/{note.pk}").status_code == 200
    assert Notification.objects.filter(user=investor).count() == 1


def test_anonymous_is_401(api):
    assert api.get("/api/notifications").status_code == 401


@pytest.mark.parametrize("size", [1, 10, 30])
def test_the_list_query_count_does_not_grow(api, investor, django_assert_num_queries, size):
    for i in range(size):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title=f"n{i}")
    api.force_authenticate(investor)
    with django_assert_num_queries(3):
        api.get("/api/notifications?limit=50")


def test_poll_all_returns_what_is_new_since_a_timestamp(api, investor, creator, conversation):
    with time_machine.travel(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC), tick=False):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="old")
    with time_machine.travel(dt.datetime(2026, 1, 1, 11, tzinfo=dt.UTC), tick=False):
        notify(recipient=investor, kind=NotificationKind.SYSTEM, title="new")
        services.send_message(sender=creator, conversation=conversation, content="hi there")
    api.force_authenticate(investor)
    data = api.get("/api/poll/all?since=2026-01-01T10:00:00Z").json()["data"]
    titles = [n["title"] for n in data["notifications"]]
    assert "new" in titles
    assert "old" not in titles
    assert [m["content"] for m in data["messages"]] == ["hi there"]
    assert data["dashboard"]["unreadMessages"] == 1
    assert data["dashboard"]["unreadNotifications"] == 3  # old, new, and the message notice


def test_poll_all_refuses_a_bad_timestamp(api, investor):
    api.force_authenticate(investor)
    response = api.get("/api/poll/all?since=yesterday")
    assert response.status_code == 400
    assert "since" in response.json()["error"]["details"]


@pytest.mark.redis
def test_presence_is_visible_only_to_conversation_partners(api, investor, creator, conversation):
    stranger = UserFactory()
    api.force_authenticate(creator)
    assert api.post("/api/presence/update", {"status": "online"}, format="json").status_code == 200
    api.force_authenticate(investor)
    users = api.get("/api/presence/online").json()["data"]["users"]
    assert [u["userId"] for u in users] == [creator.pk]
    api.force_authenticate(stranger)
    assert api.get("/api/presence/online").json()["data"]["users"] == []


def test_presence_update_refuses_an_unknown_status(api, investor):
    api.force_authenticate(investor)
    response = api.post("/api/presence/update", {"status": "sleeping"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["details"]


def test_notify_many_stores_one_row_each_and_emails_per_preference(
    investor, creator, watcher, mailoutbox, django_capture_on_commit_callbacks
):
    from messaging import notify_many

    watcher.notification_frequency = "daily"
    watcher.save(update_fields=["notification_frequency"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify_many(
            recipients=[investor, creator.pk, watcher],
            kind=NotificationKind.PITCH_PUBLISHED,
            title="New pitch",
        )
    assert {n.user_id for n in rows} == {investor.pk, creator.pk, watcher.pk}
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([investor.email, creator.email])


def test_user_notifications_is_the_same_list_under_the_spa_path(api, investor, creator):
    mine = services.notify(recipient=investor, kind=NotificationKind.SYSTEM, title="Yours")
    services.notify(recipient=creator, kind=NotificationKind.SYSTEM, title="Not yours")
    assert api.get("/api/user/notifications").status_code == 401
    api.force_authenticate(investor)
    response = api.get("/api/user/notifications?limit=20&offset=0")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [n["id"] for n in data["notifications"]] == [mine.pk]
    assert data["unreadCount"] == 1
    bad = api.get("/api/user/notifications?offset=-1")
    assert bad.status_code == 400
    assert "offset" in bad.json()["error"]["details"]


def test_notify_takes_only_keywords_and_a_declared_kind(investor):
    with pytest.raises(TypeError):
        notify(investor, NotificationKind.SYSTEM, "positional")  # type: ignore[misc]
    with pytest.raises(ValueError, match="not a valid NotificationKind"):
        notify(recipient=investor, kind="made_up", title="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a valid NotificationKind"):
        services.notify_many(recipients=[investor], kind="made_up", title="x")  # type: ignore[arg-type]
    assert not Notification.objects.filter(user=investor).exists()
