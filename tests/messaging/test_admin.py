from __future__ import annotations

import pytest

from messaging import notify, services
from messaging.kinds import NotificationKind

pytestmark = pytest.mark.django_db


def test_staff_search_conversations_and_messages_read_only(client, staff, creator, investor):
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    message = services.send_message(sender=investor, conversation=thread, content="abusive words")
    client.force_login(staff)
    found = client.get("/admin/messaging/message/?q=abusive")
    assert found.status_code == 200
    assert "abusive words" in found.content.decode()
    assert client.get(f"/admin/messaging/conversation/?q={creator.email}").status_code == 200
    assert client.get(f"/admin/messaging/conversation/{thread.pk}/change/").status_code == 200
    assert client.get("/admin/messaging/message/add/").status_code == 403
    deleted = client.post(f"/admin/messaging/message/{message.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    message.refresh_from_db()
    assert message.content == "abusive words"


def test_staff_see_notifications_and_the_email_log(client, staff, investor):
    notify(recipient=investor, kind=NotificationKind.SYSTEM, title="Logged")
    client.force_login(staff)
    assert client.get("/admin/messaging/notification/").status_code == 200
    assert client.get("/admin/messaging/emaildelivery/?status=sent").status_code == 200
