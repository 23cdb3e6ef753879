from __future__ import annotations

import pytest

from messaging import notify, services
from messaging.kinds import NotificationKind
from messaging.models import Message, Notification

pytestmark = pytest.mark.django_db


def test_the_messages_page_works_without_javascript(client, creator, investor):
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    client.force_login(creator)
    response = client.post(f"/messages/{thread.pk}/", {"content": "Plain form"}, follow=True)
    assert response.status_code == 200
    assert "Plain form" in response.content.decode()
    assert thread.messages.get().content == "Plain form"


def test_opening_a_thread_shows_an_empty_form_without_errors(client, creator, investor):
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    client.force_login(creator)
    page = client.get(f"/messages/{thread.pk}/").content.decode()
    assert "This field is required." not in page


def test_opening_a_thread_marks_it_read(client, creator, investor):
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    services.send_message(sender=investor, conversation=thread, content="ping")
    client.force_login(creator)
    client.get(f"/messages/{thread.pk}/")
    page = client.get("/messages/").content.decode()
    assert 'data-count="0"' in page


def test_someone_elses_thread_is_404(client, watcher, creator, investor):
    thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
    client.force_login(watcher)
    assert client.get(f"/messages/{thread.pk}/").status_code == 404
    assert client.post(f"/messages/{thread.pk}/", {"content": "x"}).status_code == 404
    assert not Message.objects.exists()


def test_starting_a_conversation_by_username(client, creator, investor):
    client.force_login(investor)
    response = client.post(
        "/messages/new/", {"recipient": creator.username, "content": "Hello"}, follow=True
    )
    assert "Hello" in response.content.decode()
    assert Message.objects.get().sender == investor


def test_starting_with_nobody_keeps_the_typed_message_and_says_so_beside_the_field(
    client, investor
):
    client.force_login(investor)
    typed = "A long first message I would hate to type again."
    response = client.post("/messages/new/", {"recipient": "ghost", "content": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert f">{typed}</textarea>" in page
    field = page.split('for="id_recipient"', 1)[1].split("</div>", 1)[0]
    assert "Nobody has that username or email." in field
    assert not Message.objects.exists()


def test_an_empty_message_keeps_the_recipient_and_asks_for_the_words(client, investor, creator):
    client.force_login(investor)
    page = client.post("/messages/new/", {"recipient": f"@{creator.username}", "content": ""})
    text = page.content.decode()
    assert f'value="@{creator.username}"' in text
    assert "Write the message first." in text
    assert not Message.objects.exists()


def test_the_recipient_field_suggests_people_from_the_search_api(client, investor, creator):
    client.force_login(investor)
    page = client.get(f"/messages/?to={creator.username}").content.decode()
    assert 'list="people-options"' in page
    assert "js/people-search.js" in page
    found = client.get(f"/api/users/search?q={creator.first_name[:3]}").json()
    assert creator.username in str(found)


def test_the_bell_shows_the_unread_count_on_every_page(client, investor):
    notify(recipient=investor, kind=NotificationKind.SYSTEM, title="one")
    notify(recipient=investor, kind=NotificationKind.SYSTEM, title="two")
    client.force_login(investor)
    page = client.get("/").content.decode()
    assert 'id="notification-count" data-count="2"' in page
    assert "js/realtime.js" in page


def test_the_notifications_page_marks_read_and_links_to_the_settings(client, investor):
    note = notify(
        recipient=investor, kind=NotificationKind.SYSTEM, title="Read me", link="/messages/"
    )
    client.force_login(investor)
    page = client.get("/notifications/").content.decode()
    assert "Read me" in page
    assert 'href="/settings/notifications/"' in page
    assert "<select" not in page
    opened = client.post(f"/notifications/{note.pk}/read/", {"open": "1"})
    assert opened.url == "/messages/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_notifications_page_no_longer_changes_preferences(client, investor):
    client.force_login(investor)
    response = client.post("/notifications/", {"notification_frequency": "daily"})
    assert response.status_code == 405
    investor.refresh_from_db()
    assert (investor.email_notifications, investor.notification_frequency) == (True, "instant")
    settings_page = client.get("/settings/notifications/")
    assert settings_page.status_code == 200


def test_someone_elses_notification_page_actions_are_404(client, investor, creator):
    note = notify(recipient=creator, kind=NotificationKind.SYSTEM, title="not yours")
    client.force_login(investor)
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{note.pk}/delete/").status_code == 404
    assert Notification.objects.filter(pk=note.pk, read_at=None).exists()


def test_pages_need_a_login(client):
    assert client.get("/messages/").status_code == 302
    assert client.get("/notifications/").status_code == 302
